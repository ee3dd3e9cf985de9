package io.jdbcguard.it;

import static io.jdbcguard.it.Blocked.assertBlockedOnProduction;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The three scripts of the incident against real servers: blocked on production from origin {@code developer} with
 * the data intact, run in full on staging from {@code developer} and on production from {@code ci}.
 */
class IncidentsIT {
    @RegisterExtension
    final GuardSettings guard = new GuardSettings();

    @ParameterizedTest
    @EnumSource(Database.class)
    void setupResetIsBlockedOnProduction(Database database) throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        String resetStatement = database == Database.POSTGRESQL ? "DROP SCHEMA public CASCADE" : "DROP DATABASE shop";
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            for (String sql : List.of(resetStatement, "DROP TABLE users", "DROP TABLE IF EXISTS orders")) {
                assertBlockedOnProduction(() -> statement.execute(sql), sql);
            }
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void stagingMigrationOnProductionRunsOnlyItsSafeStatements(Database database) throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        replay(database, Target.PRODUCTION, Incidents.stagingMigration());
        ShopState after = ShopFixture.snapshot(database, Target.PRODUCTION);
        assertThat(after.userColumns()).containsExactly("id", "name", "drop_date");
        assertThat(after.users()).isEqualTo(before.users());
        assertThat(after.orders()).isEqualTo(before.orders());
        assertThat(after.tables()).containsExactly("orders", "user_archive", "users");
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "user_archive")).isEqualTo(ShopFixture.USERS);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void helperTruncateIsBlockedOnProduction(Database database) throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        replay(database, Target.PRODUCTION, Incidents.helperCleanup());
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "orders")).isEqualTo(ShopFixture.ORDERS);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void allScriptsRunOnStagingFromDeveloper(Database database) throws SQLException {
        ShopFixture.reset(database, Target.STAGING);
        runAll(database, Target.STAGING);
        assertScriptsApplied(database, Target.STAGING);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void allScriptsRunOnProductionFromCi(Database database) throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        guard.origin(GuardSettings.CI);
        runAll(database, Target.PRODUCTION);
        assertScriptsApplied(database, Target.PRODUCTION);
    }

    /** Runs every step through the guard; dangerous steps must be blocked, the others must run. */
    private static void replay(Database database, Target target, List<Incidents.Step> steps) throws SQLException {
        try (Connection connection = TestDatabases.guard(database, target);
                Statement statement = connection.createStatement()) {
            for (Incidents.Step step : steps) {
                if (step.dangerous()) {
                    assertBlockedOnProduction(() -> statement.execute(step.sql()), step.sql());
                } else {
                    statement.execute(step.sql());
                }
            }
        }
    }

    private static void runAll(Database database, Target target) throws SQLException {
        try (Connection connection = TestDatabases.guard(database, target);
                Statement statement = connection.createStatement()) {
            for (Incidents.Step step : Incidents.all(database)) {
                statement.execute(step.sql());
            }
        }
    }

    private static void assertScriptsApplied(Database database, Target target) throws SQLException {
        ShopState after = ShopFixture.snapshot(database, target);
        assertThat(after.tables()).containsExactly("orders", "user_archive", "users");
        assertThat(after.userColumns()).containsExactly("id", "name");
        assertThat(after.users()).hasSize(ShopFixture.USERS).allSatisfy(row -> assertThat(row.get(1)).isEqualTo("x"));
        assertThat(after.orders()).isEmpty();
        assertThat(ShopFixture.rowCount(database, target, "user_archive")).isEqualTo(ShopFixture.USERS);
    }
}
