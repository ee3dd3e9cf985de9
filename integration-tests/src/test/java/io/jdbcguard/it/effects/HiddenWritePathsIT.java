package io.jdbcguard.it.effects;

import static io.jdbcguard.it.Blocked.assertBlockedOnProduction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdbcguard.GuardDriver;
import io.jdbcguard.audit.AuditEvent;
import io.jdbcguard.audit.AuditEventType;
import io.jdbcguard.audit.AuditJson;
import io.jdbcguard.it.Database;
import io.jdbcguard.it.GuardSettings;
import io.jdbcguard.it.Target;
import io.jdbcguard.it.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A function that writes, reached other ways than a plain {@code SELECT}, on the real servers from origin
 * {@code developer} against production: {@code EXECUTE} of a statement the session prepared, {@code EXECUTE
 * IMMEDIATE}, MySQL {@code DO}, PostgreSQL cursors ({@code FETCH}, {@code WITH HOLD}), {@code COPY (query) TO},
 * tables created from the query ({@code CREATE [TEMP] TABLE ... AS}, {@code SELECT ... INTO}), row locks
 * ({@code FOR UPDATE}), {@code VALUES},
 * {@code WITH}, {@code EXPLAIN ANALYZE} and a result named {@code materialized}: each is blocked as
 * {@code hidden-write} with the data intact (read back through a raw connection), in auto-commit mode and inside the
 * caller's transaction, which goes on. A prepared read without such functions runs as before, and the session's own
 * temporary tables and MariaDB's sequences with an engine are allowed. From {@code ci} everything runs.
 */
class HiddenWritePathsIT {
    private static final String HIDDEN_WRITE = "hidden-write";

    @RegisterExtension
    final GuardSettings guard = new GuardSettings();

    @TempDir
    Path home;

