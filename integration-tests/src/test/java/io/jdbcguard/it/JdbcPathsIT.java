package io.jdbcguard.it;

import static io.jdbcguard.it.Blocked.assertBlockedOnProduction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JDBC way of sending a statement is guarded: each {@code Statement.execute*} overload, batches, prepared and
 * callable statements (blocked when prepared) and multi-statement text. After each blocked attempt a raw connection
 * proves that nothing reached production.
 */
class JdbcPathsIT {
    private static final String DROP = "DROP TABLE users";
    private static final String DELETE_ALL = "DELETE FROM orders";

    @RegisterExtension
    final GuardSettings guard = new GuardSettings();

    /** One way of sending SQL text through a {@link Statement}. */
    @FunctionalInterface
    interface StatementCall {
        void run(Statement statement, String sql) throws SQLException;
    }

    /** One way of preparing SQL text on a {@link Connection}. */
    @FunctionalInterface
    interface PrepareCall {
        void run(Connection connection, String sql) throws SQLException;
    }

    static Stream<Arguments> statementCalls() {
        List<Named<StatementCall>> calls = List.of(
                Named.of("execute(sql)", Statement::execute),
                Named.of("execute(sql, RETURN_GENERATED_KEYS)",
                        (s, sql) -> s.execute(sql, Statement.RETURN_GENERATED_KEYS)),
                Named.of("execute(sql, columnIndexes)", (s, sql) -> s.execute(sql, new int[] {1})),
                Named.of("execute(sql, columnNames)", (s, sql) -> s.execute(sql, new String[] {"id"})),
                Named.of("executeQuery(sql)", (s, sql) -> s.executeQuery(sql).close()),
                Named.of("executeUpdate(sql)", Statement::executeUpdate),
                Named.of("executeUpdate(sql, RETURN_GENERATED_KEYS)",
                        (s, sql) -> s.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS)),
                Named.of("executeUpdate(sql, columnIndexes)", (s, sql) -> s.executeUpdate(sql, new int[] {1})),
                Named.of("executeUpdate(sql, columnNames)", (s, sql) -> s.executeUpdate(sql, new String[] {"id"})),
                Named.of("executeLargeUpdate(sql)", Statement::executeLargeUpdate),
                Named.of("executeLargeUpdate(sql, RETURN_GENERATED_KEYS)",
                        (s, sql) -> s.executeLargeUpdate(sql, Statement.RETURN_GENERATED_KEYS)),
                Named.of("executeLargeUpdate(sql, columnIndexes)",
                        (s, sql) -> s.executeLargeUpdate(sql, new int[] {1})),
                Named.of("executeLargeUpdate(sql, columnNames)",
                        (s, sql) -> s.executeLargeUpdate(sql, new String[] {"id"})));
        return crossWithDatabases(calls);
    }

    static Stream<Arguments> prepareCalls() {
        List<Named<PrepareCall>> calls = List.of(
                Named.of("prepareStatement(sql)", (c, sql) -> c.prepareStatement(sql).close()),
                Named.of("prepareStatement(sql, RETURN_GENERATED_KEYS)",
                        (c, sql) -> c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS).close()),
                Named.of("prepareStatement(sql, columnIndexes)",
                        (c, sql) -> c.prepareStatement(sql, new int[] {1}).close()),
                Named.of("prepareStatement(sql, columnNames)",
                        (c, sql) -> c.prepareStatement(sql, new String[] {"id"}).close()),
                Named.of("prepareStatement(sql, type, concurrency)", (c, sql) -> c.prepareStatement(sql,
                        ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY).close()),
                Named.of("prepareStatement(sql, type, concurrency, holdability)", (c, sql) -> c.prepareStatement(sql,
                        ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY,
                        ResultSet.HOLD_CURSORS_OVER_COMMIT).close()),
                Named.of("prepareCall(sql)", (c, sql) -> c.prepareCall(sql).close()),
                Named.of("prepareCall(sql, type, concurrency)", (c, sql) -> c.prepareCall(sql,
                        ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY).close()),
                Named.of("prepareCall(sql, type, concurrency, holdability)", (c, sql) -> c.prepareCall(sql,
                        ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY,
                        ResultSet.HOLD_CURSORS_OVER_COMMIT).close()));
        return crossWithDatabases(calls);
    }

    private static <T> Stream<Arguments> crossWithDatabases(List<Named<T>> calls) {
        List<Arguments> arguments = new ArrayList<>();
        for (Database database : Database.values()) {
            for (Named<T> call : calls) {
                arguments.add(Arguments.of(database, call));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("statementCalls")
    void statementExecuteIsBlocked(Database database, StatementCall call) throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            assertBlockedOnProduction(() -> call.run(statement, DROP));
            assertBlockedOnProduction(() -> call.run(statement, DELETE_ALL));
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);
    }

    /**
     * The String-SQL methods a {@code PreparedStatement} and a {@code CallableStatement} inherit from
     * {@code Statement}: Connector/J and MariaDB Connector/J run them, so they must be judged as on any statement.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("statementCalls")
    void stringSqlOnPreparedAndCallableStatementsIsBlocked(Database database, StatementCall call)
            throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                PreparedStatement prepared = connection.prepareStatement("SELECT 1")) {
            assertBlockedOnProduction(() -> call.run(prepared, DROP));
            assertBlockedOnProduction(() -> call.run(prepared, DELETE_ALL));
            assertBlockedOnProduction(() -> prepared.addBatch(DELETE_ALL));
            Statement callable = callable(connection);
            if (callable != null) {
                assertBlockedOnProduction(() -> call.run(callable, DROP));
                assertBlockedOnProduction(() -> call.run(callable, DELETE_ALL));
                callable.close();
            }
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);
    }

    /** A callable statement of an allowed text, where the vendor driver prepares one from {@code SELECT 1}. */
    private static Statement callable(Connection connection) {
        try {
            return connection.prepareCall("SELECT 1");
        } catch (SQLException e) {
            assertThat((Throwable) e).isNotInstanceOf(io.jdbcguard.GuardViolationException.class);
            return null;
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("prepareCalls")
    void prepareIsBlocked(Database database, PrepareCall call) throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION)) {
            assertBlockedOnProduction(() -> call.run(connection, DROP));
            assertBlockedOnProduction(() -> call.run(connection, DELETE_ALL));
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void batchWithOneBlockedStatementRunsNothingEvenWhenExecutedAgain(Database database) throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            assertBlockedOnProduction(() -> {
                statement.addBatch("INSERT INTO users (id, name) VALUES (10, 'before')");
                statement.addBatch(DELETE_ALL);
                statement.addBatch("INSERT INTO users (id, name) VALUES (11, 'after')");
                statement.executeBatch();
            });
            Throwable again = catchThrowable(statement::executeBatch);
            assertThat(again).as("second executeBatch() after a blocked batch")
                    .satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(SQLException.class));
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void batchOfAllowedStatementsRuns(Database database) throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.addBatch("INSERT INTO users (id, name) VALUES (10, 'ten')");
            statement.addBatch("UPDATE users SET name = 'eleven' WHERE id = 1");
            assertThat(statement.executeBatch()).containsExactly(1, 1);
        }
        assertThat(ShopFixture.query(database, Target.PRODUCTION, "SELECT id, name FROM users WHERE id IN (1, 10)"
                + " ORDER BY id")).containsExactly(List.of("1", "eleven"), List.of("10", "ten"));
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void preparedStatementsWithParametersRun(Database database) throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION)) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE users SET name = ? WHERE id = ?")) {
                update.setString(1, "renamed");
                update.setInt(2, 3);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO orders (id, user_id, total) VALUES (?, ?, ?)")) {
                for (int id = 10; id < 13; id++) {
                    insert.setInt(1, id);
                    insert.setInt(2, 1);
                    insert.setBigDecimal(3, BigDecimal.ONE);
                    insert.addBatch();
                }
                assertThat(insert.executeBatch()).hasSize(3);
            }
        }
        assertThat(ShopFixture.query(database, Target.PRODUCTION, "SELECT name FROM users WHERE id = 3"))
                .containsExactly(List.of("renamed"));
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "orders")).isEqualTo(ShopFixture.ORDERS + 3);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void multiStatementTextIsBlockedAsAWhole(Database database) throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        String url = TestDatabases.guardUrl(database, Target.PRODUCTION)
                + (database.isMysql() ? "?allowMultiQueries=true" : "");
        try (Connection connection = TestDatabases.guard(url);
                Statement statement = connection.createStatement()) {
            assertBlockedOnProduction(() -> statement.execute("SELECT 1; DROP TABLE users"));
            assertBlockedOnProduction(() -> statement.execute(
                    "INSERT INTO users (id, name) VALUES (12, 'first'); DELETE FROM orders"));
            assertBlockedOnProduction(() -> connection.prepareStatement("SELECT 1; DROP TABLE users").close());
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);
    }

    /**
     * An origin no guard covers gets the vendor's own connection, so its statements run through no guard code at
     * all: the end-to-end benchmark's "unguarded" variant measures the vendor driver itself after the guard's connect.
     */
    @ParameterizedTest
    @EnumSource(Database.class)
    void anOriginNoGuardCoversGetsTheVendorsOwnObjects(Database database) throws SQLException {
        guard.origin(GuardSettings.CI);
        try (Connection unguarded = TestDatabases.guard(database, Target.PRODUCTION);
                Connection raw = TestDatabases.raw(database, Target.PRODUCTION);
                Statement unguardedStatement = unguarded.createStatement();
                Statement rawStatement = raw.createStatement();
                PreparedStatement unguardedPrepared = unguarded.prepareStatement("SELECT 1");
                PreparedStatement rawPrepared = raw.prepareStatement("SELECT 1")) {
            assertThat(unguarded.getClass()).isEqualTo(raw.getClass());
            assertThat(unguarded.getClass().getName()).doesNotStartWith("io.jdbcguard");
            assertThat(unguardedStatement.getClass()).isEqualTo(rawStatement.getClass());
            assertThat(unguardedPrepared.getClass()).isEqualTo(rawPrepared.getClass());
        }
    }
}
