package io.jdbcguard.it;

import static io.jdbcguard.it.Blocked.assertBlockedOnProduction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jdbcguard.GuardViolationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #27 item 1 on the real servers: a column type change is judged against the column's live type. From origin
 * {@code developer} to production, every conversion that rounds, cuts or replaces values of a table holding rows is
 * blocked by {@code lossy-alter} with the table, the column, the old and the new type in the message, and the data,
 * read back through a raw connection, is intact; from origin {@code ci} the same statement runs, and the test shows
 * the values it lost. Widenings, restated types and narrowings the server refuses itself are allowed from
 * {@code developer}, as are lossy changes of an empty table and of a table the connection created. Every case runs on
 * PostgreSQL 15 through pgjdbc and on MariaDB 10.11 through both MySQL Connector/J and MariaDB Connector/J.
 */
class LossyTypeChangeIT {
    /** {@code orders} gains a timestamp and a name: ids 1-4, totals 10.00, 20.50, 5.25, 99.99. */
    private static final List<String> PG_SETUP = List.of(
            "ALTER TABLE orders ADD COLUMN created_at timestamp, ADD COLUMN name varchar(100)",
            "UPDATE orders SET created_at = TIMESTAMP '2024-01-15 10:30:00' + id * INTERVAL '1 hour',"
                    + " name = 'order-' || id");
    private static final List<String> MARIADB_SETUP = List.of(
            "ALTER TABLE orders ADD COLUMN created_at datetime, ADD COLUMN name varchar(100)",
            "UPDATE orders SET created_at = TIMESTAMP '2024-01-15 10:30:00' + INTERVAL id HOUR,"
                    + " name = CONCAT('order-', id)");
    private static final String NOT_STRICT = "SET SESSION sql_mode = ''";
    /** A value that fits no {@code smallint}. */
    private static final String BIG_USER_ID = "UPDATE orders SET user_id = 100000 WHERE id = 4";

    @RegisterExtension
    final GuardSettings guard = new GuardSettings();

    @Test
    void postgresqlNumericToIntegerIsBlockedAndWouldRoundEveryCentAway() throws SQLException {
        assertBlockedThenLostFromCi(Database.POSTGRESQL, List.of(),
                "ALTER TABLE orders ALTER COLUMN total TYPE integer", "numeric(10,2)", "integer");
        assertThat(totals(Database.POSTGRESQL)).containsExactly("10", "21", "5", "100");
    }

    @Test
    void postgresqlTimestampToDateIsBlockedAndWouldDropTheTimeOfDay() throws SQLException {
        assertBlockedThenLostFromCi(Database.POSTGRESQL, List.of(),
                "ALTER TABLE orders ALTER COLUMN created_at TYPE date", "timestamp without time zone", "date");
        assertThat(column(Database.POSTGRESQL, "created_at")).containsExactly("2024-01-15", "2024-01-15",
                "2024-01-15", "2024-01-15");
    }

    @Test
    void postgresqlExplicitCastToAShorterVarcharIsBlockedAndWouldTruncate() throws SQLException {
        assertBlockedThenLostFromCi(Database.POSTGRESQL, List.of(),
                "ALTER TABLE orders ALTER COLUMN name TYPE varchar(2) USING name::varchar(2)",
                "character varying(100)", "varchar(2)");
        assertThat(column(Database.POSTGRESQL, "name")).containsExactly("or", "or", "or", "or");
    }

    @Test
    void postgresqlUsingAnExpressionThatMakesEveryValueTheSameIsBlocked() throws SQLException {
        assertBlockedThenLostFromCi(Database.POSTGRESQL, List.of(),
                "ALTER TABLE orders ALTER COLUMN total TYPE numeric(10,2) USING total * 0", "numeric(10,2)",
                "USING total * 0");
        assertThat(totals(Database.POSTGRESQL)).containsOnly("0.00");
    }

    @Test
    void postgresqlQuotedQualifiedNamesCommentsAndSeveralChangesInOneAlterAreEachJudged() throws SQLException {
        assertBlockedThenLostFromCi(Database.POSTGRESQL, List.of(), "ALTER TABLE public.\"orders\" /* widen */ ALTER"
                + " COLUMN id TYPE bigint, -- and\n ALTER COLUMN \"total\" TYPE int, ALTER COLUMN user_id TYPE int",
                "numeric(10,2)", "int");
    }

