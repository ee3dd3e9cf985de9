package io.jdbcguard.it;

import static io.jdbcguard.it.Blocked.assertBlockedOnProduction;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #11 "The world's SQL without false alarms" on the real servers: statements of the kinds the real-world
 * corpus holds (schemas and migrations of Debian packages and Maven Central jars, mysqldump output) run from origin
 * {@code developer} against production and take effect, read back through a raw connection; their destructive
 * counterparts are blocked and the data, read back the same way, is intact.
 */
class RealWorldSqlIT {
    /** Tables whose columns JSQLParser reserves as key words ({@code uuid}, {@code output}), two rows each. */
    private static final List<String> KEYWORD_TABLES = List.of(
            "CREATE TABLE hosts (id int PRIMARY KEY, uuid varchar(36))",
            "CREATE TABLE jobs (id int PRIMARY KEY, output varchar(100))",
            "INSERT INTO hosts (id, uuid) VALUES (1, 'abc'), (2, 'def')",
            "INSERT INTO jobs (id, output) VALUES (1, NULL), (2, NULL)");
    /** What mysqldump writes for a view: every clause in a versioned executable comment. */
    private static final String MYSQLDUMP_VIEW = "/*!50001 CREATE ALGORITHM=UNDEFINED */\n"
            + "/*!50013 DEFINER=`app`@`%` SQL SECURITY DEFINER */\n"
            + "/*!50001 VIEW `user_names` AS select `users`.`id` AS `id`,`users`.`name` AS `name` from `users` */";
    /** What mysqldump writes for a trigger, with a compound body. */
    private static final String MYSQLDUMP_TRIGGER = "/*!50003 CREATE*/ /*!50017 DEFINER=`app`@`%`*/ /*!50003 TRIGGER"
            + " orders_total BEFORE INSERT ON orders FOR EACH ROW BEGIN\n"
            + "  IF NEW.total < 0 THEN\n"
            + "    SET NEW.total = 0;\n"
            + "  END IF;\n"
            + "END */";
    private static final Duration KILL_WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    final GuardSettings guard = new GuardSettings();

