package io.jdbcguard.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jdbcguard.DriverState;
import io.jdbcguard.enforce.StubServer;
import io.jdbcguard.origin.Origin;
import io.jdbcguard.origin.OriginResolver;
import io.jdbcguard.policy.Policy;
import io.jdbcguard.policy.PolicyLoader;
import io.jdbcguard.policy.PolicyReader;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
import io.jdbcguard.targets.ServerFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Decisions} on a scripted PostgreSQL connection ({@link StubServer}): which origin/target pairs are guarded,
 * when the server is asked (marker, fingerprint, settings: one query), what a server that cannot be asked leaves, the
 * session made read-only on a read-only pair, and the connection closed when deciding fails. The real servers'
 * markers and fingerprints are {@code TargetDetectionIT}'s.
 */
class DecisionsTest {
    /** The text of the one query that asks the server its marker, fingerprint, settings and instance. */
    private static final String FACTS = "pg_db_role_setting";
    private static final String PRODUCTION_HOST = "127.0.0.2:5432";
    private static final String FINGERPRINT = "7300000000000000001";

    @TempDir
    Path folder;

    /** The drivers' states the test made, whose audit trails write into {@link #folder}. */
    private final List<DriverState> states = new ArrayList<>();

    private final StubServer server = new StubServer();
    private final Connection raw = server.connection();

    private Policy policy(String extra) throws Exception {
        return PolicyReader.read(Files.writeString(folder.resolve("policy.yml"), """
                environments:
                  production:
                    hosts: [127.0.0.2]
                    fingerprints: ["%s"]
                audit:
                  file: %s
                """.formatted(FINGERPRINT, folder.resolve("audit.jsonl")) + extra));
    }

    /** The decisions of a driver whose policy files are none, or those {@code policies} reads. */
    private Decisions decisions(Function<String, String> properties) {
        Path none = Path.of("/nonexistent/jdbc-guard/policy.yml");
        return decisions(new PolicyLoader(k -> null, k -> null, none, none), properties);
    }

    private Decisions decisions(PolicyLoader policies, Function<String, String> properties) {
        DriverState state = new DriverState(policies);
        states.add(state);
        return new Decisions(state, new OriginResolver(k -> null, k -> null, "laptop"), properties, k -> null);
    }

    /** A loader of the one file named by the system property, as {@code -Djdbcguard.policy=...} names it. */
    private PolicyLoader named(Path file) {
        return new PolicyLoader(Map.of(PolicyLoader.POLICY_PROPERTY, file.toString())::get, k -> null,
                folder.resolve("none.yml"), folder.resolve("none.yml"));
    }

    /** The trail's writer thread writes into the test's folder: it must be done before the folder is deleted. */
    @AfterEach
    void writeTheTrailBeforeTheFolderGoes() {
        for (DriverState state : states) {
            assertThat(state.auditTrails().flush(Duration.ofSeconds(10))).isTrue();
        }
    }

    private static ConnectPlan plan(Policy policy, String origin, String... hosts) {
        return new ConnectPlan(policy, new Origin(origin, "test"), "jdbc:guard:postgresql://h/shop",
                "jdbc:postgresql://h/shop", Dialect.POSTGRESQL, null, List.of(hosts));
    }

    /** The server answers the facts query: its marker (or null) and fingerprint. */
    private void serverSays(String marker, String fingerprint) {
        server.answer(FACTS, (sql, parameters) -> List.<Object[]>of(new Object[] {marker, fingerprint, "on",
                fingerprint + ":2026-12-01:shop", "app:\"$user\", public"}));
    }

    private static ServerFacts facts(String marker, String fingerprint) {
        return new ServerFacts(marker, fingerprint, SessionSettings.defaults(Dialect.POSTGRESQL), List.of());
    }

    @Test
    void anOriginNoGuardCoversGetsTheVendorsConnectionWithoutAskingTheServer() throws Exception {
        Connection connection = decisions(k -> null).guard(raw, plan(policy(""), "ci", PRODUCTION_HOST));

        assertThat(connection).isSameAs(raw);
        assertThat(server.calls).isEmpty();
    }

