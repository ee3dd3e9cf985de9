package io.jdbcguard.it;

import static io.jdbcguard.it.Blocked.assertBlockedOnProduction;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #8 items 3 and 4 on the real servers: destructive DDL beyond DROP and armed code. From origin
 * {@code developer} each statement is blocked on production by the expected rule and the data, read back through a
 * raw connection, is intact; from origin {@code ci} the same statement runs, and the test shows what it did to the
 * data. Harmless stored code, and a procedure whose compound body holds several statements, are allowed from
 * {@code developer} and reach the server as one statement.
 */
class DestructiveDdlIT {
    /** MariaDB: {@code orders} split in two partitions, ids 1-2 and 3-4. */
    private static final List<String> PARTITIONED_ORDERS = List.of("ALTER TABLE orders PARTITION BY RANGE (id) "
            + "(PARTITION p0 VALUES LESS THAN (3), PARTITION p1 VALUES LESS THAN MAXVALUE)");
    /** PostgreSQL: {@code events} partitioned by year, with one row in the 2019 partition. */
    private static final List<String> PARTITIONED_EVENTS = List.of(
            "CREATE TABLE events (id int, y int) PARTITION BY RANGE (y)",
            "CREATE TABLE events_2019 PARTITION OF events FOR VALUES FROM (2019) TO (2020)",
            "INSERT INTO events VALUES (1, 2019)");

    @RegisterExtension
    final GuardSettings guard = new GuardSettings();

    @Test
    void mariaDbBlackholeEngineChangeIsBlockedAndWouldDiscardEveryRow() throws SQLException {
        try (Connection admin = TestDatabases.admin(Database.MARIADB); Statement statement = admin.createStatement()) {
            if (ShopFixture.query(Database.MARIADB, Target.PRODUCTION, "SELECT count(*) FROM information_schema.engines"
                    + " WHERE engine = 'BLACKHOLE'").get(0).get(0).equals("0")) {
                statement.execute("INSTALL SONAME 'ha_blackhole'");
            }
        }
        assertBlockedThenRunFromCi(Database.MARIADB, List.of(), "ALTER TABLE orders ENGINE = BLACKHOLE",
                "lossy-engine");

        assertThat(ShopFixture.rowCount(Database.MARIADB, Target.PRODUCTION, "orders")).isZero();
    }

    @Test
    void mariaDbAlterIgnoreAddUniqueIsBlockedAndWouldDeleteDuplicates() throws SQLException {
        assertBlockedThenRunFromCi(Database.MARIADB, List.of(), "ALTER IGNORE TABLE orders ADD UNIQUE (user_id)",
                "lossy-alter");

        assertThat(ShopFixture.rowCount(Database.MARIADB, Target.PRODUCTION, "orders"))
                .isEqualTo(ShopFixture.ORDERS - 1);
    }

    @Test
    void mariaDbAlterIgnorePartitionByIsBlockedAndWouldDeleteRowsThatFitNoPartition() throws SQLException {
        assertBlockedThenRunFromCi(Database.MARIADB, List.of(), "ALTER IGNORE TABLE orders PARTITION BY RANGE (id) "
                + "(PARTITION p0 VALUES LESS THAN (3))", "lossy-alter");

        assertThat(ShopFixture.rowCount(Database.MARIADB, Target.PRODUCTION, "orders")).isEqualTo(2);
    }

    @Test
    void mariaDbMergeEngineChangeIsBlockedAndWouldLeaveNoRows() throws SQLException {
        assertBlockedThenRunFromCi(Database.MARIADB, List.of(), "ALTER TABLE orders ENGINE = MRG_MyISAM",
                "lossy-engine");

        assertThat(ShopFixture.rowCount(Database.MARIADB, Target.PRODUCTION, "orders")).isZero();
    }

    @Test
    void mariaDbPartitionDropAndTruncateAreBlockedAndWouldDeleteThePartitionsRows() throws SQLException {
        assertBlockedThenRunFromCi(Database.MARIADB, PARTITIONED_ORDERS, "ALTER TABLE orders DROP PARTITION p0",
                "drop");
        assertThat(ShopFixture.rowCount(Database.MARIADB, Target.PRODUCTION, "orders")).isEqualTo(2);

        assertBlockedThenRunFromCi(Database.MARIADB, PARTITIONED_ORDERS,
                "ALTER TABLE orders WAIT 5 TRUNCATE PARTITION p0, p1", "truncate");
        assertThat(ShopFixture.rowCount(Database.MARIADB, Target.PRODUCTION, "orders")).isZero();
    }

