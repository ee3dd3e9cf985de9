package io.jdbcguard.it.effects;

import static io.jdbcguard.it.Blocked.assertBlockedOnProduction;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.GuardDriver;
import io.jdbcguard.GuardViolationException;
import io.jdbcguard.it.Database;
import io.jdbcguard.it.GuardSettings;
import io.jdbcguard.it.Target;
import io.jdbcguard.it.TestDatabases;
import io.jdbcguard.audit.AuditEvent;
import io.jdbcguard.audit.AuditEventType;
import io.jdbcguard.audit.AuditJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The effect of a statement is what the server changed, on the real servers, from origin {@code developer} against
 * production (built-in guard, max-rows 1000): rows changed through subqueries, joins, MERGE and CTEs, by foreign-key
 * cascades and by triggers that already exist, by {@code EXECUTE} of a session's prepared statement and by batches of
 * single-row changes are counted per table, and what is over the ceiling or empties a table is refused with the data
 * intact (read back through a raw connection). Changes that state their rows pass; from {@code ci} every case applies.
 */
class EffectsIT {
    private static final int EVENTS = 5000;
    private static final int CHILDREN = 1500;
    private static final int TAGS = 30;
    private static final int ORDERS = 200;
    /** The one case the first layer refuses ({@code opaque}: the guard cannot read a variable's text). */
    private static final String FROM_A_VARIABLE = "PREPARE from a variable";
    /**
     * A trigger created through the guard, then set off (DDL: it commits a caller's transaction on MariaDB): the first
     * layer refuses it ({@code armed-code}: its body, or on PostgreSQL its function's, is not pinned to the row).
     */
    private static final String TRIGGER_THROUGH_THE_GUARD = "trigger created through the guard, then set off";

    @RegisterExtension
    final GuardSettings guard = new GuardSettings();

    @TempDir
    Path home;

    /** One way to a destructive effect: what it runs on a guarded connection. */
    @FunctionalInterface
    interface Attack {
        void run(Connection connection) throws SQLException;
    }