    @Test
    void aGuardedOriginInAutoCommitModeIsWrappedAndTheServerIsAskedOnlyWhenAStatementNeedsIt() throws Exception {
        Connection connection = decisions(k -> null).guard(raw, plan(policy(""), "developer", PRODUCTION_HOST));

        assertThat(connection).isNotSameAs(raw);
        assertThat(server.calls).isEmpty();

        serverSays(null, "1");
        server.answer("SELECT 1", (sql, parameters) -> List.<Object[]>of(new Object[] {1}));
        try (var statement = connection.createStatement()) {
            statement.executeQuery("SELECT 1").close();
            assertThat(server.sent("")).as("a read no pair objects to runs undecided")
                    .containsExactly("query: SELECT 1");

            Throwable refused = catchThrowable(() -> statement.executeUpdate("DELETE FROM accounts"));

            assertThat(((SQLException) refused).getSQLState()).isEqualTo("42501");
        }
        assertThat(server.sent("")).as("a DELETE decides the pair first, and is refused unsent")
                .containsExactly("query: SELECT 1", server.sent(FACTS).get(0));
    }

    @Test
    void aConnectionInATransactionIsDecidedAtOnceWithOneQuery() throws Exception {
        server.autoCommit = false;
        serverSays(null, "1");

        Connection production = decisions(k -> null).guard(raw, plan(policy(""), "developer", PRODUCTION_HOST));

        assertThat(production).isNotSameAs(raw);
        assertThat(server.sent(FACTS)).hasSize(1);
        assertThat(server.calls).containsExactlyElementsOf(server.sent(FACTS));
    }

    @Test
    void aTargetNothingTagsIsTheVendorsConnectionOnceTheServerHasSaidSo() throws Exception {
        server.autoCommit = false;
        serverSays(null, "1");

        Connection connection = decisions(k -> null).guard(raw, plan(policy(""), "developer", "10.9.9.9:5432"));

        assertThat(connection).isSameAs(raw);
        assertThat(server.sent(FACTS)).hasSize(1);
        assertThat(server.calls).doesNotContain("close");
    }

    @Test
    void theServersMarkerGuardsAHostThePolicyDoesNotName() throws Exception {
        server.autoCommit = false;
        serverSays("production", "1");

        Connection connection = decisions(k -> null).guard(raw, plan(policy(""), "developer", "10.9.9.9:5432"));

        assertThat(connection).isNotSameAs(raw);
        PairDecision decision = decisions(k -> null).decide(plan(policy(""), "developer", "10.9.9.9:5432"),
                facts("production", "1"));
        assertThat(decision.guarded()).isTrue();
        assertThat(decision.target().environments()).containsExactly("production");
        assertThat(decision.target().reasons()).anyMatch(reason -> reason.contains("the server's marker says"
                + " production"));
        assertThat(decision.guards().maxRows()).hasValue(1000);
    }

    @Test
    void aFingerprintThePolicyListsGuardsAHostThePolicyDoesNotName() throws Exception {
        PairDecision decision = decisions(k -> null).decide(plan(policy(""), "developer", "10.9.9.9:5432"),
                facts(null, FINGERPRINT));

        assertThat(decision.guarded()).isTrue();
        assertThat(decision.target().reasons()).anyMatch(reason -> reason.contains("fingerprint " + FINGERPRINT));
        assertThat(decisions(k -> null).decide(plan(policy(""), "developer", "10.9.9.9:5432"), facts(null, "2"))
                .guarded()).isFalse();
    }