    @Test
    void mariaDbTriggerWithACompoundBodyThatDeletesEveryRowIsBlocked() throws SQLException {
        String trigger = "CREATE TRIGGER orders_purge AFTER INSERT ON orders FOR EACH ROW BEGIN\n"
                + "  DECLARE n INT DEFAULT 0;\n"
                + "  IF NEW.total > 0 THEN\n"
                + "    DELETE FROM users;\n"
                + "  END IF;\n"
                + "END";
        assertBlockedThenRunFromCi(Database.MARIADB, List.of(), trigger, "armed-code");

        insertOrder(Database.MARIADB);
        assertThat(ShopFixture.rowCount(Database.MARIADB, Target.PRODUCTION, "users")).isZero();
    }

    /**
     * Issue #27 item 2: a trigger body with a WHERE that is not pinned to the triggering row ({@code NEW.user_id} is a
     * value, compared here with {@code <>}) deletes every other user on each insert; one pinned with {@code =} passes.
     */
    @Test
    void mariaDbTriggerNotPinnedToTheInsertedRowIsBlockedAndAPinnedOneIsAllowed() throws SQLException {
        assertBlockedThenRunFromCi(Database.MARIADB, List.of(), "CREATE TRIGGER orders_purge AFTER INSERT ON orders"
                + " FOR EACH ROW DELETE FROM users WHERE id <> NEW.user_id", "armed-code");
        insertOrder(Database.MARIADB);
        assertThat(ShopFixture.rowCount(Database.MARIADB, Target.PRODUCTION, "users")).isEqualTo(1);

        guard.origin(GuardSettings.DEVELOPER);
        ShopFixture.reset(Database.MARIADB, Target.PRODUCTION);
        try (Connection connection = TestDatabases.guard(Database.MARIADB_CONNECTOR_J, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TRIGGER orders_buyer AFTER INSERT ON orders FOR EACH ROW"
                    + " UPDATE users SET name = 'buyer' WHERE id = NEW.user_id");
        }
        insertOrder(Database.MARIADB);
        assertThat(ShopFixture.query(Database.MARIADB, Target.PRODUCTION, "SELECT name FROM users WHERE name ="
                + " 'buyer'")).hasSize(1);
        ShopFixture.reset(Database.MARIADB, Target.PRODUCTION);
    }

    @Test
    void postgresqlRuleNotPinnedToTheNewRowIsBlocked() throws SQLException {
        assertBlockedThenRunFromCi(Database.POSTGRESQL, List.of(), "CREATE RULE orders_demote AS ON INSERT TO orders"
                + " DO ALSO DELETE FROM users WHERE id > new.user_id", "armed-code");

        insertOrder(Database.POSTGRESQL);
        assertThat(ShopFixture.rowCount(Database.POSTGRESQL, Target.PRODUCTION, "users")).isEqualTo(1);
    }

