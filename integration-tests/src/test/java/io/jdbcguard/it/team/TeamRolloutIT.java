package io.jdbcguard.it.team;

import static io.jdbcguard.it.Blocked.assertBlockedOnProduction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jdbcguard.GuardDriver;
import io.jdbcguard.GuardViolationException;
import io.jdbcguard.audit.AuditEvent;
import io.jdbcguard.audit.AuditEventType;
import io.jdbcguard.audit.AuditJson;
import io.jdbcguard.breakglass.BreakGlassGrants;
import io.jdbcguard.cli.GuardCli;
import io.jdbcguard.it.Database;
import io.jdbcguard.it.GuardSettings;
import io.jdbcguard.it.ShopFixture;
import io.jdbcguard.it.ShopState;
import io.jdbcguard.it.Target;
import io.jdbcguard.it.TestDatabases;
import io.jdbcguard.policy.PolicyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rolling jdbc-guard out to a team, on the real servers, from origin {@code developer} against production: audit
 * mode, the audit trail, time-boxed break-glass and read-only sessions. Every policy here is a file of the test's
 * own; the user's jdbc-guard folder ({@code jdbcguard.home}) is a temporary folder.
 */
class TeamRolloutIT {
    private static final String ENVIRONMENTS = "environments:\n  production:\n    hosts: [127.0.0.2]\n";

    @RegisterExtension
    final GuardSettings guard = new GuardSettings();

    @TempDir
    Path home;

    private Path trail;
    private String previousHome;

    @BeforeEach
    void ownFolder() {
        previousHome = System.setProperty("jdbcguard.home", home.toString());
        trail = home.resolve("audit.jsonl");
    }

    @AfterEach
    void restoreFolder() {
        if (previousHome == null) {
            System.clearProperty("jdbcguard.home");
        } else {
            System.setProperty("jdbcguard.home", previousHome);
        }
        System.clearProperty("jdbcguard.breakGlass");
    }

    private void policy(String text) throws Exception {
        Path file = Files.writeString(home.resolve("policy-" + System.nanoTime() + ".yml"),
                ENVIRONMENTS + "audit: {file: " + trail + "}\n" + text);
        System.setProperty(GuardSettings.POLICY_PROPERTY, file.toString());
    }

    /** Every line of the trail, each parsed as one JSON object (a line that is not fails the test). */
    private List<AuditEvent> events() throws Exception {
        assertThat(GuardDriver.state().auditTrails().forFile(trail).flush(Duration.ofSeconds(10))).isTrue();
        List<AuditEvent> events = new ArrayList<>();
        for (String line : Files.readAllLines(trail)) {
            events.add(AuditJson.fromLine(line));
        }
        return events;
    }

