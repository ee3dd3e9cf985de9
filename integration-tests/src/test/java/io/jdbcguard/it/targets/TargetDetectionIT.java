package io.jdbcguard.it.targets;

import static io.jdbcguard.it.Blocked.assertBlockedOnProduction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jdbcguard.it.Database;
import io.jdbcguard.it.GuardSettings;
import io.jdbcguard.it.ShopFixture;
import io.jdbcguard.it.Target;
import io.jdbcguard.it.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where a connection really goes, from a {@code developer} origin: the incident's staging migration pointed at
 * production with the same database name, SSH tunnels, spoofed settings, multi-host and parameter-overridden URLs,
 * and a broken policy file.
 */
class TargetDetectionIT {
    @RegisterExtension
    final GuardSettings settings = new GuardSettings();

    @BeforeAll
    static void markProductionServers() throws SQLException {
        ServerMarkers.markAllProduction();
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = TestDatabases.guard(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void theStagingMigrationPointedAtProductionIsBlockedThoughTheDatabaseNamesMatch(Database database)
            throws Exception {
        ShopFixture.reset(database, Target.STAGING);
        ShopFixture.reset(database, Target.PRODUCTION);
        String migration = "ALTER TABLE users DROP COLUMN drop_date";

        execute(TestDatabases.guardUrl(database, Target.STAGING), migration);
        assertBlockedOnProduction(() -> execute(TestDatabases.guardUrl(database, Target.PRODUCTION), migration));

        assertThat(ShopFixture.snapshot(database, Target.STAGING).userColumns()).doesNotContain("drop_date");
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION).userColumns()).contains("drop_date");
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aTunnelToProductionIsProductionThroughTheServerMarker(Database database) throws Exception {
        ShopFixture.reset(database, Target.PRODUCTION);
        try (PortForwarder tunnel = new PortForwarder(Target.PRODUCTION.host(), database.port())) {
            String url = "jdbc:guard:" + database.subprotocol() + "://127.0.0.1:" + tunnel.port() + "/shop";

            var violation = assertBlockedOnProduction(() -> execute(url, "DELETE FROM orders"));

            assertThat(violation.getMessage()).contains("marker says production");
        }
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "orders")).isEqualTo(ShopFixture.ORDERS);
    }

    @Test
    void aClientSideSettingCannotOverrideThePostgresqlMarker() throws Exception {
        ShopFixture.reset(Database.POSTGRESQL, Target.PRODUCTION);
        String url = TestDatabases.guardUrl(Database.POSTGRESQL, Target.PRODUCTION)
                + "?options=-c%20jdbcguard.environment%3Dstaging";

        assertBlockedOnProduction(() -> execute(url, "TRUNCATE orders"));

        assertThat(ShopFixture.rowCount(Database.POSTGRESQL, Target.PRODUCTION, "orders"))
                .isEqualTo(ShopFixture.ORDERS);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aMultiHostUrlWhoseSecondHostIsProductionIsProduction(Database database) throws Exception {
        ShopFixture.reset(database, Target.STAGING);
        String url = "jdbc:guard:" + database.subprotocol() + "://127.0.0.1:" + database.port() + ",127.0.0.2:"
                + database.port() + "/shop";

        assertBlockedOnProduction(() -> execute(url, "DROP TABLE orders"));

        assertThat(ShopFixture.snapshot(database, Target.STAGING).tables()).contains("orders");
    }

    /** The URL forms MySQL Connector/J and MariaDB Connector/J read with their own parsers. */
    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:guard:mariadb://address=(host=127.0.0.2)(port=PORT)/shop",
        "jdbc:guard:mariadb:sequential://127.0.0.2:PORT/shop",
        "jdbc:guard:mariadb:loadbalance://127.0.0.2:PORT/shop",
        "jdbc:guard:mariadb:replication://127.0.0.2:PORT,127.0.0.2:PORT/shop",
        "jdbc:guard:mariadb://127.0.0.1:PORT,127.0.0.2:PORT/shop",
        "jdbc:guard:mysql://address=(host=127.0.0.2)(port=PORT)/shop",
        "jdbc:guard:mysql:loadbalance://127.0.0.2:PORT/shop"})
    void mysqlAndMariadbUrlFormsAreTagged(String form) throws Exception {
        Database database = Database.MARIADB;
        ShopFixture.reset(database, Target.PRODUCTION);
        ShopFixture.reset(database, Target.STAGING);
        String url = form.replace("PORT", String.valueOf(database.port()));

        assertBlockedOnProduction(() -> execute(url, "DROP TABLE orders"));

        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION).tables()).contains("orders");
        assertThat(ShopFixture.snapshot(database, Target.STAGING).tables()).contains("orders");
    }

    @Test
    void aPgjdbcHostParameterPointingToProductionIsProduction() throws Exception {
        ShopFixture.reset(Database.POSTGRESQL, Target.PRODUCTION);
        int port = Database.POSTGRESQL.port();
        String url = "jdbc:guard:postgresql://db.staging.invalid:1/shop?PGHOST=127.0.0.2&PGPORT=" + port;

        assertBlockedOnProduction(() -> execute(url, "DELETE FROM users"));

        assertThat(ShopFixture.rowCount(Database.POSTGRESQL, Target.PRODUCTION, "users")).isEqualTo(ShopFixture.USERS);
    }

    @Test
    void anInvalidPolicyFileStopsConnectWithItsLineAndColumn(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.yml"),
                "environments:\n  production:\n    hots: [127.0.0.2]\n");
        System.setProperty(GuardSettings.POLICY_PROPERTY, policy.toString());

        SQLException error = catchThrowableOfType(SQLException.class,
                () -> TestDatabases.guard(Database.POSTGRESQL, Target.PRODUCTION));

        assertThat(error.getSQLState()).isEqualTo("F0000");
        assertThat(error.getMessage()).contains(policy + ":3:5", "unknown key 'hots'", "hosts");
    }
}