    @Test
    void mariaDbDecimalToIntIsBlockedEvenInStrictModeAndWouldRound() throws SQLException {
        for (Database database : mariaDbDrivers()) {
            assertBlockedThenLostFromCi(database, List.of(), "ALTER TABLE orders MODIFY total INT NOT NULL",
                    "decimal(10,2)", "INT");
            assertThat(totals(database)).containsExactly("10", "21", "5", "100");
        }
    }

    @Test
    void mariaDbDatetimeToDateIsBlockedEvenInStrictModeAndWouldDropTheTimeOfDay() throws SQLException {
        for (Database database : mariaDbDrivers()) {
            assertBlockedThenLostFromCi(database, List.of(), "ALTER TABLE orders MODIFY created_at DATE NOT NULL",
                    "datetime", "DATE");
            assertThat(column(database, "created_at")).containsOnly("2024-01-15");
        }
    }

    @Test
    void mariaDbShorterVarcharWithoutStrictModeIsBlockedAndWouldTruncate() throws SQLException {
        for (Database database : mariaDbDrivers()) {
            assertBlockedThenLostFromCi(database, List.of(NOT_STRICT), "ALTER TABLE orders MODIFY name VARCHAR(2)",
                    "varchar(100)", "VARCHAR(2)");
            assertThat(column(database, "name")).containsOnly("or");
        }
    }

    @Test
    void mariaDbChangeColumnAndQualifiedModifyColumnAreJudgedToo() throws SQLException {
        for (Database database : mariaDbDrivers()) {
            assertBlockedThenLostFromCi(database, List.of(), "ALTER TABLE orders CHANGE COLUMN total amount INT",
                    "decimal(10,2)", "INT");
            assertBlockedThenLostFromCi(database, List.of(NOT_STRICT), "ALTER TABLE `shop`.`orders` /* x */ MODIFY"
                    + " COLUMN `user_id` BIGINT, MODIFY COLUMN name CHAR(1)", "varchar(100)", "CHAR(1)");
        }
    }

    @Test
    void postgresqlWideningsRestatedTypesAndNarrowingsTheServerRefusesAreAllowed() throws SQLException {
        assertAllowedAndIntact(Database.POSTGRESQL, List.of(
                "ALTER TABLE orders ALTER COLUMN user_id TYPE bigint",
                "alter table if exists orders alter column name set data type varchar(255)",
                "ALTER TABLE orders ALTER COLUMN name TYPE varchar(255)",
                "ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2), ALTER COLUMN id TYPE bigint",
                "ALTER TABLE orders ALTER COLUMN name TYPE text USING name",
                "ALTER TABLE orders ALTER COLUMN created_at TYPE timestamp(6)",
                "ALTER TABLE orders ALTER COLUMN user_id TYPE smallint"));
        assertThat(types(Database.POSTGRESQL)).containsExactly("bigint", "smallint", "numeric(12,2)",
                "timestamp(6) without time zone", "text");

        assertRefusedByTheServer(Database.POSTGRESQL, List.of(),
                "ALTER TABLE orders ALTER COLUMN name TYPE varchar(2)");
        assertRefusedByTheServer(Database.POSTGRESQL, List.of(),
                "ALTER TABLE orders ALTER COLUMN total TYPE numeric(3,2)");
        assertRefusedByTheServer(Database.POSTGRESQL, List.of(BIG_USER_ID),
                "ALTER TABLE orders ALTER COLUMN user_id TYPE smallint");
    }

    @Test
    void mariaDbWideningsRestatedTypesAndStrictNarrowingsAreAllowed() throws SQLException {
        for (Database database : mariaDbDrivers()) {
            assertAllowedAndIntact(database, List.of(
                    "ALTER TABLE orders MODIFY user_id BIGINT",
                    "ALTER TABLE orders MODIFY COLUMN name VARCHAR(255)",
                    "ALTER TABLE orders CHANGE name name VARCHAR(255) NOT NULL",
                    "ALTER TABLE orders MODIFY total DECIMAL(12,2), MODIFY created_at DATETIME",
                    "ALTER TABLE orders MODIFY name TEXT"));
            assertThat(types(database)).containsExactly("int(11)", "bigint(20)", "decimal(12,2)", "datetime",
                    "text");

            assertRefusedByTheServer(database, List.of(), "ALTER TABLE orders MODIFY name VARCHAR(2)");
            assertRefusedByTheServer(database, List.of(), "ALTER TABLE orders MODIFY total DECIMAL(3,2)");
            assertRefusedByTheServer(database, List.of(BIG_USER_ID), "ALTER TABLE orders MODIFY user_id SMALLINT");
        }
    }