    private static void execute(Database database, String sql) throws SQLException {
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void auditModeLetsADeleteRunAndRecordsWouldBlockWithoutLiterals(Database database) throws Exception {
        policy("guards:\n  - {origin: developer, target: production, rules: [all], mode: audit}\n");
        ShopFixture.reset(database, Target.PRODUCTION);

        execute(database, "DELETE FROM orders WHERE 'topsecret' = 'topsecret'");

        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "orders")).isZero();
        AuditEvent event = events().get(0);
        assertThat(event.event()).isEqualTo(AuditEventType.WOULD_BLOCK);
        assertThat(Files.readString(trail)).contains("\"event\":\"would-block\"").doesNotContain("topsecret");
        assertThat(event.rules()).contains("always-true-where");
        assertThat(event.origin()).isEqualTo("developer");
        assertThat(event.originDecided()).contains("jdbcguard.origin");
        assertThat(event.targets()).contains("production");
        assertThat(event.targetDecided()).contains("127.0.0.2");
        assertThat(event.hosts()).contains("127.0.0.2:" + database.port());
        assertThat(event.databaseUser()).startsWith("app");
        assertThat(event.databaseProduct()).isIn("PostgreSQL", "MariaDB", "MySQL");
        assertThat(event.osUser()).isNotBlank();
        assertThat(event.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(event.shape()).isEqualTo("DELETE FROM orders WHERE ? = ?");
        assertThat(event.sha256()).hasSize(64);
        assertThat(event.time()).isBefore(Instant.now().plusSeconds(1));
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void enforceModeRecordsABlock(Database database) throws Exception {
        policy("");
        ShopFixture.reset(database, Target.PRODUCTION);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);

        assertBlockedOnProduction(() -> execute(database, "DELETE FROM orders"));

        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);
        assertThat(events()).singleElement().satisfies(event -> {
            assertThat(event.event()).isEqualTo(AuditEventType.BLOCK);
            assertThat(event.rules()).contains("delete-without-where");
        });
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aBreakGlassGrantLetsADropThroughAndBothAreRecorded(Database database) throws Exception {
        policy("");
        ShopFixture.reset(database, Target.PRODUCTION);

        int exit = GuardCli.run("break-glass", "--reason", "INC-123 restore orders", "--for", "30m", "--target",
                "production");
        execute(database, "DROP TABLE orders");

        assertThat(exit).isZero();
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION).tables()).doesNotContain("orders");
        List<AuditEvent> events = events();
        assertThat(events).extracting(AuditEvent::event)
                .containsExactly(AuditEventType.BREAK_GLASS_GRANT, AuditEventType.BREAK_GLASS);
        assertThat(events.get(1).breakGlassReason()).isEqualTo("INC-123 restore orders");
        assertThat(events.get(1).breakGlassExpires()).isAfter(Instant.now());
        assertThat(events.get(1).rules()).contains("drop");
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void anExpiredGrantDoesNotLetItThrough(Database database) throws Exception {
        policy("");
        ShopFixture.reset(database, Target.PRODUCTION);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        new BreakGlassGrants(home.resolve("break-glass")).give(PolicyReader.read(Path.of(System.getProperty(
                GuardSettings.POLICY_PROPERTY))), "INC-1 yesterday", Duration.ofMinutes(30), "production",
                Instant.now().minus(Duration.ofHours(2)));

        assertBlockedOnProduction(() -> execute(database, "DROP TABLE orders"));

        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aBreakGlassVariableWithoutExpiryIsRefusedAtConnect(Database database) throws Exception {
        policy("");
        System.setProperty("jdbcguard.breakGlass", "INC-9 cleaning up");

        SQLException refused = catchThrowableOfType(SQLException.class,
                () -> TestDatabases.guard(database, Target.PRODUCTION));

        assertThat(refused.getSQLState()).isEqualTo("42501");
        assertThat(refused.getMessage()).contains("until=");
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aReadOnlyGuardBlocksWritesRefusesReadWriteAndTheServerRefusesHiddenWrites(Database database)
            throws Exception {
        policy("guards:\n  - {origin: developer, target: production, rules: [all], read-only: true}\n");
        ShopFixture.reset(database, Target.PRODUCTION);
        createPurgeFunction(database);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);

        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            assertBlockedOnProduction(() -> statement.execute("INSERT INTO users (id, name) VALUES (9, 'x')"));
            assertBlockedOnProduction(() -> connection.setReadOnly(false));
            GuardViolationException hidden = assertBlockedOnProduction(
                    () -> statement.executeQuery("SELECT purge_orders()").close());
            assertThat(hidden.getRuleId()).isEqualTo("hidden-write");
            assertThat(((SQLException) hidden.getCause()).getSQLState()).as("the server's refusal").isEqualTo("25006");
            assertThat(statement.executeQuery("SELECT count(*) FROM users").next()).isTrue();
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);
    }

    /**
     * No text leaves the read-only session the guard made, however the setting's name is spelled: a name computed
     * in the query, or set inside a function, where the guard asks the server afterwards. A cursor opened after such
     * an attempt still runs read-only, so its writing function is refused by the server.
     */
    @ParameterizedTest
    @EnumSource(Database.class)
    void aReadOnlySessionCannotBeLeftByAComputedNameOrAFunction(Database database) throws Exception {
        policy("guards:\n  - {origin: developer, target: production, rules: [all], read-only: true}\n");
        ShopFixture.reset(database, Target.PRODUCTION);
        createPurgeFunction(database);
        boolean pg = database == Database.POSTGRESQL;
        try (Connection admin = DriverManager.getConnection(TestDatabases.rawUrl(database, Target.PRODUCTION),
                TestDatabases.ADMIN_USER, TestDatabases.ADMIN_USER);
                Statement statement = admin.createStatement()) {
            if (pg) {
                statement.execute("CREATE OR REPLACE FUNCTION public.leave_read_only() RETURNS text LANGUAGE sql AS"
                        + " $$ SELECT set_config('default_transaction_' || 'read' || '_only', 'off', false) $$");
            } else {
                statement.execute("DROP FUNCTION IF EXISTS shop.leave_read_only");
                statement.execute("CREATE DEFINER = 'app'@'%' FUNCTION shop.leave_read_only() RETURNS int NO SQL"
                        + " BEGIN SET SESSION tx_read_only = 0; RETURN 1; END");
            }
        }
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);

        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            if (pg) {
                assertThat(assertBlockedOnProduction(() -> statement.executeQuery("SELECT set_config("
                        + "'default_transaction_' || 'read' || '_only', 'off', false)").close()).getRuleId())
                        .isEqualTo("read-only");
            }
            assertThatThrownBy(() -> statement.executeQuery("SELECT leave_read_only()").close())
                    .isInstanceOf(SQLException.class);
            try (ResultSet mode = statement.executeQuery(pg ? "SHOW default_transaction_read_only"
                    : "SHOW SESSION VARIABLES LIKE 'tx_read_only'")) {
                mode.next();
                assertThat(mode.getString(pg ? 1 : 2)).isEqualToIgnoringCase("on");
            }
            if (pg) {
                connection.setAutoCommit(false);
                statement.execute("DECLARE purging CURSOR FOR SELECT purge_orders()");
                assertThatThrownBy(() -> statement.execute("FETCH ALL FROM purging"))
                        .isInstanceOf(SQLException.class);
                connection.rollback();
            }
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);
    }

    private static void createPurgeFunction(Database database) throws SQLException {
        try (Connection admin = DriverManager.getConnection(TestDatabases.rawUrl(database, Target.PRODUCTION),
                TestDatabases.ADMIN_USER, TestDatabases.ADMIN_USER);
                Statement statement = admin.createStatement()) {
            if (database == Database.POSTGRESQL) {
                statement.execute("CREATE OR REPLACE FUNCTION public.purge_orders() RETURNS int LANGUAGE sql AS"
                        + " $$ DELETE FROM public.orders; SELECT 1 $$");
                statement.execute("ALTER FUNCTION public.purge_orders() OWNER TO app");
            } else {
                statement.execute("DROP FUNCTION IF EXISTS shop.purge_orders");
                statement.execute("CREATE DEFINER = 'app'@'%' FUNCTION shop.purge_orders() RETURNS int"
                        + " MODIFIES SQL DATA BEGIN DELETE FROM shop.orders; RETURN 1; END");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void theTrailStaysValidJsonLinesUnderEightThreads(Database database) throws Exception {
        policy("");
        ShopFixture.reset(database, Target.PRODUCTION);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            done.add(threads.submit(() -> {
                try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                        Statement statement = connection.createStatement()) {
                    for (int i = 0; i < 25; i++) {
                        int n = i;
                        assertBlockedOnProduction(() -> statement.execute("DELETE FROM orders WHERE " + n + " = "
                                + n));
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        threads.shutdown();

        assertThat(events()).hasSize(200).allSatisfy(event -> assertThat(event.event())
                .isEqualTo(AuditEventType.BLOCK));
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "orders")).isEqualTo(ShopFixture.ORDERS);
    }
}
