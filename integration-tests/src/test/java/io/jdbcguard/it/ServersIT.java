package io.jdbcguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The test servers themselves, through raw connections only: each product runs a separate staging and production
 * server, both with a database {@code shop}, and the fixture sets up and reads back the schema.
 */
class ServersIT {
    @ParameterizedTest
    @EnumSource(Database.class)
    void fixtureCreatesTheShopOnBothTargets(Database database) throws SQLException {
        for (Target target : Target.values()) {
            ShopFixture.reset(database, target);
            ShopState state = ShopFixture.snapshot(database, target);
            assertThat(state.tables()).containsExactly("orders", "users");
            assertThat(state.userColumns()).containsExactly("id", "name", "drop_date");
            assertThat(state.users()).hasSize(ShopFixture.USERS);
            assertThat(state.orders()).hasSize(ShopFixture.ORDERS);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void stagingAndProductionAreSeparateServers(Database database) throws SQLException {
        ShopFixture.reset(database, Target.STAGING);
        ShopFixture.reset(database, Target.PRODUCTION);
        try (Connection staging = TestDatabases.raw(database, Target.STAGING);
                Statement statement = staging.createStatement()) {
            statement.execute("DELETE FROM orders");
        }
        assertThat(ShopFixture.rowCount(database, Target.STAGING, "orders")).isZero();
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "orders")).isEqualTo(ShopFixture.ORDERS);
        assertThat(ShopFixture.query(database, Target.PRODUCTION, "SELECT current_user"))
                .containsExactly(List.of(database == Database.POSTGRESQL ? "app" : "app@%"));
    }
}