    @Test
    void postgresqlATableRenamedEarlierInTheSameTextIsOfUnknownTypeAndBlocked() throws SQLException {
        setUp(Database.POSTGRESQL, List.of());
        ShopState before = ShopFixture.snapshot(Database.POSTGRESQL, Target.PRODUCTION);
        String sql = "ALTER TABLE orders RENAME TO o2; ALTER TABLE o2 ALTER COLUMN total TYPE integer";
        try (Connection connection = TestDatabases.guard(Database.POSTGRESQL, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            GuardViolationException violation = assertBlockedOnProduction(() -> statement.execute(sql), sql);
            assertThat(violation.getRuleId()).isEqualTo("lossy-alter");
            assertThat(violation.getMessage()).contains("o2", "total", "send the statements one by one");
        }
        assertThat(ShopFixture.snapshot(Database.POSTGRESQL, Target.PRODUCTION)).isEqualTo(before);
    }

    @Test
    void postgresqlATableCreatedEarlierInTheSameTextIsTheConnectionsOwn() throws SQLException {
        setUp(Database.POSTGRESQL, List.of());
        try (Connection connection = TestDatabases.guard(Database.POSTGRESQL, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE scratch AS SELECT id, total FROM orders;"
                    + " ALTER TABLE scratch ALTER COLUMN total TYPE integer");
        }
        assertThat(ShopFixture.query(Database.POSTGRESQL, Target.PRODUCTION, "SELECT total FROM scratch ORDER BY id"))
                .containsExactly(List.of("10"), List.of("21"), List.of("5"), List.of("100"));
    }

    @Test
    void mariaDbStrictModeTurnedOffEarlierInTheBatchIsNotTrusted() throws SQLException {
        for (Database database : mariaDbDrivers()) {
            setUp(database, List.of());
            ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
            try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                    Statement statement = connection.createStatement()) {
                statement.addBatch(NOT_STRICT);
                String sql = "ALTER TABLE orders MODIFY name VARCHAR(2)";
                GuardViolationException violation = assertBlockedOnProduction(() -> statement.addBatch(sql), sql);
                assertThat(violation.getMessage()).contains("varchar(100)", "not strict for this change");
                statement.executeBatch();
            }
            assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).as(database.name()).isEqualTo(before);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aLossyChangeOfAnEmptyTableIsAllowed(Database database) throws SQLException {
        setUp(database, List.of("DELETE FROM orders"));
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.execute(database.isMysql() ? "ALTER TABLE orders MODIFY total INT"
                    : "ALTER TABLE orders ALTER COLUMN total TYPE integer");
        }
        assertThat(types(database).get(2)).isIn("integer", "int(11)");
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aLossyChangeOfATableTheConnectionCreatedIsAllowed(Database database) throws SQLException {
        setUp(database, List.of());
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE scratch (id int primary key, v numeric(10,2))");
            statement.execute("INSERT INTO scratch VALUES (1, 1.25), (2, 2.50)");
            statement.execute(database.isMysql() ? "ALTER TABLE scratch MODIFY v INT"
                    : "ALTER TABLE scratch ALTER COLUMN v TYPE integer");
        }
        assertThat(ShopFixture.query(database, Target.PRODUCTION, "SELECT v FROM scratch ORDER BY id"))
                .containsExactly(List.of("1"), List.of("3"));
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aPreparedTypeChangeIsJudgedAgainWhenItRunsAgainstTheRowsThenPresent(Database database) throws SQLException {
        setUp(database, List.of("DELETE FROM orders"));
        String sql = database.isMysql() ? "ALTER TABLE orders MODIFY total INT"
                : "ALTER TABLE orders ALTER COLUMN total TYPE integer";
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                PreparedStatement prepared = connection.prepareStatement(sql)) {
            try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION);
                    Statement statement = raw.createStatement()) {
                statement.execute("INSERT INTO orders (id, user_id, total) VALUES (1, 1, 10.50)");
            }
            GuardViolationException violation = assertBlockedOnProduction(prepared::execute, sql);
            assertThat(violation.getRuleId()).isEqualTo("lossy-alter");
        }
        assertThat(totals(database)).containsExactly("10.50");
        assertThat(types(database).get(2)).isIn("numeric(10,2)", "decimal(10,2)");
    }

    /**
     * On a fresh shop with the extra columns: from {@code developer}, after {@code session} on the same connection,
     * {@code sql} is blocked by {@code lossy-alter} with a message naming {@code orders}, the old and the new type,
     * and the shop and its column types are unchanged; from {@code ci} it runs. Leaves the shop as {@code sql} left
     * it.
     */
    private void assertBlockedThenLostFromCi(Database database, List<String> session, String sql, String oldType,
            String newType) throws SQLException {
        guard.origin(GuardSettings.DEVELOPER);
        setUp(database, List.of());
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        List<String> typesBefore = types(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            for (String setting : session) {
                statement.execute(setting);
            }
            GuardViolationException violation = assertBlockedOnProduction(() -> statement.execute(sql),
                    sql.replaceAll("\\s+", " "));
            assertThat(violation.getRuleId()).as(database + ": " + sql).isEqualTo("lossy-alter");
            assertThat(violation.getMessage()).contains("orders", oldType, newType);
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).as(database + ": " + sql).isEqualTo(before);
        assertThat(types(database)).isEqualTo(typesBefore);

        guard.origin(GuardSettings.CI);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            for (String setting : session) {
                statement.execute(setting);
            }
            statement.execute(sql);
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).as(database + ": " + sql).isNotEqualTo(before);
    }

    /** From {@code developer}, every statement runs on a fresh shop and every value reads back the same. */
    private void assertAllowedAndIntact(Database database, List<String> statements) throws SQLException {
        guard.origin(GuardSettings.DEVELOPER);
        setUp(database, List.of());
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).as(database.name()).isEqualTo(before);
    }

    /**
     * On a fresh shop changed by {@code setup} (run raw): from {@code developer}, the guard lets {@code sql} through
     * and the server refuses it, so nothing changes.
     */
    private void assertRefusedByTheServer(Database database, List<String> setup, String sql) throws SQLException {
        guard.origin(GuardSettings.DEVELOPER);
        setUp(database, setup);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            Throwable refusal = catchThrowable(() -> statement.execute(sql));
            assertThat(refusal).as(database + ": " + sql).isInstanceOf(SQLException.class)
                    .isNotInstanceOf(GuardViolationException.class);
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).as(database + ": " + sql).isEqualTo(before);
    }

    private static List<Database> mariaDbDrivers() {
        return List.of(Database.MARIADB, Database.MARIADB_CONNECTOR_J);
    }

    private static void setUp(Database database, List<String> more) throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        try (Connection connection = TestDatabases.raw(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            for (String sql : database.isMysql() ? MARIADB_SETUP : PG_SETUP) {
                statement.execute(sql);
            }
            for (String sql : more) {
                statement.execute(sql);
            }
        }
    }

    /** The types of {@code orders}' columns in column order, as the catalog spells them, read raw. */
    private static List<String> types(Database database) throws SQLException {
        String sql = database.isMysql() ? "SELECT column_type FROM information_schema.columns WHERE table_schema ="
                + " DATABASE() AND table_name = 'orders' ORDER BY ordinal_position"
                : "SELECT pg_catalog.format_type(atttypid, atttypmod) FROM pg_catalog.pg_attribute WHERE attrelid ="
                        + " 'orders'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum";
        return ShopFixture.query(database, Target.PRODUCTION, sql).stream().map(row -> row.get(0)).toList();
    }

    private static List<String> totals(Database database) throws SQLException {
        return column(database, "total");
    }

    private static List<String> column(Database database, String expression) throws SQLException {
        return ShopFixture.query(database, Target.PRODUCTION, "SELECT " + expression + " FROM orders ORDER BY id")
                .stream().map(row -> row.get(0)).toList();
    }
}