    /**
     * hw_few: 3 rows; hw_lock: 1 row (MariaDB refuses a function that writes a table its own statement reads);
     * hw_purge() deletes every row of hw_few and returns 1; no table left from an earlier run.
     */
    private static void reset(Database database) throws SQLException {
        try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION);
                Statement statement = raw.createStatement()) {
            for (String table : List.of("hw_few", "hw_lock", "hw_copy", "hw_into", "hw_view")) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
            if (database == Database.POSTGRESQL) {
                statement.execute("DROP MATERIALIZED VIEW IF EXISTS hw_view");
            } else {
                statement.execute("DROP SEQUENCE IF EXISTS hw_step_seq");
            }
            statement.execute("CREATE TABLE hw_few (id int primary key, note varchar(20))");
            statement.execute("INSERT INTO hw_few VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            statement.execute("CREATE TABLE hw_lock (id int primary key)");
            statement.execute("INSERT INTO hw_lock VALUES (1)");
        }
        try (Connection admin = TestDatabases.admin(database); Statement statement = admin.createStatement()) {
            if (database == Database.POSTGRESQL) {
                statement.execute("CREATE OR REPLACE FUNCTION public.hw_purge() RETURNS int LANGUAGE sql AS"
                        + " $$ DELETE FROM public.hw_few; SELECT 1 $$");
            } else {
                statement.execute("DROP FUNCTION IF EXISTS shop.hw_purge");
                statement.execute("CREATE DEFINER = 'app'@'%' FUNCTION shop.hw_purge() RETURNS int MODIFIES SQL DATA"
                        + " BEGIN DELETE FROM shop.hw_few; RETURN 1; END");
            }
        }
    }

    /** The rows of hw_few and whether the tables a blocked statement would have created exist, read raw. */
    private static String state(Database database) throws SQLException {
        try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION);
                Statement statement = raw.createStatement();
                ResultSet row = statement.executeQuery("SELECT (SELECT count(*) FROM hw_few),"
                        + " (SELECT count(*) FROM information_schema.tables WHERE table_name IN"
                        + " ('hw_copy', 'hw_into', 'hw_view'))")) {
            row.next();
            return row.getInt(1) + " rows, " + row.getInt(2) + " created";
        }
    }

    /** Every path to hw_purge() that is one text, in this dialect. */
    private static List<String> paths(Database database) {
        List<String> paths = new ArrayList<>(List.of(
                "SELECT hw_purge() AS materialized",
                "SELECT 1 AS a, hw_purge() AS materialized",
                "SELECT hw_purge(), id FROM hw_lock WHERE id = 1 FOR UPDATE",
                "WITH a AS (SELECT hw_purge() AS x) SELECT * FROM a"));
        if (database == Database.POSTGRESQL) {
            paths.addAll(List.of(
                    "VALUES (hw_purge())",
                    "EXPLAIN ANALYZE SELECT hw_purge()",
                    "CREATE TABLE hw_copy AS SELECT hw_purge()",
                    "CREATE TEMP TABLE hw_tmp AS SELECT hw_purge()",
                    "SELECT hw_purge() INTO hw_into",
                    "CREATE MATERIALIZED VIEW hw_view AS SELECT hw_purge()"));
        } else {
            paths.addAll(List.of(
                    "DO hw_purge()",
                    "EXECUTE IMMEDIATE 'SELECT hw_purge()'",
                    "CREATE TEMPORARY TABLE hw_tmp SELECT hw_purge() AS x",
                    "CREATE TABLE hw_copy AS SELECT hw_purge() AS x",
                    "ANALYZE SELECT hw_purge()"));
        }
        return paths;
    }

    private static void assertHiddenWrite(Statement statement, String sql) {
        try {
            assertThat(assertBlockedOnProduction(() -> statement.execute(sql), sql).getRuleId())
                    .isEqualTo(HIDDEN_WRITE);
        } catch (AssertionError e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * pgjdbc runs {@code COPY} only through its {@code CopyManager}, which a guarded connection does not hand out
     * ({@code unwrap} is refused): through a statement the server starts the copy, pgjdbc fails it, and the guard's
     * read-only run (or savepoint) leaves no write behind.
     */
    private static void assertCopyLeavesTheData(Statement statement) throws SQLException {
        assertThatThrownBy(() -> statement.execute("COPY (SELECT hw_purge()) TO STDOUT"))
                .isInstanceOf(SQLException.class);
        try (ResultSet row = statement.executeQuery("SELECT count(*) FROM hw_few")) {
            row.next();
            assertThat(row.getInt(1)).isEqualTo(3);
        }
    }

    private static void assertPreparedPathBlocked(Database database, Statement statement) throws SQLException {
        statement.execute(database == Database.POSTGRESQL ? "PREPARE hw_p AS SELECT hw_purge()"
                : "PREPARE hw_p FROM 'SELECT hw_purge()'");
        assertHiddenWrite(statement, "EXECUTE hw_p");
        statement.execute("DEALLOCATE PREPARE hw_p");
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void everyPathToAWritingFunctionIsBlockedInAutoCommitMode(Database database) throws SQLException {
        reset(database);
        String before = state(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            for (String sql : paths(database)) {
                assertHiddenWrite(statement, sql);
                assertThat(state(database)).as(sql).isEqualTo(before);
            }
            assertPreparedPathBlocked(database, statement);
            if (database == Database.POSTGRESQL) {
                assertHiddenWrite(statement, "DECLARE hw_c CURSOR WITH HOLD FOR SELECT hw_purge()");
                assertCopyLeavesTheData(statement);
            }
            try (ResultSet row = statement.executeQuery("SELECT count(*) FROM hw_few")) {
                row.next();
                assertThat(row.getInt(1)).isEqualTo(3);
            }
        }
        assertThat(state(database)).isEqualTo(before);
    }

    /** The guard follows a name prepared by the first text of a connection too (before anything else ran). */
    @ParameterizedTest
    @EnumSource(Database.class)
    void aNamePreparedFirstOnAConnectionIsFollowed(Database database) throws SQLException {
        reset(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            assertPreparedPathBlocked(database, statement);
        }
        assertThat(state(database)).isEqualTo("3 rows, 0 created");
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void everyPathIsUndoneInsideTheCallersTransactionWhichGoesOn(Database database) throws SQLException {
        reset(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            assertThat(statement.executeUpdate("UPDATE hw_few SET note = 't' WHERE id = 1")).isEqualTo(1);
            for (String sql : paths(database)) {
                assertHiddenWrite(statement, sql);
            }
            assertPreparedPathBlocked(database, statement);
            if (database == Database.POSTGRESQL) {
                statement.execute("DECLARE hw_c CURSOR FOR SELECT hw_purge()");
                assertHiddenWrite(statement, "FETCH hw_c");
                statement.execute("DECLARE hw_m CURSOR FOR SELECT hw_purge()");
                assertHiddenWrite(statement, "MOVE hw_m");
                assertHiddenWrite(statement, "DECLARE hw_h CURSOR WITH HOLD FOR SELECT hw_purge()");
                statement.execute("DECLARE hw_k CURSOR WITH HOLD FOR SELECT count(*) FROM hw_few");
                assertCopyLeavesTheData(statement);
            }
            try (ResultSet row = statement.executeQuery("SELECT count(*), max(note) FROM hw_few")) {
                row.next();
                assertThat(row.getInt(1)).isEqualTo(3);
                assertThat(row.getString(2)).isEqualTo("t");
            }
            connection.commit();
        }
        try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION);
                Statement statement = raw.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*), max(note) FROM hw_few")) {
            row.next();
            assertThat(row.getInt(1)).isEqualTo(3);
            assertThat(row.getString(2)).isEqualTo("t");
        }
        assertThat(state(database)).isEqualTo("3 rows, 0 created");
    }

    /**
     * A change that calls such a function is measured over every table even when it is proven to touch one row of its
     * own: PostgreSQL counts per table, so the function emptying hw_few is refused (MariaDB counts per session, and
     * judges only the tables the statement names, so there only a count above the ceiling is).
     */
    @ParameterizedTest
    @EnumSource(value = Database.class, names = "POSTGRESQL")
    void aChangeThatCallsSuchAFunctionIsMeasuredOverEveryTable(Database database) throws SQLException {
        reset(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            for (String sql : List.of("INSERT INTO hw_lock SELECT hw_purge() + 1",
                    "UPDATE hw_lock SET id = hw_purge() + 1 WHERE id = 1",
                    "INSERT INTO hw_lock VALUES (hw_purge() + 1)")) {
                assertThat(assertBlockedOnProduction(() -> statement.execute(sql), sql).getRuleId()).as(sql)
                        .isEqualTo("row-limit");
                assertThat(state(database)).as(sql).isEqualTo("3 rows, 0 created");
            }
            assertThat(statement.executeUpdate("INSERT INTO hw_lock VALUES (2)")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aPreparedReadWithoutSuchFunctionsRunsAndAPreparedChangeIsStillMeasured(Database database)
            throws SQLException {
        reset(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.execute(database == Database.POSTGRESQL ? "PREPARE hw_count AS SELECT count(*) FROM hw_few"
                    : "PREPARE hw_count FROM 'SELECT count(*) FROM hw_few'");
            try (ResultSet row = statement.executeQuery("EXECUTE hw_count")) {
                row.next();
                assertThat(row.getInt(1)).isEqualTo(3);
            }
            statement.execute(database == Database.POSTGRESQL ? "PREPARE hw_wipe AS DELETE FROM hw_few WHERE id > 0"
                    : "PREPARE hw_wipe FROM 'DELETE FROM hw_few WHERE id > 0'");
            assertThat(assertBlockedOnProduction(() -> statement.execute("EXECUTE hw_wipe")).getRuleId())
                    .isEqualTo("row-limit");
        }
        assertThat(state(database)).isEqualTo("3 rows, 0 created");
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void theSessionsOwnTemporaryTablesAndSequencesWithAnEngineAreAllowed(Database database) throws SQLException {
        reset(database);
        String multi = database.isMysql() ? "?allowMultiQueries=true" : "";
        try (Connection connection = TestDatabases.guard(TestDatabases.guardUrl(database, Target.PRODUCTION) + multi);
                Statement statement = connection.createStatement()) {
            if (database == Database.POSTGRESQL) {
                statement.execute("CREATE TEMP TABLE hw_scratch (id int); TRUNCATE hw_scratch");
                statement.execute("DROP TABLE IF EXISTS pg_temp.hw_scratch");
            } else {
                statement.execute("CREATE TEMPORARY TABLE hw_tmp_few SELECT * FROM hw_few");
                try (ResultSet row = statement.executeQuery("SELECT count(*) FROM hw_tmp_few")) {
                    row.next();
                    assertThat(row.getInt(1)).isEqualTo(3);
                }
                statement.execute("CREATE TEMPORARY TABLE hw_tmp (id INT); DELETE FROM hw_tmp");
                statement.execute("CREATE SEQUENCE hw_step_seq START WITH 1 MINVALUE 1 MAXVALUE 9223372036854775806"
                        + " INCREMENT BY 1 NOCACHE NOCYCLE ENGINE=InnoDB");
            }
        }
        assertThat(state(database)).isEqualTo("3 rows, 0 created");
        if (database.isMysql()) {
            try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION);
                    Statement statement = raw.createStatement();
                    ResultSet row = statement.executeQuery("SELECT NEXTVAL(hw_step_seq)")) {
                row.next();
                assertThat(row.getLong(1)).isEqualTo(1);
            }
        }
    }

    /**
     * Under {@code mode: audit} the paths run and stay, and the trail records each write as would-block
     * {@code hidden-write} with the server's count (rows for a created table; for a read, PostgreSQL's count of
     * subtransactions that wrote, MariaDB's handler writes).
     */
    @ParameterizedTest
    @EnumSource(Database.class)
    void auditModeKeepsThePathsAndRecordsTheirWrites(Database database) throws Exception {
        Path trail = home.resolve("audit.jsonl");
        Path policy = Files.writeString(home.resolve("policy.yml"), "environments:\n  production:\n"
                + "    hosts: [127.0.0.2]\naudit: {file: " + trail + "}\nguards:\n  - {origin: developer,"
                + " target: production, rules: [all], mode: audit, max-rows: 1000}\n");
        System.setProperty(GuardSettings.POLICY_PROPERTY, policy.toString());
        List<String> paths = List.of(database == Database.POSTGRESQL ? "CREATE TEMP TABLE hw_tmp AS SELECT hw_purge()"
                : "CREATE TEMPORARY TABLE hw_tmp SELECT hw_purge() AS x", "EXECUTE hw_p");
        for (String sql : paths) {
            reset(database);
            try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                    Statement statement = connection.createStatement()) {
                statement.execute(database == Database.POSTGRESQL ? "PREPARE hw_p AS SELECT hw_purge()"
                        : "PREPARE hw_p FROM 'SELECT hw_purge()'");
                statement.execute(sql);
            }
            assertThat(state(database)).as(sql).isEqualTo("0 rows, 0 created");
        }
        assertThat(GuardDriver.state().auditTrails().forFile(trail).flush(Duration.ofSeconds(10))).isTrue();
        List<AuditEvent> hidden = new ArrayList<>();
        for (String line : Files.readAllLines(trail)) {
            AuditEvent event = AuditJson.fromLine(line);
            if (event.event() == AuditEventType.WOULD_BLOCK && event.rules().contains(HIDDEN_WRITE)) {
                hidden.add(event);
            }
        }
        assertThat(hidden).hasSize(paths.size()).allMatch(event -> event.rows() != null && event.rows() >= 1);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void fromCiThePathsRun(Database database) throws SQLException {
        reset(database);
        guard.origin(GuardSettings.CI);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.execute(database == Database.POSTGRESQL ? "PREPARE hw_p AS SELECT hw_purge()"
                    : "PREPARE hw_p FROM 'SELECT hw_purge()'");
            statement.execute("EXECUTE hw_p");
        }
        assertThat(state(database)).isEqualTo("0 rows, 0 created");
        reset(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.execute(database == Database.POSTGRESQL ? "CREATE TABLE hw_copy AS SELECT hw_purge()"
                    : "CREATE TABLE hw_copy AS SELECT hw_purge() AS x");
        }
        assertThat(state(database)).isEqualTo("0 rows, 1 created");
    }
}