    /**
     * Issue #27 item 2 on PostgreSQL: the trigger has no body of its own, so the guard reads the function it executes
     * from the server and judges it as the body: one created earlier that deletes every other user is refused, a
     * pinned one and pgAgent-style bookkeeping pass, dynamic SQL is refused (it cannot be read).
     */
    @Test
    void postgresqlTriggerIsJudgedByTheBodyOfTheFunctionItExecutes() throws SQLException {
        String purge = "CREATE FUNCTION purge_users() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " DELETE FROM users WHERE id <> NEW.user_id; RETURN NEW; END $$";
        assertBlockedThenRunFromCi(Database.POSTGRESQL, List.of(purge), "CREATE TRIGGER orders_purge AFTER INSERT ON"
                + " orders FOR EACH ROW EXECUTE FUNCTION purge_users()", "armed-code");
        insertOrder(Database.POSTGRESQL);
        assertThat(ShopFixture.rowCount(Database.POSTGRESQL, Target.PRODUCTION, "users")).isEqualTo(1);

        guard.origin(GuardSettings.DEVELOPER);
        setUp(Database.POSTGRESQL, List.of(
                "CREATE FUNCTION mark_buyer() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE v_user int; BEGIN"
                        + " SELECT INTO v_user id FROM users WHERE id = NEW.user_id;"
                        + " UPDATE users SET name = 'buyer' WHERE id = v_user; RETURN NEW; END $$",
                "CREATE FUNCTION dynamic_purge() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " EXECUTE 'DELETE FROM ' || TG_ARGV[0]; RETURN NEW; END $$"));
        try (Connection connection = TestDatabases.guard(Database.POSTGRESQL, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TRIGGER orders_buyer AFTER INSERT ON orders FOR EACH ROW"
                    + " EXECUTE FUNCTION mark_buyer()");
            assertThat(assertBlockedOnProduction(() -> statement.execute("CREATE TRIGGER orders_dynamic AFTER INSERT"
                    + " ON orders FOR EACH ROW EXECUTE FUNCTION dynamic_purge('users')")).getMessage())
                    .contains("dynamic SQL");
        }
        insertOrder(Database.POSTGRESQL);
        assertThat(ShopFixture.rowCount(Database.POSTGRESQL, Target.PRODUCTION, "users")).isEqualTo(ShopFixture.USERS);
        assertThat(ShopFixture.query(Database.POSTGRESQL, Target.PRODUCTION, "SELECT name FROM users WHERE id = 1"))
                .containsExactly(List.of("buyer"));
    }

    /**
     * The same function given a new body after its trigger exists: {@code CREATE OR REPLACE FUNCTION} arms the new
     * body at once, so it is judged as the trigger's; the same body for a function no trigger executes passes.
     */
    @Test
    void postgresqlNewBodyForAFunctionATriggerExecutesIsJudgedAsTheTriggers() throws SQLException {
        String harmless = "CREATE FUNCTION touch_order() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " NEW.total := NEW.total; RETURN NEW; END $$";
        String purge = "CREATE OR REPLACE FUNCTION touch_order() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " DELETE FROM users WHERE id <> NEW.user_id; RETURN NEW; END $$";
        assertBlockedThenRunFromCi(Database.POSTGRESQL, List.of(harmless, "CREATE TRIGGER orders_touch BEFORE INSERT"
                + " ON orders FOR EACH ROW EXECUTE FUNCTION touch_order()"), purge, "armed-code");
        insertOrder(Database.POSTGRESQL);
        assertThat(ShopFixture.rowCount(Database.POSTGRESQL, Target.PRODUCTION, "users")).isEqualTo(1);

        guard.origin(GuardSettings.DEVELOPER);
        setUp(Database.POSTGRESQL, List.of(harmless));
        try (Connection connection = TestDatabases.guard(Database.POSTGRESQL, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.execute(purge);
        }
        insertOrder(Database.POSTGRESQL);
        assertThat(ShopFixture.rowCount(Database.POSTGRESQL, Target.PRODUCTION, "users")).isEqualTo(ShopFixture.USERS);
    }

    @Test
    void mariaDbEventThatTruncatesIsBlocked() throws SQLException {
        assertBlockedThenRunFromCi(Database.MARIADB, List.of(),
                "CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY DISABLE DO BEGIN TRUNCATE TABLE orders; END",
                "armed-code");

        assertThat(ShopFixture.query(Database.MARIADB, Target.PRODUCTION,
                "SELECT count(*) FROM information_schema.events WHERE event_name = 'nightly'")).containsExactly(
                        List.of("1"));
    }

    @Test
    void mariaDbHarmlessTriggerAndCompoundProcedureAreAllowedAsOneStatement() throws SQLException {
        guard.origin(GuardSettings.DEVELOPER);
        ShopFixture.reset(Database.MARIADB, Target.PRODUCTION);
        try (Connection connection = TestDatabases.guard(Database.MARIADB, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TRIGGER orders_check BEFORE INSERT ON orders FOR EACH ROW BEGIN\n"
                    + "  IF NEW.total < 0 THEN\n"
                    + "    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'negative total';\n"
                    + "  END IF;\n"
                    + "  SET NEW.total = ROUND(NEW.total, 1);\n"
                    + "END");
            statement.execute("CREATE PROCEDURE purge_all() BEGIN DELETE FROM orders; DELETE FROM users; END");
        }

        insertOrder(Database.MARIADB);
        assertThat(ShopFixture.query(Database.MARIADB, Target.PRODUCTION, "SELECT total FROM orders WHERE id = 9"))
                .containsExactly(List.of("7.50"));
        assertThat(ShopFixture.query(Database.MARIADB, Target.PRODUCTION, "SELECT routine_definition FROM "
                + "information_schema.routines WHERE routine_name = 'purge_all'").get(0).get(0))
                .contains("DELETE FROM orders;", "DELETE FROM users;");
        assertThat(ShopFixture.rowCount(Database.MARIADB, Target.PRODUCTION, "users")).isEqualTo(ShopFixture.USERS);
        ShopFixture.reset(Database.MARIADB, Target.PRODUCTION);
    }

    @Test
    void postgresqlRuleThatTurnsAnInsertIntoADeleteOfEverythingIsBlocked() throws SQLException {
        assertBlockedThenRunFromCi(Database.POSTGRESQL, List.of(),
                "CREATE RULE orders_purge AS ON INSERT TO orders DO INSTEAD DELETE FROM users", "armed-code");

        insertOrder(Database.POSTGRESQL);
        assertThat(ShopFixture.rowCount(Database.POSTGRESQL, Target.PRODUCTION, "users")).isZero();
        assertThat(ShopFixture.rowCount(Database.POSTGRESQL, Target.PRODUCTION, "orders"))
                .isEqualTo(ShopFixture.ORDERS);
    }

    @Test
    void postgresqlRuleWithAnActionListIsOneStatementAndBlocked() throws SQLException {
        assertBlockedThenRunFromCi(Database.POSTGRESQL, List.of(),
                "CREATE RULE orders_log AS ON UPDATE TO orders DO ALSO (SELECT 1; DELETE FROM users)",
                "armed-code");

        assertThat(ShopFixture.rowCount(Database.POSTGRESQL, Target.PRODUCTION, "users"))
                .isEqualTo(ShopFixture.USERS);
        runRaw(Database.POSTGRESQL, "UPDATE orders SET total = total WHERE id = 1");
        assertThat(ShopFixture.rowCount(Database.POSTGRESQL, Target.PRODUCTION, "users")).isZero();
    }

    @Test
    void postgresqlTypeChangeUsingAConstantAndSetUnloggedAreBlocked() throws SQLException {
        assertBlockedThenRunFromCi(Database.POSTGRESQL, List.of(),
                "ALTER TABLE users ALTER COLUMN name TYPE varchar(20) USING 'anonymous'", "lossy-alter");
        assertThat(ShopFixture.query(Database.POSTGRESQL, Target.PRODUCTION, "SELECT DISTINCT name FROM users"))
                .containsExactly(List.of("anonymous"));

        assertBlockedThenRunFromCi(Database.POSTGRESQL, List.of(), "ALTER TABLE users SET UNLOGGED", "lossy-engine");
    }

    @Test
    void postgresqlPartitionDropIsBlockedAndDetachIsAllowed() throws SQLException {
        assertBlockedThenRunFromCi(Database.POSTGRESQL, PARTITIONED_EVENTS, "DROP TABLE events_2019", "drop");

        guard.origin(GuardSettings.DEVELOPER);
        setUp(Database.POSTGRESQL, PARTITIONED_EVENTS);
        try (Connection connection = TestDatabases.guard(Database.POSTGRESQL, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE events DETACH PARTITION events_2019");
        }
        assertThat(ShopFixture.rowCount(Database.POSTGRESQL, Target.PRODUCTION, "events_2019")).isEqualTo(1);
        ShopFixture.reset(Database.POSTGRESQL, Target.PRODUCTION);
    }

    /**
     * On a fresh shop set up with {@code setup}: from {@code developer}, {@code sql} is blocked by {@code ruleId}
     * and the shop is unchanged; from {@code ci} it runs. Leaves the shop as {@code sql} left it.
     */
    private void assertBlockedThenRunFromCi(Database database, List<String> setup, String sql, String ruleId)
            throws SQLException {
        guard.origin(GuardSettings.DEVELOPER);
        setUp(database, setup);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            assertThat(assertBlockedOnProduction(() -> statement.execute(sql)).getRuleId()).isEqualTo(ruleId);
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);

        guard.origin(GuardSettings.CI);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * What the server says now makes a DROP ... IF EXISTS moot only for a text that runs alone and at once: a prepared
     * one is judged again when it runs (the table may exist by then), and one that runs after other statements of
     * its text or batch (a switch of search path or database, a new trigger) is refused as any DROP.
     */
    @ParameterizedTest
    @EnumSource(Database.class)
    void aDropIfExistsIsMootOnlyWhenItRunsAloneAndAtOnce(Database database) throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        boolean pg = database == Database.POSTGRESQL;
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            try (PreparedStatement drop = connection.prepareStatement("DROP TABLE IF EXISTS later_orders")) {
                runRaw(database, "CREATE TABLE later_orders (id int)");
                runRaw(database, "INSERT INTO later_orders VALUES (1), (2)");
                assertBlockedOnProduction(drop::execute);
            }
            assertBlockedOnProduction(() -> statement.addBatch("DROP TABLE IF EXISTS no_such_table"));
            statement.addBatch(pg ? "SET search_path = public" : "USE shop");
            assertBlockedOnProduction(() -> statement.addBatch("DROP TABLE IF EXISTS orders"));
            if (pg) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS empty_schema");
                statement.execute("SET search_path = empty_schema");
                assertBlockedOnProduction(() -> statement.execute("SET search_path = public;"
                        + " DROP TABLE IF EXISTS orders"));
                statement.execute("SET search_path = public");
                runRaw(database, "CREATE FUNCTION touch_order() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " RETURN NEW; END $$");
                statement.addBatch("CREATE TRIGGER orders_touch BEFORE INSERT ON orders FOR EACH ROW"
                        + " EXECUTE FUNCTION touch_order()");
                assertBlockedOnProduction(() -> statement.addBatch("CREATE OR REPLACE FUNCTION touch_order()"
                        + " RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM users WHERE id <> NEW.user_id;"
                        + " RETURN NEW; END $$"));
            }
        }
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "orders")).isEqualTo(ShopFixture.ORDERS);
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "later_orders")).isEqualTo(2);
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "users")).isEqualTo(ShopFixture.USERS);
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

    private static void insertOrder(Database database) throws SQLException {
        runRaw(database, "INSERT INTO orders (id, user_id, total) VALUES (9, 1, 7.54)");
    }

    private static void runRaw(Database database, String sql) throws SQLException {
        try (Connection connection = TestDatabases.raw(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Issue #27 item 7: a {@code DROP ... IF EXISTS} of objects the server does not have changes nothing and passes;
     * Quartz's {@code tables_postgres.sql} and {@code tables_mysql_innodb.sql} open with these eleven statements (one
     * text each, as the tools send them). With one of the named tables present, or a view, it is refused as before
     * and the data is intact. The server resolves the names: on MariaDB with case-sensitive table names
     * ({@code lower_case_table_names = 0}) {@code ORDERS} is not {@code orders}, and dropping it changes nothing.
     */
    @ParameterizedTest
    @EnumSource(Database.class)
    void aDropIfExistsOfWhatTheServerDoesNotHavePassesAndOfWhatItHasIsRefused(Database database) throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        List<String> quartz = List.of("QRTZ_FIRED_TRIGGERS", "QRTZ_PAUSED_TRIGGER_GRPS", "QRTZ_SCHEDULER_STATE",
                "QRTZ_LOCKS", "QRTZ_SIMPLE_TRIGGERS", "QRTZ_SIMPROP_TRIGGERS", "QRTZ_CRON_TRIGGERS",
                "QRTZ_BLOB_TRIGGERS", "QRTZ_TRIGGERS", "QRTZ_JOB_DETAILS", "QRTZ_CALENDARS");
        try (Connection admin = TestDatabases.admin(database); Statement statement = admin.createStatement()) {
            for (String table : quartz) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
            statement.execute("DROP VIEW IF EXISTS big_orders");
            statement.execute("CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 10");
        }
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            for (String table : quartz) {
                statement.execute("DROP TABLE IF EXISTS " + table + ";");
            }
            statement.execute("DROP TABLE IF EXISTS no_such_table, \"No Such Table\"".replace('"',
                    database == Database.POSTGRESQL ? '"' : '`'));
            statement.execute("DROP VIEW IF EXISTS no_such_view");
            assertThat(assertBlockedOnProduction(() -> statement.execute("DROP TABLE IF EXISTS no_such_table, orders"))
                    .getRuleId()).isEqualTo("drop");
            if (database == Database.POSTGRESQL) {
                assertBlockedOnProduction(() -> statement.execute("DROP TABLE IF EXISTS ORDERS"));
            } else {
                statement.execute("DROP TABLE IF EXISTS ORDERS");
            }
            assertBlockedOnProduction(() -> statement.execute(database == Database.POSTGRESQL
                    ? "DROP TABLE IF EXISTS public.orders" : "DROP TABLE IF EXISTS `shop`.`orders`"));
            assertBlockedOnProduction(() -> statement.execute("DROP VIEW IF EXISTS big_orders"));
            assertBlockedOnProduction(() -> statement.execute("DROP TABLE orders_that_are_not_there"));
        }
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "orders")).isEqualTo(ShopFixture.ORDERS);
        try (Connection admin = TestDatabases.admin(database); Statement statement = admin.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM big_orders")) {
            assertThat(row.next()).isTrue();
        }
    }

}