    /**
     * fx_users 20 (all active), fx_orders 200 (10 per user), fx_events 5000 clicks, fx_purge_stats 1, fx_archive 0,
     * fx_parents 3 with fx_children 1500 under parent 1 and 5 under parent 2 (ON DELETE CASCADE), fx_tags 30,
     * fx_audit (a trigger deletes every other event), fx_notes (a trigger deletes every tag), fx_qrtz_triggers 3 rows
     * in one group.
     */
    static void reset(Database database) throws SQLException {
        boolean pg = database == Database.POSTGRESQL;
        try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION);
                Statement statement = raw.createStatement()) {
            if (pg) {
                statement.execute("DROP TABLE IF EXISTS fx_parted");
                statement.execute("CREATE TABLE fx_parted (id int not null, v int not null) PARTITION BY RANGE (id)");
                statement.execute("CREATE TABLE fx_parted_low PARTITION OF fx_parted FOR VALUES FROM (0) TO (1000)");
                statement.execute("CREATE TABLE fx_parted_high PARTITION OF fx_parted FOR VALUES FROM (1000) TO (5000)");
                statement.execute("INSERT INTO fx_parted SELECT g, 1 FROM generate_series(1, 2000) g");
            }
            for (String table : List.of("fx_children", "fx_parents", "fx_users", "fx_orders", "fx_events",
                    "fx_purge_stats", "fx_archive", "fx_tags", "fx_audit", "fx_notes", "fx_qrtz_triggers")) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
            String series = pg ? "generate_series(1, %d) s(seq)" : "seq_1_to_%d";
            statement.execute("CREATE TABLE fx_users (id int primary key, name varchar(40), active boolean not null)");
            statement.execute("INSERT INTO fx_users SELECT seq, 'u', true FROM " + series.formatted(20));
            statement.execute("CREATE TABLE fx_orders (id int primary key, user_id int not null, total int)");
            statement.execute("INSERT INTO fx_orders SELECT seq, MOD(seq, 20) + 1, 100 FROM "
                    + series.formatted(ORDERS));
            statement.execute("CREATE TABLE fx_events (id int primary key, kind varchar(10) not null)");
            statement.execute("INSERT INTO fx_events SELECT seq, 'click' FROM " + series.formatted(EVENTS));
            statement.execute("CREATE TABLE fx_purge_stats (id int primary key, purged int not null)");
            statement.execute("INSERT INTO fx_purge_stats VALUES (1, 0)");
            statement.execute("CREATE TABLE fx_archive (id int)");
            statement.execute("CREATE TABLE fx_parents (id int primary key, name varchar(20))");
            statement.execute("INSERT INTO fx_parents VALUES (1, 'p1'), (2, 'p2'), (3, 'p3')");
            statement.execute("CREATE TABLE fx_children (id int primary key, parent_id int not null,"
                    + " FOREIGN KEY (parent_id) REFERENCES fx_parents (id) ON DELETE CASCADE)");
            statement.execute("INSERT INTO fx_children SELECT seq, CASE WHEN seq <= " + CHILDREN + " THEN 1 ELSE 2 END"
                    + " FROM " + series.formatted(CHILDREN + 5));
            statement.execute("CREATE TABLE fx_tags (id int primary key, name varchar(20))");
            statement.execute("INSERT INTO fx_tags SELECT seq, 't' FROM " + series.formatted(TAGS));
            statement.execute("CREATE TABLE fx_audit (id int primary key, note varchar(20))");
            statement.execute("CREATE TABLE fx_notes (id int primary key, body varchar(20))");
            statement.execute("CREATE TABLE fx_qrtz_triggers (sched_name varchar(20) not null, trigger_name"
                    + " varchar(20) not null, trigger_group varchar(20) not null, trigger_state varchar(20) not null,"
                    + " primary key (sched_name, trigger_name, trigger_group))");
            statement.execute("INSERT INTO fx_qrtz_triggers VALUES ('S', 'a', 'G', 'WAITING'), ('S', 'b', 'G',"
                    + " 'WAITING'), ('S', 'c', 'G', 'WAITING')");
            if (pg) {
                statement.execute("CREATE OR REPLACE FUNCTION fx_wipe_events() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN DELETE FROM fx_events WHERE id <> NEW.id; RETURN NEW; END $$");
                statement.execute("CREATE TRIGGER fx_audit_wipe AFTER INSERT ON fx_audit FOR EACH ROW"
                        + " EXECUTE FUNCTION fx_wipe_events()");
                statement.execute("CREATE OR REPLACE FUNCTION fx_wipe_tags() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN DELETE FROM fx_tags WHERE id > 0; RETURN NEW; END $$");
                statement.execute("CREATE TRIGGER fx_notes_wipe AFTER INSERT ON fx_notes FOR EACH ROW"
                        + " EXECUTE FUNCTION fx_wipe_tags()");
            } else {
                statement.execute("CREATE TRIGGER fx_audit_wipe AFTER INSERT ON fx_audit FOR EACH ROW"
                        + " DELETE FROM fx_events WHERE id <> NEW.id");
                statement.execute("CREATE TRIGGER fx_notes_wipe AFTER INSERT ON fx_notes FOR EACH ROW"
                        + " DELETE FROM fx_tags WHERE id > 0");
            }
        }
    }

    /** Every table's rows and a sum of values, read through a raw connection. */
    static String state(Database database) throws SQLException {
        try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION);
                Statement statement = raw.createStatement();
                ResultSet row = statement.executeQuery("SELECT (SELECT count(*) FROM fx_users),"
                        + " (SELECT count(*) FROM fx_orders), (SELECT sum(total) FROM fx_orders),"
                        + " (SELECT count(*) FROM fx_events), (SELECT count(*) FROM fx_events WHERE kind = 'click'),"
                        + " (SELECT purged FROM fx_purge_stats), (SELECT count(*) FROM fx_archive),"
                        + " (SELECT count(*) FROM fx_parents), (SELECT count(*) FROM fx_children),"
                        + " (SELECT count(*) FROM fx_tags), (SELECT count(*) FROM fx_audit),"
                        + " (SELECT count(*) FROM fx_notes),"
                        + " (SELECT count(*) FROM fx_qrtz_triggers WHERE trigger_state = 'WAITING')"
                        + (database == Database.POSTGRESQL ? ", (SELECT sum(v) FROM fx_parted)" : ""))) {
            row.next();
            StringBuilder state = new StringBuilder();
            for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
                state.append(row.getString(i)).append(' ');
            }
            return state.toString();
        }
    }

    private static Attack text(String sql) {
        return connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        };
    }

    private static Attack texts(String... sqls) {
        return connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String sql : sqls) {
                    statement.execute(sql);
                }
            }
        };
    }

    private static Attack preparedBatch(String sql, int rows) {
        return connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int id = 1; id <= rows; id++) {
                    statement.setInt(1, id);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        };
    }

    private static Attack textBatch(String sql, int rows) {
        return connection -> {
            try (Statement statement = connection.createStatement()) {
                for (int id = 1; id <= rows; id++) {
                    statement.addBatch(sql + id);
                }
                statement.executeBatch();
            }
        };
    }

    /** The ways to a destructive effect the first layer cannot see, in this dialect. */
    static Map<String, Attack> attacks(Database database) {
        Map<String, Attack> attacks = new LinkedHashMap<>();
        boolean pg = database == Database.POSTGRESQL;
        attacks.put("subquery scope", text("DELETE FROM fx_orders WHERE user_id IN (SELECT id FROM fx_users"
                + " WHERE active)"));
        attacks.put("join scope", text(pg
                ? "UPDATE fx_orders o SET total = 0 FROM fx_users u WHERE o.user_id = u.id AND u.active"
                : "UPDATE fx_orders o JOIN fx_users u ON o.user_id = u.id SET o.total = 0 WHERE u.active = 1"));
        attacks.put("cascade of a key delete", text("DELETE FROM fx_parents WHERE id = 1"));
        attacks.put("trigger over the ceiling", text("INSERT INTO fx_audit (id, note) VALUES (1, 'x')"));
        attacks.put("trigger emptying a table", text("INSERT INTO fx_notes (id, body) VALUES (1, 'x')"));
        attacks.put(TRIGGER_THROUGH_THE_GUARD, pg
                ? texts("CREATE OR REPLACE FUNCTION fx_wipe_events_too() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN DELETE FROM fx_events WHERE id <> NEW.id; RETURN NEW; END $$",
                        "CREATE TRIGGER fx_orders_wipe AFTER INSERT ON fx_orders FOR EACH ROW"
                        + " EXECUTE FUNCTION fx_wipe_events_too()",
                        "INSERT INTO fx_orders (id, user_id, total) VALUES (9999, 1, 1)")
                : texts("CREATE TRIGGER fx_orders_wipe AFTER INSERT ON fx_orders FOR EACH ROW"
                        + " DELETE FROM fx_events WHERE id <> NEW.id",
                        "INSERT INTO fx_orders (id, user_id, total) VALUES (9999, 1, 1)"));
        attacks.put("prepared EXECUTE over the ceiling", pg
                ? texts("PREPARE fx_purge AS DELETE FROM fx_events WHERE id > 0", "EXECUTE fx_purge")
                : texts("PREPARE fx_purge FROM 'DELETE FROM fx_events WHERE id > 0'", "EXECUTE fx_purge"));
        attacks.put("prepared EXECUTE emptying a table", pg
                ? texts("PREPARE fx_tags AS DELETE FROM fx_tags WHERE id > 0", "EXECUTE fx_tags")
                : texts("PREPARE fx_tags FROM 'DELETE FROM fx_tags WHERE id > 0'", "EXECUTE fx_tags"));
        attacks.put("batch of key deletes over the ceiling", preparedBatch("DELETE FROM fx_events WHERE id = ?",
                1200));
        attacks.put("batch of key deletes emptying a table", preparedBatch("DELETE FROM fx_tags WHERE id = ?",
                TAGS));
        attacks.put("batch of texts emptying a table", textBatch("DELETE FROM fx_tags WHERE id = ", TAGS));
        if (pg) {
            attacks.put("partitioned table over the ceiling", text("UPDATE fx_parted SET v = 0 WHERE v > 0"));
            attacks.put("MERGE with a restricted source", text("MERGE INTO fx_orders o USING (SELECT id FROM fx_users"
                    + " WHERE active) u ON o.user_id = u.id WHEN MATCHED THEN UPDATE SET total = 0"));
            attacks.put("CTE moving every row", text("WITH moved AS (DELETE FROM fx_orders WHERE user_id > 0"
                    + " RETURNING id) INSERT INTO fx_archive SELECT id FROM moved"));
            attacks.put("CTE deleting behind a one-row update", text("WITH d AS (DELETE FROM fx_events"
                    + " WHERE kind = 'click' RETURNING 1) UPDATE fx_purge_stats SET purged = purged"
                    + " + (SELECT count(*) FROM d) WHERE id = 1"));
        } else {
            attacks.put("REPLACE cascading", text("REPLACE INTO fx_parents (id, name) VALUES (1, 'p1')"));
            attacks.put(FROM_A_VARIABLE, texts("SET @fx_sql = 'DELETE FROM fx_events WHERE id > 0'",
                    "PREPARE fx_dyn FROM @fx_sql", "EXECUTE fx_dyn"));
        }
        return attacks;
    }

    /** Asserts that an attack is refused on production (by the row ceiling, unless the first layer already is). */
    private static void refused(String name, Attack attack, Connection connection) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> attack.run(connection));
        assertThat(thrown).as(name).isInstanceOf(GuardViolationException.class);
        GuardViolationException block = assertBlockedOnProduction(() -> {
            throw thrown;
        });
        assertThat(block.getRuleId()).as(name).isEqualTo(name.equals(FROM_A_VARIABLE) ? "opaque"
                : name.equals(TRIGGER_THROUGH_THE_GUARD) ? "armed-code" : "row-limit");
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void everyWayToADestructiveEffectIsRefusedWithTheDataIntact(Database database) throws SQLException {
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, Attack> attack : attacks(database).entrySet()) {
            reset(database);
            String before = state(database);
            try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION)) {
                refused(attack.getKey(), attack.getValue(), connection);
                refused.add(attack.getKey());
            }
            assertThat(state(database)).as(attack.getKey()).isEqualTo(before);
        }
        assertThat(refused).containsExactlyElementsOf(attacks(database).keySet());
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void theSameStatementsInsideACallersTransactionAreRefusedAndTheTransactionGoesOn(Database database)
            throws SQLException {
        for (Map.Entry<String, Attack> attack : attacks(database).entrySet()) {
            if (database.isMysql() && attack.getKey().equals(TRIGGER_THROUGH_THE_GUARD)) {
                continue;
            }
            reset(database);
            String before = state(database);
            try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                    Statement statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                statement.executeUpdate("UPDATE fx_purge_stats SET purged = 7 WHERE id = 1");
                refused(attack.getKey(), attack.getValue(), connection);
                statement.executeUpdate("UPDATE fx_users SET name = 'x' WHERE id = 1");
                connection.rollback();
            }
            assertThat(state(database)).as(attack.getKey()).isEqualTo(before);
        }
    }

    /**
     * A transaction the caller began by statement ({@code BEGIN}, {@code START TRANSACTION}) while JDBC is in
     * auto-commit mode, as a developer does in an IDE's console to look before committing: a measured change, a
     * refused one and a read that may hide a write stay inside it (the guard neither commits nor rolls back the
     * caller's transaction), and the caller's {@code ROLLBACK} undoes every change.
     */
    @ParameterizedTest
    @EnumSource(Database.class)
    void aTransactionBegunByStatementStaysTheCallers(Database database) throws SQLException {
        reset(database);
        String before = state(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.execute(database == Database.POSTGRESQL ? "BEGIN" : "START TRANSACTION");
            statement.executeUpdate("UPDATE fx_purge_stats SET purged = 7 WHERE id = 1");
            assertThat(statement.executeUpdate("UPDATE fx_orders SET total = 1 WHERE user_id = 3")).isEqualTo(10);
            assertThat(statement.execute("UPDATE fx_qrtz_triggers SET trigger_state = 'PAUSED'"
                    + " WHERE sched_name = 'S' AND trigger_group = 'G'")).isFalse();
            assertBlockedOnProduction(() -> statement.executeUpdate("DELETE FROM fx_events WHERE kind = 'click'"));
            try (PreparedStatement update = connection.prepareStatement("DELETE FROM fx_orders WHERE id = ?")) {
                for (int id = 1; id <= 3; id++) {
                    update.setInt(1, id);
                    update.addBatch();
                }
                assertThat(update.executeBatch()).hasSize(3);
            }
            assertThat(statement.executeUpdate("DELETE FROM fx_tags WHERE id < 3")).isEqualTo(2);
            statement.execute("ROLLBACK");
        }
        assertThat(state(database)).isEqualTo(before);
    }

    /**
     * A batch refused before it is sent (a cascade MariaDB does not count) leaves no batch behind: a second
     * {@code executeBatch()} sends nothing, for a statement's batch of texts and a prepared statement's batch alike.
     */
    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"MARIADB", "MARIADB_CONNECTOR_J"})
    void aBatchRefusedBeforeItIsSentIsNotSentByASecondExecuteBatch(Database database) throws SQLException {
        reset(database);
        String before = state(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM fx_parents WHERE id = ?")) {
            statement.addBatch("DELETE FROM fx_parents WHERE id = 1");
            statement.addBatch("DELETE FROM fx_parents WHERE id = 2");
            assertBlockedOnProduction(statement::executeBatch);
            assertThat(statement.executeBatch()).isEmpty();

            for (int id = 1; id <= 2; id++) {
                delete.setInt(1, id);
                delete.addBatch();
            }
            assertBlockedOnProduction(delete::executeBatch);
            assertThat(delete.executeBatch()).isEmpty();
        }
        assertThat(state(database)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void fromCiEveryCaseApplies(Database database) throws SQLException {
        guard.origin(GuardSettings.CI);
        for (Map.Entry<String, Attack> attack : attacks(database).entrySet()) {
            reset(database);
            String before = state(database);
            try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION)) {
                attack.getValue().run(connection);
            }
            assertThat(state(database)).as(attack.getKey()).isNotEqualTo(before);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void changesThatStateTheirRowsPass(Database database) throws SQLException {
        reset(database);
        boolean pg = database == Database.POSTGRESQL;
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("UPDATE fx_qrtz_triggers SET trigger_state = 'PAUSED'"
                    + " WHERE sched_name = 'S' AND trigger_group = 'G'")).isEqualTo(3);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE fx_events SET kind = ? WHERE id = ?")) {
                for (int id = 1; id <= 3; id++) {
                    update.setString(1, "view");
                    update.setInt(2, id);
                    update.addBatch();
                }
                assertThat(update.executeBatch()).hasSize(3);
            }
            statement.execute(pg ? "PREPARE fx_one AS DELETE FROM fx_events WHERE id = 7"
                    : "PREPARE fx_one FROM 'DELETE FROM fx_events WHERE id = 7'");
            statement.execute("EXECUTE fx_one");
            assertThat(statement.executeUpdate("DELETE FROM fx_orders WHERE user_id = 3")).isEqualTo(10);
            assertThat(statement.executeUpdate("UPDATE fx_parents SET name = 'q' WHERE id = 1")).isEqualTo(1);
            if (pg) {
                assertThat(statement.executeUpdate("DELETE FROM fx_parents WHERE id = 3")).isEqualTo(1);
                assertThat(statement.executeUpdate("DELETE FROM fx_parents WHERE id = 2")).isEqualTo(1);
            } else {
                GuardViolationException block = assertBlockedOnProduction(
                        () -> statement.executeUpdate("DELETE FROM fx_parents WHERE id = 3"));
                assertThat(block.getMessage()).contains("cascades", "fx_parents");
            }
        }
        try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION);
                Statement statement = raw.createStatement();
                ResultSet row = statement.executeQuery("SELECT (SELECT count(*) FROM fx_qrtz_triggers WHERE"
                        + " trigger_state = 'PAUSED'), (SELECT count(*) FROM fx_events WHERE kind = 'view'),"
                        + " (SELECT count(*) FROM fx_events), (SELECT count(*) FROM fx_orders),"
                        + " (SELECT count(*) FROM fx_children)")) {
            row.next();
            assertThat(row.getInt(1)).isEqualTo(3);
            assertThat(row.getInt(2)).isEqualTo(3);
            assertThat(row.getInt(3)).isEqualTo(EVENTS - 1);
            assertThat(row.getInt(4)).isEqualTo(ORDERS - 10);
            assertThat(row.getInt(5)).isEqualTo(pg ? CHILDREN : CHILDREN + 5);
        }
    }

    /**
     * The same name, another table: {@code fx_events} in schema (database) {@code fx_other} has no key, every row with
     * id 1. After the session switches to it (by a statement or through JDBC), the name is looked up again, so the
     * facts learned for {@code shop}'s {@code fx_events} (id is its primary key) never prove a change of the other.
     */
    @ParameterizedTest
    @EnumSource(Database.class)
    void aNameResolvedElsewhereAfterASessionSwitchIsLookedUpAgain(Database database) throws SQLException {
        reset(database);
        boolean pg = database == Database.POSTGRESQL;
        try (Connection admin = TestDatabases.admin(database); Statement statement = admin.createStatement()) {
            if (pg) {
                statement.execute("DROP SCHEMA IF EXISTS fx_other CASCADE");
                statement.execute("CREATE SCHEMA fx_other AUTHORIZATION app");
                statement.execute("CREATE TABLE fx_other.fx_events (id int not null, kind varchar(10))");
                statement.execute("INSERT INTO fx_other.fx_events SELECT 1, 'click' FROM generate_series(1, "
                        + EVENTS + ")");
                statement.execute("ALTER TABLE fx_other.fx_events OWNER TO app");
            } else {
                statement.execute("DROP DATABASE IF EXISTS fx_other");
                statement.execute("CREATE DATABASE fx_other");
                statement.execute("GRANT ALL PRIVILEGES ON fx_other.* TO 'app'@'%'");
                statement.execute("CREATE TABLE fx_other.fx_events (id int not null, kind varchar(10))");
                statement.execute("INSERT INTO fx_other.fx_events SELECT 1, 'click' FROM seq_1_to_" + EVENTS);
            }
        }
        // Connector/J switches the database by setCatalog or setSchema, depending on its databaseTerm.
        List<Attack> switches = List.of(text(pg ? "SET search_path = fx_other" : "USE fx_other"),
                connection -> {
                    if (pg) {
                        connection.setSchema("fx_other");
                    } else {
                        connection.setCatalog("fx_other");
                        connection.setSchema("fx_other");
                    }
                });
        for (Attack moveTo : switches) {
            try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION)) {
                try (Statement statement = connection.createStatement()) {
                    assertThat(statement.executeUpdate("UPDATE fx_events SET kind = 'click' WHERE id = 1"))
                            .isEqualTo(1);
                }
                moveTo.run(connection);
                // A new statement: Connector/J runs a statement in the database it was created in.
                try (Statement statement = connection.createStatement()) {
                    String sql = "UPDATE fx_events SET kind = 'gone' WHERE id = 1";
                    assertThat(assertBlockedOnProduction(() -> statement.executeUpdate(sql), sql).getRuleId())
                            .isEqualTo("row-limit");
                }
            }
        }
        try (Connection admin = TestDatabases.admin(database); Statement statement = admin.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM fx_other.fx_events WHERE kind = 'click'")) {
            row.next();
            assertThat(row.getInt(1)).isEqualTo(EVENTS);
        }
    }

    /**
     * Audit mode measures as enforce does: each case runs and stays, and the trail records it as would-block with
     * the server's count; a function writing behind a SELECT is recorded too.
     */
    @ParameterizedTest
    @EnumSource(Database.class)
    void auditModeMeasuresAsEnforceDoesAndRecordsWhatItWouldBlock(Database database) throws Exception {
        Path trail = home.resolve("audit.jsonl");
        String previousHome = System.setProperty("jdbcguard.home", home.toString());
        try {
            Path policy = Files.writeString(home.resolve("policy.yml"), "environments:\n  production:\n"
                    + "    hosts: [127.0.0.2]\naudit: {file: " + trail + "}\nguards:\n  - {origin: developer,"
                    + " target: production, rules: [all], mode: audit, max-rows: 1000}\n");
            System.setProperty(GuardSettings.POLICY_PROPERTY, policy.toString());
            Map<String, Attack> attacks = attacks(database);
            List<String> cases = List.of("trigger over the ceiling", "prepared EXECUTE over the ceiling",
                    "batch of key deletes over the ceiling", "subquery scope");
            for (String name : cases) {
                reset(database);
                String before = state(database);
                try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION)) {
                    attacks.get(name).run(connection);
                }
                assertThat(state(database)).as(name).isNotEqualTo(before);
            }
            reset(database);
            try (Connection admin = TestDatabases.admin(database); Statement statement = admin.createStatement()) {
                if (database == Database.POSTGRESQL) {
                    statement.execute("CREATE OR REPLACE FUNCTION public.fx_purge_tags() RETURNS int LANGUAGE sql"
                            + " AS $$ DELETE FROM public.fx_tags; SELECT 1 $$");
                } else {
                    statement.execute("DROP FUNCTION IF EXISTS shop.fx_purge_tags");
                    statement.execute("CREATE DEFINER = 'app'@'%' FUNCTION shop.fx_purge_tags() RETURNS int"
                            + " MODIFIES SQL DATA BEGIN DELETE FROM shop.fx_tags; RETURN 1; END");
                }
            }
            try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                    Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT fx_purge_tags()").close();
            }
            assertThat(GuardDriver.state().auditTrails().forFile(trail).flush(Duration.ofSeconds(10))).isTrue();
            List<AuditEvent> events = new ArrayList<>();
            for (String line : Files.readAllLines(trail)) {
                events.add(AuditJson.fromLine(line));
            }
            List<AuditEvent> rowLimits = events.stream().filter(e -> e.event() == AuditEventType.WOULD_BLOCK
                    && e.rules().contains("row-limit")).toList();
            assertThat(rowLimits).hasSizeGreaterThanOrEqualTo(cases.size());
            assertThat(rowLimits).allMatch(e -> e.rows() != null && e.rows() >= ORDERS);
            assertThat(events).anyMatch(e -> e.event() == AuditEventType.WOULD_BLOCK
                    && e.rules().contains("hidden-write") && e.rows() != null && e.rows() >= 1);
        } finally {
            if (previousHome == null) {
                System.clearProperty("jdbcguard.home");
            } else {
                System.setProperty("jdbcguard.home", previousHome);
            }
        }
    }
}