    @ParameterizedTest
    @EnumSource(Database.class)
    void keywordColumnDmlWithWhereIsApplied(Database database) throws SQLException {
        setUp(database, KEYWORD_TABLES);

        apply(database, "DELETE FROM hosts WHERE uuid = 'abc'", "UPDATE jobs SET output = 'done' WHERE id = 1");

        assertThat(ShopFixture.query(database, Target.PRODUCTION, "SELECT id, uuid FROM hosts ORDER BY id"))
                .containsExactly(List.of("2", "def"));
        assertThat(ShopFixture.query(database, Target.PRODUCTION, "SELECT id, output FROM jobs ORDER BY id"))
                .containsExactly(List.of("1", "done"), Arrays.asList("2", null));
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void keywordColumnDmlWithoutWhereIsBlocked(Database database) throws SQLException {
        assertBlockedWithTheDataIntact(database, KEYWORD_TABLES, List.of("hosts", "jobs"),
                "DELETE FROM hosts", "UPDATE jobs SET output = 'done'", "DELETE FROM hosts WHERE uuid = uuid");
    }

    @Test
    void mariaDbMysqldumpViewAndTriggerAreApplied() throws SQLException {
        setUp(Database.MARIADB, List.of());

        apply(Database.MARIADB, MYSQLDUMP_VIEW, MYSQLDUMP_TRIGGER,
                "INSERT INTO orders (id, user_id, total) VALUES (9, 1, -5)");

        assertThat(ShopFixture.query(Database.MARIADB, Target.PRODUCTION, "SELECT definer, security_type FROM "
                + "information_schema.views WHERE table_schema = 'shop' AND table_name = 'user_names'"))
                .containsExactly(List.of("app@%", "DEFINER"));
        assertThat(ShopFixture.rowCount(Database.MARIADB, Target.PRODUCTION, "user_names"))
                .isEqualTo(ShopFixture.USERS);
        assertThat(ShopFixture.query(Database.MARIADB, Target.PRODUCTION, "SELECT total FROM orders WHERE id = 9"))
                .containsExactly(List.of("0.00"));
    }

    @Test
    void mariaDbDestructiveCounterpartsAreBlocked() throws SQLException {
        assertBlockedWithTheDataIntact(Database.MARIADB, List.of(), List.of(),
                "/*!50003 CREATE*/ /*!50017 DEFINER=`app`@`%`*/ /*!50003 TRIGGER orders_purge AFTER INSERT ON orders"
                        + " FOR EACH ROW BEGIN\n  DELETE FROM users;\nEND */",
                "LOAD DATA LOCAL INFILE '/tmp/users.csv' REPLACE INTO TABLE users FIELDS TERMINATED BY ','",
                "RESET MASTER",
                "SET STATEMENT max_statement_time = 10 FOR RESET MASTER",
                "FLUSH LOGS, STATUS");
        assertThat(ShopFixture.query(Database.MARIADB, Target.PRODUCTION,
                "SELECT count(*) FROM information_schema.triggers WHERE trigger_schema = 'shop'"))
                .containsExactly(List.of("0"));
    }

    @Test
    void mariaDbGrantAndOptimizeAreApplied() throws SQLException {
        setUp(Database.MARIADB, List.of());
        try (Connection admin = admin(TestDatabases.rawUrl(Database.MARIADB, Target.PRODUCTION));
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE USER IF NOT EXISTS 'reader'@'%' IDENTIFIED BY 'reader'");
        }

        try (Connection connection = admin(TestDatabases.guardUrl(Database.MARIADB, Target.PRODUCTION));
                Statement statement = connection.createStatement()) {
            statement.execute("GRANT SELECT ON shop.users TO 'reader'@'%'");
        }
        apply(Database.MARIADB, "OPTIMIZE TABLE users");

        try (Connection reader = DriverManager.getConnection(
                TestDatabases.rawUrl(Database.MARIADB, Target.PRODUCTION), "reader", "reader")) {
            assertThat(count(reader, "SELECT count(*) FROM users")).isEqualTo(ShopFixture.USERS);
        }
    }

    @Test
    void mariaDbKillQueryOfTheSameUsersOtherSessionIsApplied() throws Exception {
        try (Connection victim = TestDatabases.raw(Database.MARIADB, Target.PRODUCTION);
                Connection connection = TestDatabases.guard(Database.MARIADB, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            long id = count(victim, "SELECT CONNECTION_ID()");
            long started = System.nanoTime();
            CompletableFuture<Long> sleep = CompletableFuture.supplyAsync(() -> {
                try {
                    return count(victim, "SELECT SLEEP(" + 2 * KILL_WAIT.toSeconds() + ")");
                } catch (SQLException interrupted) {
                    return -1L;
                }
            });
            while (count(connection, "SELECT count(*) FROM information_schema.processlist WHERE id = " + id
                    + " AND info LIKE 'SELECT SLEEP%'") == 0) {
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(KILL_WAIT);
                Thread.sleep(50);
            }

            statement.execute("KILL QUERY " + id);

            assertThat(sleep.get(KILL_WAIT.toSeconds(), TimeUnit.SECONDS)).as("SLEEP interrupted").isIn(1L, -1L);
            assertThat(count(victim, "SELECT 1")).as("the session survives").isEqualTo(1);
        }
    }

    @Test
    void postgresqlClusterCommentAndGrantAreApplied() throws SQLException {
        setUp(Database.POSTGRESQL, List.of("CREATE INDEX users_name_idx ON users (name)"));
        try (Connection admin = admin(TestDatabases.rawUrl(Database.POSTGRESQL, Target.PRODUCTION));
                Statement statement = admin.createStatement()) {
            if (count(admin, "SELECT count(*) FROM pg_roles WHERE rolname = 'reader'") == 0) {
                statement.execute("CREATE ROLE reader");
            }
        }

        apply(Database.POSTGRESQL, "CLUSTER users USING users_name_idx", "COMMENT ON TABLE users IS 'customers'",
                "GRANT SELECT ON users TO reader");

        assertThat(ShopFixture.query(Database.POSTGRESQL, Target.PRODUCTION, "SELECT i.indisclustered,"
                + " obj_description('users'::regclass, 'pg_class'), has_table_privilege('reader', 'users', 'SELECT')"
                + " FROM pg_index i WHERE i.indexrelid = 'users_name_idx'::regclass"))
                .containsExactly(List.of("t", "customers", "t"));
        assertThat(ShopFixture.rowCount(Database.POSTGRESQL, Target.PRODUCTION, "users"))
                .isEqualTo(ShopFixture.USERS);
    }

    @Test
    void postgresqlAlterTypeDropAttributeIsBlockedAndWouldDeleteTheValues() throws SQLException {
        List<String> addresses = List.of("CREATE TYPE address AS (street text, zip text)",
                "CREATE TABLE shipping (id int PRIMARY KEY, address address)",
                "INSERT INTO shipping VALUES (1, ROW('Main St', '12345'))");
        assertBlockedWithTheDataIntact(Database.POSTGRESQL, addresses, List.of("shipping"),
                "ALTER TYPE address DROP ATTRIBUTE zip");

        guard.origin(GuardSettings.CI);
        apply(Database.POSTGRESQL, "ALTER TYPE address DROP ATTRIBUTE zip");
        assertThat(ShopFixture.query(Database.POSTGRESQL, Target.PRODUCTION, "SELECT address FROM shipping"))
                .containsExactly(List.of("(\"Main St\")"));
    }

    /**
     * The session's own objects: a table created by this connection may be emptied and dropped by it, and a column it
     * added may be back-filled without {@code WHERE}; another connection may not do the same to them.
     */
    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"POSTGRESQL", "MARIADB"})
    void aSessionsOwnScratchTableAndAddedColumnMayBeEmptiedDroppedAndBackFilled(Database database)
            throws SQLException {
        setUp(database, List.of());

        apply(database, "CREATE TABLE scratch (id int)", "INSERT INTO scratch VALUES (1), (2)",
                "TRUNCATE TABLE scratch", "DROP TABLE scratch", "ALTER TABLE users ADD COLUMN newcol int",
                "UPDATE users SET newcol = 0");

        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION).tables()).containsExactly("orders", "users");
        assertThat(ShopFixture.query(database, Target.PRODUCTION, "SELECT DISTINCT newcol FROM users"))
                .containsExactly(List.of("0"));

        apply(database, "CREATE TABLE scratch (id int)", "INSERT INTO scratch VALUES (1), (2)");
        try (Connection other = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = other.createStatement()) {
            assertBlockedOnProduction(() -> statement.execute("TRUNCATE TABLE scratch"));
            assertBlockedOnProduction(() -> statement.execute("UPDATE users SET newcol = 1"));
        }
        assertThat(ShopFixture.query(database, Target.PRODUCTION, "SELECT count(*) FROM scratch"))
                .containsExactly(List.of("2"));
    }

    /**
     * On a fresh shop with {@code setup} run: every statement, from {@code developer}, is blocked and changes neither
     * the shop nor {@code tables}.
     */
    private void assertBlockedWithTheDataIntact(Database database, List<String> setup, List<String> tables,
            String... statements) throws SQLException {
        setUp(database, setup);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        List<List<List<String>>> rowsBefore = rows(database, tables);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                assertBlockedOnProduction(() -> statement.execute(sql));
            }
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);
        assertThat(rows(database, tables)).isEqualTo(rowsBefore);
    }

    /** Runs the statements through one guarded connection from the current origin; none may be blocked. */
    private static void apply(Database database, String... statements) throws SQLException {
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static void setUp(Database database, List<String> setup) throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        try (Connection connection = TestDatabases.raw(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            for (String sql : setup) {
                statement.execute(sql);
            }
        }
    }

    private static List<List<List<String>>> rows(Database database, List<String> tables) throws SQLException {
        List<List<List<String>>> rows = new ArrayList<>();
        for (String table : tables) {
            rows.add(ShopFixture.query(database, Target.PRODUCTION, "SELECT * FROM " + table + " ORDER BY id"));
        }
        return rows;
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
            resultSet.next();
            return resultSet.getLong(1);
        }
    }

    private static Connection admin(String url) throws SQLException {
        return DriverManager.getConnection(url, TestDatabases.ADMIN_USER, TestDatabases.ADMIN_USER);
    }
}
