package io.jdbcguard.it;

import static io.jdbcguard.it.Blocked.assertBlockedOnProduction;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Array;
import java.sql.Connection;
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
 * The raw vendor connection must not leak out of a guard connection: every JDBC way back to a connection or statement
 * still blocks a DROP on production, and unwrapping to a vendor interface either fails with a clear SQLException or
 * yields a guarded connection.
 */
class RawConnectionLeakIT {
    private static final String DROP = "DROP TABLE users";

    @RegisterExtension
    final GuardSettings guard = new GuardSettings();

    /** One way from a guard connection back to a connection. */
    @FunctionalInterface
    interface ConnectionPath {
        Connection follow(Connection guarded) throws SQLException;
    }

    static Stream<Arguments> connectionPaths() {
        List<Named<ConnectionPath>> paths = List.of(
                Named.of("unwrap(Connection.class)", c -> c.unwrap(Connection.class)),
                Named.of("getMetaData().getConnection()", c -> c.getMetaData().getConnection()),
                Named.of("createStatement().getConnection()", c -> c.createStatement().getConnection()),
                Named.of("prepareStatement(select).getConnection()",
                        c -> c.prepareStatement("SELECT 1").getConnection()),
                Named.of("executeQuery(select).getStatement().getConnection()",
                        c -> c.createStatement().executeQuery("SELECT 1").getStatement().getConnection()));
        List<Arguments> arguments = new ArrayList<>();
        for (Database database : Database.values()) {
            for (Named<ConnectionPath> path : paths) {
                arguments.add(Arguments.of(database, path));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("connectionPaths")
    void dropThroughReachedConnectionIsBlocked(Database database, ConnectionPath path) throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION)) {
            Connection reached = path.follow(connection);
            assertBlockedOnProduction(() -> {
                try (Statement statement = reached.createStatement()) {
                    statement.execute(DROP);
                }
            });
            assertBlockedOnProduction(() -> reached.prepareStatement(DROP).close());
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void dropThroughResultSetStatementIsBlocked(Database database) throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            Statement reached = statement.executeQuery("SELECT 1").getStatement();
            assertBlockedOnProduction(() -> reached.execute(DROP));
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void unwrapToVendorConnectionFailsOrStaysGuarded(Database database) throws SQLException {
        Class<?> vendorInterface = switch (database) {
            case POSTGRESQL -> org.postgresql.PGConnection.class;
            case MARIADB -> com.mysql.cj.jdbc.JdbcConnection.class;
            case MARIADB_CONNECTOR_J -> org.mariadb.jdbc.Connection.class;
        };
        ShopFixture.reset(database, Target.PRODUCTION);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION)) {
            Object unwrapped;
            try {
                unwrapped = connection.unwrap(vendorInterface);
            } catch (SQLException refused) {
                assertThat(refused.getMessage()).as("why unwrap was refused").isNotBlank();
                unwrapped = null;
            }
            if (unwrapped != null) {
                assertThat(unwrapped).isInstanceOf(Connection.class);
                Connection reached = (Connection) unwrapped;
                assertBlockedOnProduction(() -> {
                    try (Statement statement = reached.createStatement()) {
                        statement.execute(DROP);
                    }
                });
            }
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);
    }

    /** pgjdbc's arrays lead back to the raw connection: {@code getResultSet().getStatement().getConnection()}. */
    static Stream<Named<ArrayPath>> pgjdbcArrayPaths() {
        return Stream.of(
                Named.of("createArrayOf", c -> c.createArrayOf("int4", new Object[] {1, 2})),
                Named.of("ResultSet.getArray", c -> firstRow(c, "SELECT ARRAY[1, 2]").getArray(1)),
                Named.of("ResultSet.getObject of an array", c -> (Array) firstRow(c, "SELECT ARRAY[1, 2]")
                        .getObject(1)),
                Named.of("inner array of a two-dimensional array", c -> {
                    ResultSet inner = firstRow(c, "SELECT ARRAY[ARRAY[1, 2], ARRAY[3, 4]]").getArray(1)
                            .getResultSet();
                    assertThat(inner.next()).isTrue();
                    return inner.getArray(2);
                }));
    }

    /** One way to obtain an {@link Array} from a guard connection. */
    @FunctionalInterface
    interface ArrayPath {
        Array follow(Connection guarded) throws SQLException;
    }

    private static ResultSet firstRow(Connection connection, String sql) throws SQLException {
        ResultSet rows = connection.createStatement().executeQuery(sql);
        assertThat(rows.next()).isTrue();
        return rows;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pgjdbcArrayPaths")
    void arraysDoNotLeadBackToTheRawConnection(ArrayPath path) throws SQLException {
        Database database = Database.POSTGRESQL;
        ShopFixture.reset(database, Target.PRODUCTION);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION)) {
            Object array = path.follow(connection);
            assertThat(array.getClass().getName()).doesNotStartWith("org.postgresql");
            ResultSet elements = ((Array) array).getResultSet();
            assertThat(elements.getClass().getName()).doesNotStartWith("org.postgresql");
            Statement reached = elements.getStatement();
            if (reached != null) {
                assertBlockedOnProduction(() -> reached.execute(DROP));
                assertBlockedOnProduction(() -> reached.getConnection().unwrap(org.postgresql.PGConnection.class));
            }
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void metaDataReportsTheRealProduct(Database database) throws SQLException {
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION)) {
            String product = connection.getMetaData().getDatabaseProductName();
            if (database == Database.POSTGRESQL) {
                assertThat(product).isEqualTo("PostgreSQL");
            } else {
                assertThat(product).isIn("MariaDB", "MySQL");
            }
        }
    }
}