    @Test
    void aServerThatCannotBeAskedLeavesAProductionHostGuardedAndAnUnreadableUrlIsProduction() throws Exception {
        server.autoCommit = false;
        server.fail(FACTS, "42501");

        Connection connection = decisions(k -> null).guard(raw, plan(policy(""), "developer", PRODUCTION_HOST));
        assertThat(connection).as("tagged by its URL alone").isNotSameAs(raw);
        assertThat(server.calls).doesNotContain("close");

        ServerFacts unread = ServerFacts.read(raw, Dialect.POSTGRESQL, PRODUCTION_HOST, new ServerFacts.Warnings());
        assertThat(unread.marker()).isNull();
        assertThat(unread.settings().known()).as("texts are read as in a session of unknown settings").isFalse();
        PairDecision decision = decisions(k -> null).decide(plan(policy(""), "developer", PRODUCTION_HOST), unread);
        assertThat(decision.guarded()).isTrue();
        assertThat(decision.target().reasons()).anyMatch(reason -> reason.contains("could not read"));

        PairDecision unreadable = decisions(k -> null).decide(plan(policy(""), "developer"), unread);
        assertThat(unreadable.guarded()).isTrue();
        assertThat(unreadable.target().environments()).containsExactly("production");
    }

    @Test
    void aReadOnlyPairMakesTheSessionReadOnlyOnTheServer() throws Exception {
        server.autoCommit = false;
        serverSays(null, "1");
        Policy readOnly = policy("""
                guards:
                  - origin: developer
                    target: production
                    rules: all
                    read-only: true
                """);

        decisions(k -> null).guard(raw, plan(readOnly, "developer", PRODUCTION_HOST));

        assertThat(server.sent("")).containsExactly(server.sent(FACTS).get(0),
                "execute: SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
    }

    @Test
    void aRefusedBreakGlassRequestFailsTheConnectAndClosesTheVendorsConnection() throws Exception {
        serverSays(null, "1");
        Decisions breakingGlass = decisions(Map.of("jdbcguard.breakGlass", "INC-1 restore; until=2099-01-01T00:00Z")
                ::get);

        Throwable thrown = catchThrowable(() -> breakingGlass.guard(raw, plan(policy("break-glass: false\n"),
                "developer", PRODUCTION_HOST)));

        assertThat(thrown).isInstanceOf(SQLException.class);
        assertThat(((SQLException) thrown).getSQLState()).isEqualTo("42501");
        assertThat(thrown.getMessage()).containsIgnoringCase("break-glass");
        assertThat(server.sent(FACTS)).as("decided at once, even in auto-commit mode").hasSize(1);
        assertThat(server.calls).endsWith("close");
    }

    @Test
    void aPlanFromAGuardUrlNamesTheVendorDriverTheDialectAndTheHostsAndConnectsNothing() throws Exception {
        Path file = Files.writeString(folder.resolve("named.yml"), "environments:\n  production:\n"
                + "    hosts: [127.0.0.2]\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Decisions named = decisions(named(file), k -> null);

        ConnectPlan plan = named.plan("jdbc:guard:postgresql://127.0.0.2:5432/shop", new Properties());

        assertThat(plan.vendorUrl()).isEqualTo("jdbc:postgresql://127.0.0.2:5432/shop");
        assertThat(plan.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(plan.vendor().getClass().getName()).isEqualTo("org.postgresql.Driver");
        assertThat(plan.hosts()).containsExactly(PRODUCTION_HOST);
        assertThat(plan.origin().name()).isEqualTo("developer");
        assertThat(plan.mayGuard()).isTrue();
    }

    @Test
    void anInvalidPolicyFileFailsThePlanWithF0000NamingTheFile() throws Exception {
        Path file = Files.writeString(folder.resolve("broken.yml"), "guards: [{origin: developer}]\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Decisions broken = decisions(named(file), k -> null);

        Throwable thrown = catchThrowable(() -> broken.plan("jdbc:guard:postgresql://127.0.0.2:5432/shop",
                new Properties()));

        assertThat(((SQLException) thrown).getSQLState()).isEqualTo("F0000");
        assertThat(thrown.getMessage()).contains("broken.yml");
    }

    @Test
    void aWrappedDataSourcesConnectionIsPlannedFromItsOwnUrl() throws Exception {
        server.url = "jdbc:postgresql://127.0.0.2:5432/shop";

        ConnectPlan plan = decisions(k -> null).plan(raw);

        assertThat(plan.guardUrl()).isEqualTo("jdbc:guard:postgresql://127.0.0.2:5432/shop");
        assertThat(plan.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(plan.vendor()).isNull();
        assertThat(plan.hosts()).containsExactly(PRODUCTION_HOST);
    }
}
