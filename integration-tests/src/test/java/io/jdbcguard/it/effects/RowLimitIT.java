package io.jdbcguard.it.effects;

import static io.jdbcguard.it.Blocked.assertBlockedOnProduction;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.GuardViolationException;
import io.jdbcguard.it.Database;
import io.jdbcguard.it.GuardSettings;
import io.jdbcguard.it.Target;
import io.jdbcguard.it.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scope is an effect, on the real servers, from origin {@code developer} against production (built-in guard,
 * max-rows 1000): the server counts the rows a change touched inside a savepoint, and the guard rolls back what is
 * over the ceiling or covers a whole table; statements that only look scoped are blocked with the data intact; a
 * key-equality change pays no extra round trip; the caller's transaction survives; non-transactional tables are never
 * written speculatively; a function that writes behind a SELECT is refused by the server, also inside the caller's
 * transaction, which goes on. From {@code ci} everything runs.
 */
class RowLimitIT {
    private static final int ACCOUNTS = 5000;
    private static final int STATUS_X = 1200;
    private static final int STATUS_Y = 10;

    @RegisterExtension
    final GuardSettings guard = new GuardSettings();

    /** accounts: 5000 rows (1200 'x', 10 'y', the rest 'z'); few: 3 rows; on MariaDB also legacy (MyISAM). */
    private static void reset(Database database) throws SQLException {
        try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION);
                Statement statement = raw.createStatement()) {
            for (String table : List.of("accounts", "few", "legacy")) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
            statement.execute("CREATE TABLE accounts (id int primary key, status varchar(20) not null, balance int)");
            statement.execute("CREATE TABLE few (id int primary key, note varchar(20))");
            String series = database == Database.POSTGRESQL ? "generate_series(1, " + ACCOUNTS + ") s(seq)"
                    : "seq_1_to_" + ACCOUNTS;
            statement.execute("INSERT INTO accounts SELECT seq, CASE WHEN seq <= " + STATUS_X + " THEN 'x' WHEN seq <= "
                    + (STATUS_X + STATUS_Y) + " THEN 'y' ELSE 'z' END, 100 FROM " + series);
            statement.execute("INSERT INTO few VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            if (database.isMysql()) {
                statement.execute("CREATE TABLE legacy (id int primary key, note varchar(20)) ENGINE=MyISAM");
                statement.execute("INSERT INTO legacy SELECT seq, 'n' FROM seq_1_to_1500");
            }
        }
    }

    private static String state(Database database) throws SQLException {
        try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION);
                Statement statement = raw.createStatement();
                ResultSet row = statement.executeQuery("SELECT (SELECT count(*) FROM accounts),"
                        + " (SELECT sum(balance) FROM accounts), (SELECT count(*) FROM few)"
                        + (database.isMysql() ? ", (SELECT count(*) FROM legacy WHERE note = 'n')" : ""))) {
            row.next();
            StringBuilder state = new StringBuilder();
            for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
                state.append(row.getString(i)).append(' ');
            }
            return state.toString();
        }
    }

    private static int execute(Database database, String sql) throws SQLException {
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }

    /** Statements that change every row of accounts while looking scoped, in this dialect. */
    private static List<String> wholeTableShapes(Database database) {
        List<String> shapes = new ArrayList<>(List.of(
                "DELETE FROM accounts WHERE id IN (SELECT id FROM accounts)",
                "DELETE FROM accounts WHERE EXISTS (SELECT 1 FROM few)",
                "UPDATE accounts SET balance = 0 WHERE accounts.id = id",
                "DELETE FROM accounts WHERE (1, 2) = (1, 2)",
                "UPDATE accounts SET balance = 0 WHERE CASE WHEN 1 = 1 THEN 1 = 1 ELSE 1 = 0 END",
                "UPDATE accounts SET balance = 0 WHERE balance IS NOT NULL OR balance IS NULL",
                "UPDATE accounts SET balance = 0 WHERE status IN ('x', 'y', 'z')",
                "DELETE FROM accounts WHERE id > 0"));
        if (database == Database.POSTGRESQL) {
            shapes.addAll(List.of(
                    "UPDATE accounts SET balance = 0 FROM few WHERE few.id > 1",
                    "DELETE FROM accounts USING few WHERE few.id = 1",
                    "DELETE FROM accounts WHERE id = ANY (SELECT id FROM accounts)",
                    "INSERT INTO accounts SELECT * FROM accounts ON CONFLICT (id) DO UPDATE SET balance = 0",
                    "MERGE INTO accounts a USING few f ON true WHEN MATCHED THEN UPDATE SET balance = 0"));
        } else {
            shapes.addAll(List.of(
                    "DELETE FROM accounts WHERE id",
                    "DELETE a FROM accounts a JOIN few f ON f.id = 1",
                    "UPDATE accounts a JOIN few f ON f.id = 1 SET a.balance = 0",
                    "INSERT INTO accounts SELECT * FROM accounts ON DUPLICATE KEY UPDATE balance = 0",
                    "REPLACE INTO accounts SELECT id, status, 0 FROM accounts"));
        }
        return shapes;
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void whatOnlyLooksScopedIsBlockedWithTheDataIntact(Database database) throws SQLException {
        reset(database);
        String before = state(database);
        for (String sql : wholeTableShapes(database)) {
            assertBlockedOnProduction(() -> execute(database, sql), sql);
            assertThat(state(database)).as(sql).isEqualTo(before);
        }
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION)) {
            assertBlockedOnProduction(() -> connection.prepareStatement("DELETE FROM accounts WHERE ?"));
        }
        assertThat(state(database)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aScopedChangeOverTheCeilingIsRolledBackAndOneUnderItApplies(Database database) throws SQLException {
        reset(database);
        String before = state(database);

        GuardViolationException block = assertBlockedOnProduction(
                () -> execute(database, "UPDATE accounts SET balance = 0 WHERE status = 'x'"));
        assertThat(block.getRuleId()).isEqualTo("row-limit");
        assertThat(block.getMessage()).contains(String.valueOf(STATUS_X), "1000", "rolled back");
        assertThat(state(database)).isEqualTo(before);

        assertThat(execute(database, "UPDATE accounts SET balance = 0 WHERE status = 'y'")).isEqualTo(STATUS_Y);
        assertThat(state(database)).isNotEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void everyRowOfASmallTableIsBlocked(Database database) throws SQLException {
        reset(database);
        String before = state(database);

        assertBlockedOnProduction(() -> execute(database, "DELETE FROM few WHERE id > 0"));
        assertBlockedOnProduction(() -> execute(database, "UPDATE few SET note = 'z' WHERE note <> 'q'"));

        assertThat(state(database)).isEqualTo(before);
        assertThat(execute(database, "DELETE FROM few WHERE id > 1")).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void theCallersOpenTransactionSurvivesABlockedStatement(Database database) throws SQLException {
        reset(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.executeUpdate("INSERT INTO few VALUES (4, 'd')");
            assertBlockedOnProduction(() -> statement.executeUpdate("UPDATE accounts SET balance = 0 WHERE"
                    + " status = 'x'"));
            statement.executeUpdate("INSERT INTO few VALUES (5, 'e')");
            connection.commit();
        }
        try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION);
                Statement statement = raw.createStatement();
                ResultSet row = statement.executeQuery("SELECT (SELECT count(*) FROM few),"
                        + " (SELECT count(*) FROM accounts WHERE balance = 0)")) {
            row.next();
            assertThat(row.getInt(1)).isEqualTo(5);
            assertThat(row.getInt(2)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void batchesCountAsOneStatement(Database database) throws SQLException {
        reset(database);
        String before = state(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                PreparedStatement statement = connection.prepareStatement(
                        "UPDATE accounts SET balance = 0 WHERE status = ?")) {
            for (String status : List.of("y", "x")) {
                statement.setString(1, status);
                statement.addBatch();
            }
            assertBlockedOnProduction(statement::executeBatch);
        }
        assertThat(state(database)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"MARIADB", "MARIADB_CONNECTOR_J"})
    void aMyIsamTableIsNeverChangedSpeculatively(Database database) throws SQLException {
        reset(database);
        String before = state(database);

        assertBlockedOnProduction(() -> execute(database, "UPDATE legacy SET note = 'x' WHERE id > 10"));

        assertThat(state(database)).isEqualTo(before);
        assertThat(execute(database, "UPDATE legacy SET note = 'x' WHERE id = 7")).isEqualTo(1);
    }

    /** {@code purge_few()}, a function that deletes every row of {@code few}, created by the admin. */
    private static void createPurgeFew(Database database) throws SQLException {
        try (Connection admin = TestDatabases.admin(database); Statement statement = admin.createStatement()) {
            if (database == Database.POSTGRESQL) {
                statement.execute("CREATE OR REPLACE FUNCTION public.purge_few() RETURNS int LANGUAGE sql AS"
                        + " $$ DELETE FROM public.few; SELECT 1 $$");
            } else {
                statement.execute("DROP FUNCTION IF EXISTS shop.purge_few");
                statement.execute("CREATE DEFINER = 'app'@'%' FUNCTION shop.purge_few() RETURNS int MODIFIES SQL DATA"
                        + " BEGIN DELETE FROM shop.few; RETURN 1; END");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aFunctionThatWritesBehindASelectIsRefusedByTheServer(Database database) throws SQLException {
        reset(database);
        createPurgeFew(database);
        String before = state(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            GuardViolationException block = assertBlockedOnProduction(() -> statement.executeQuery(
                    "SELECT purge_few()").close());
            assertThat(block.getRuleId()).isEqualTo("hidden-write");
            try (ResultSet row = statement.executeQuery("SELECT count(*) FROM few")) {
                row.next();
                assertThat(row.getInt(1)).isEqualTo(3);
            }
        }
        assertThat(state(database)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aFunctionThatWritesBehindASelectInsideATransactionIsUndoneAndTheTransactionGoesOn(Database database)
            throws SQLException {
        reset(database);
        try (Connection admin = TestDatabases.admin(database); Statement statement = admin.createStatement()) {
            if (database == Database.POSTGRESQL) {
                statement.execute("CREATE OR REPLACE FUNCTION public.purge_few() RETURNS int LANGUAGE sql AS"
                        + " $$ DELETE FROM public.few; SELECT 1 $$");
                statement.execute("CREATE OR REPLACE FUNCTION public.few_count() RETURNS int LANGUAGE sql AS"
                        + " $$ SELECT count(*)::int FROM public.few $$");
                statement.execute("CREATE OR REPLACE FUNCTION public.set_tenant() RETURNS int LANGUAGE sql AS"
                        + " $$ SELECT set_config('app.tenant', '42', false); SELECT 1 $$");
                statement.execute("CREATE OR REPLACE FUNCTION public.drop_few() RETURNS int LANGUAGE plpgsql AS"
                        + " $$ BEGIN DROP TABLE public.few; RETURN 1; END $$");
                statement.execute("ALTER FUNCTION public.drop_few() OWNER TO app");
            } else {
                for (String function : List.of("purge_few", "few_count", "set_tenant")) {
                    statement.execute("DROP FUNCTION IF EXISTS shop." + function);
                }
                statement.execute("CREATE DEFINER = 'app'@'%' FUNCTION shop.purge_few() RETURNS int MODIFIES SQL DATA"
                        + " BEGIN DELETE FROM shop.few; RETURN 1; END");
                statement.execute("CREATE DEFINER = 'app'@'%' FUNCTION shop.few_count() RETURNS int READS SQL DATA"
                        + " BEGIN RETURN (SELECT count(*) FROM shop.few); END");
                statement.execute("CREATE DEFINER = 'app'@'%' FUNCTION shop.set_tenant() RETURNS int NO SQL"
                        + " BEGIN SET @tenant = 42; RETURN 1; END");
            }
        }
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            assertThat(statement.executeUpdate("UPDATE few SET note = 't' WHERE id = 1")).isEqualTo(1);

            GuardViolationException block = assertBlockedOnProduction(() -> statement.executeQuery(
                    "SELECT purge_few()").close());
            assertThat(block.getRuleId()).isEqualTo("hidden-write");
            assertThat(block.getMessage()).contains("rolled back");
            if (database == Database.POSTGRESQL) {
                try (PreparedStatement drop = connection.prepareStatement("SELECT drop_few()")) {
                    assertThat(assertBlockedOnProduction(drop::execute).getRuleId()).isEqualTo("hidden-write");
                }
            }

            statement.setFetchSize(database == Database.MARIADB ? Integer.MIN_VALUE : 1);
            List<String> rows = new ArrayList<>();
            try (ResultSet row = statement.executeQuery("SELECT few_count(), id, note FROM few ORDER BY id")) {
                while (row.next()) {
                    rows.add(row.getInt(1) + " " + row.getInt(2) + " " + row.getString(3));
                }
            }
            assertThat(rows).containsExactly("3 1 t", "3 2 b", "3 3 c");
            statement.setFetchSize(0);
            statement.executeQuery("SELECT set_tenant()").close();
            try (ResultSet tenant = statement.executeQuery(database == Database.POSTGRESQL
                    ? "SELECT current_setting('app.tenant')" : "SELECT @tenant")) {
                tenant.next();
                assertThat(tenant.getString(1)).isEqualTo("42");
            }
            connection.commit();
        }
        try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION);
                Statement statement = raw.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*), max(CASE WHEN id = 1 THEN note END) FROM few")) {
            row.next();
            assertThat(row.getInt(1)).isEqualTo(3);
            assertThat(row.getString(2)).isEqualTo("t");
        }
    }

    /**
     * The same inside a transaction the caller began by statement while JDBC is in auto-commit mode: the read runs
     * under a savepoint in the caller's transaction (not in a read-only transaction of the guard's, which would commit
     * the caller's work), and the caller's {@code ROLLBACK} undoes its own change.
     */
    @ParameterizedTest
    @EnumSource(Database.class)
    void aFunctionThatWritesBehindASelectInsideATransactionBegunByStatementLeavesTheTransactionTheCallers(
            Database database) throws SQLException {
        reset(database);
        createPurgeFew(database);
        String before = state(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.execute("BEGIN");
            assertThat(statement.executeUpdate("UPDATE few SET note = 't' WHERE id = 1")).isEqualTo(1);
            assertThat(assertBlockedOnProduction(() -> statement.executeQuery("SELECT purge_few()").close())
                    .getRuleId()).isEqualTo("hidden-write");
            try (ResultSet row = statement.executeQuery("SELECT count(*) FROM few WHERE note = 't'")) {
                row.next();
                assertThat(row.getInt(1)).isEqualTo(1);
            }
            statement.execute("ROLLBACK");
        }
        assertThat(state(database)).isEqualTo(before);
        try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION);
                Statement statement = raw.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM few WHERE note = 't'")) {
            row.next();
            assertThat(row.getInt(1)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aKeyEqualityChangeSendsNoExtraStatement(Database database) throws SQLException {
        reset(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE accounts SET balance = balance + ? WHERE id = ?");
                PreparedStatement lock = connection.prepareStatement(
                        "SELECT balance FROM accounts WHERE id = ? FOR UPDATE");
                Connection admin = TestDatabases.admin(database); Statement log = admin.createStatement()) {
            update.setInt(1, 1);
            update.setInt(2, 1);
            update.executeUpdate();
            String thread = null;
            if (database == Database.POSTGRESQL) {
                log.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                log.execute("SELECT pg_stat_statements_reset()");
            } else {
                try (Statement own = connection.createStatement();
                        ResultSet id = own.executeQuery("SELECT CONNECTION_ID()")) {
                    id.next();
                    thread = id.getString(1);
                }
                log.execute("SET GLOBAL log_output = 'TABLE'");
                log.execute("TRUNCATE mysql.general_log");
                log.execute("SET GLOBAL general_log = 1");
            }
            for (int id = 2; id <= 6; id++) {
                lock.setInt(1, id);
                lock.executeQuery().close();
                update.setInt(1, 1);
                update.setInt(2, id);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            List<String> sent = new ArrayList<>();
            if (database == Database.POSTGRESQL) {
                try (ResultSet rows = log.executeQuery("SELECT query, calls FROM pg_stat_statements s"
                        + " JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = 'app'")) {
                    while (rows.next()) {
                        sent.add(rows.getString(1) + " x" + rows.getLong(2));
                    }
                }
                assertThat(sent).containsExactlyInAnyOrder("UPDATE accounts SET balance = balance + $1 WHERE id = $2 x5",
                        "SELECT balance FROM accounts WHERE id = $1 FOR UPDATE x5");
            } else {
                log.execute("SET GLOBAL general_log = 0");
                try (ResultSet rows = log.executeQuery("SELECT argument FROM mysql.general_log WHERE thread_id = "
                        + thread + " AND command_type IN ('Query', 'Execute')")) {
                    while (rows.next()) {
                        sent.add(rows.getString(1));
                    }
                }
                assertThat(sent).hasSize(10).allMatch(sql -> sql.startsWith("UPDATE accounts SET balance")
                        || sql.startsWith("SELECT balance FROM accounts"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void fromCiEverythingRuns(Database database) throws SQLException {
        reset(database);
        guard.origin(GuardSettings.CI);
        assertThat(execute(database, "UPDATE accounts SET balance = 0 WHERE status = 'x'")).isEqualTo(STATUS_X);
        assertThat(execute(database, "DELETE FROM few WHERE id > 0")).isEqualTo(3);
        assertThat(execute(database, "DELETE FROM accounts WHERE id IN (SELECT id FROM accounts)"))
                .isEqualTo(ACCOUNTS);
    }
}
