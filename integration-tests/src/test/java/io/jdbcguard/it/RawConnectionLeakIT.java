package io.jdbcguard.it;

import static io.jdbcguard.it.Blocked.assertBlockedOnProduction;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
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
        Class<?> vendorInterface = database == Database.POSTGRESQL
                ? org.postgresql.PGConnection.class
                : com.mysql.cj.jdbc.JdbcConnection.class;
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
