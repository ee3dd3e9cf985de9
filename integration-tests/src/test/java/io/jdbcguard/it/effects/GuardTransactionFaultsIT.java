package io.jdbcguard.it.effects;

import static io.jdbcguard.it.Blocked.assertBlockedOnProduction;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.GuardViolationException;
import io.jdbcguard.it.Database;
import io.jdbcguard.it.GuardSettings;
import io.jdbcguard.it.Target;
import io.jdbcguard.it.TestDatabases;
import io.jdbcguard.it.targets.PortForwarder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The row ceiling's own transaction and facts when the path to the server changes under it, through a local tunnel
 * (the stand-in for {@code ssh -L}) whose address the policy tags production: a tunnel re-pointed from one server to
 * another never reuses what the guard learned on the first (facts are keyed by the server's identity), and a
 * network cut inside the guard's transaction holds the server's locks for seconds, not hours.
 */
class GuardTransactionFaultsIT {
    private static final int SOCKET_TIMEOUT_SECONDS = 10;

    @RegisterExtension
    final GuardSettings guard = new GuardSettings();

    @TempDir
    Path folder;

    @BeforeEach
    void tunnelIsProduction() throws Exception {
        Path policy = Files.writeString(folder.resolve("policy.yml"), "environments:\n  production:\n"
                + "    hosts: [127.0.0.1, 127.0.0.2]\n");
        System.setProperty(GuardSettings.POLICY_PROPERTY, policy.toString());
    }

    private static String tunnelUrl(Database database, PortForwarder tunnel) {
        String timeout = database == Database.POSTGRESQL ? String.valueOf(SOCKET_TIMEOUT_SECONDS)
                : String.valueOf(SOCKET_TIMEOUT_SECONDS * 1000);
        return "jdbc:guard:" + database.subprotocol() + "://127.0.0.1:" + tunnel.port() + "/shop?socketTimeout="
                + timeout;
    }

    private static void run(Database database, Target target, String... sqls) throws SQLException {
        try (Connection raw = TestDatabases.raw(database, target); Statement statement = raw.createStatement()) {
            for (String sql : sqls) {
                statement.execute(sql);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aTunnelRepointedToAnotherServerNeverReusesTheFirstServersFacts(Database database) throws Exception {
        String series = database == Database.POSTGRESQL ? "generate_series(1, 5000)" : "seq_1_to_5000";
        run(database, Target.STAGING, "DROP TABLE IF EXISTS fx_moved",
                "CREATE TABLE fx_moved (id int primary key, v int)", "INSERT INTO fx_moved VALUES (1, 0)");
        run(database, Target.PRODUCTION, "DROP TABLE IF EXISTS fx_moved", "CREATE TABLE fx_moved (id int not null,"
                + " v int)", "INSERT INTO fx_moved SELECT 1, 0 FROM " + series);
        try (PortForwarder tunnel = new PortForwarder(Target.STAGING.host(), database.port())) {
            try (Connection connection = TestDatabases.guard(tunnelUrl(database, tunnel));
                    Statement statement = connection.createStatement()) {
                assertThat(statement.executeUpdate("UPDATE fx_moved SET v = 1 WHERE id = 1")).isEqualTo(1);
            }
            tunnel.repoint(Target.PRODUCTION.host(), database.port());
            try (Connection connection = TestDatabases.guard(tunnelUrl(database, tunnel));
                    Statement statement = connection.createStatement()) {
                GuardViolationException block = assertBlockedOnProduction(
                        () -> statement.executeUpdate("UPDATE fx_moved SET v = 2 WHERE id = 1"));
                assertThat(block.getRuleId()).isEqualTo("row-limit");
            }
        }
        try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION); Statement statement = raw.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM fx_moved WHERE v = 0")) {
            row.next();
            assertThat(row.getInt(1)).isEqualTo(5000);
        }
    }

    /**
     * The network is cut while the server runs a measured change in the guard's own transaction: the server ends the
     * idle session after a few seconds, so another writer waiting for the same row gets it; the caller gets the
     * vendor's I/O error, not the guard's cleanup's.
     */
    @ParameterizedTest
    @EnumSource(Database.class)
    void aNetworkCutInsideTheGuardsTransactionHoldsLocksForSecondsNotHours(Database database) throws Exception {
        EffectsIT.reset(database);
        if (database == Database.POSTGRESQL) {
            run(database, Target.PRODUCTION, "CREATE OR REPLACE FUNCTION fx_pause() RETURNS trigger LANGUAGE plpgsql"
                    + " AS $$ BEGIN PERFORM pg_sleep(1); RETURN NULL; END $$", "CREATE TRIGGER fx_orders_pause AFTER"
                    + " UPDATE ON fx_orders FOR EACH STATEMENT EXECUTE FUNCTION fx_pause()");
        } else {
            run(database, Target.PRODUCTION, "CREATE TRIGGER fx_orders_pause BEFORE UPDATE ON fx_orders FOR EACH ROW"
                    + " SET NEW.total = NEW.total + SLEEP(0.1)");
        }
        try (PortForwarder tunnel = new PortForwarder(Target.PRODUCTION.host(), database.port())) {
            Connection connection = TestDatabases.guard(tunnelUrl(database, tunnel));
            CompletableFuture<Throwable> change = CompletableFuture.supplyAsync(() -> {
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("UPDATE fx_orders SET total = 5 WHERE user_id = 3");
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            Thread.sleep(500);
            tunnel.freeze();
            long start = System.nanoTime();
            try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION);
                    Statement statement = raw.createStatement()) {
                statement.execute(database == Database.POSTGRESQL ? "SET lock_timeout = '15s'"
                        : "SET SESSION innodb_lock_wait_timeout = 15");
                assertThat(statement.executeUpdate("UPDATE fx_orders SET total = 9 WHERE id = 2")).isEqualTo(1);
            }
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(15);
            Throwable failure = change.get(SOCKET_TIMEOUT_SECONDS * 3L, TimeUnit.SECONDS);
            assertThat(failure).isInstanceOf(SQLException.class).isNotInstanceOf(GuardViolationException.class);
            assertThat(((SQLException) failure).getSQLState()).startsWith("08").isNotEqualTo("08003");
            connection.close();
        }
        try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION); Statement statement = raw.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM fx_orders WHERE total = 5")) {
            row.next();
            assertThat(row.getInt(1)).isZero();
        }
    }
}
