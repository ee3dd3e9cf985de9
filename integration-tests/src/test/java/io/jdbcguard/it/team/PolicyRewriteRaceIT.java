package io.jdbcguard.it.team;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.GuardViolationException;
import io.jdbcguard.it.Database;
import io.jdbcguard.it.GuardSettings;
import io.jdbcguard.it.Target;
import io.jdbcguard.it.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy file rewritten in place by another process (truncate, then write, as {@code printf ... > policy.yml} and
 * many tools do) every 20 ms while threads connect to production and send a DELETE without WHERE: no
 * read of the file ever yields less protection than it means, so none of the DELETEs runs. Each connect either is
 * guarded (the DELETE is blocked) or is refused with {@code F0000} (the file was caught empty or changing).
 */
class PolicyRewriteRaceIT {
    private static final String POLICY = "# the company policy, rewritten in place by a configuration tool\n"
            + "environments:\n  staging:\n    hosts: [127.0.0.1]\n  production:\n    hosts: [127.0.0.2]\n";

    @RegisterExtension
    final GuardSettings guard = new GuardSettings();

    @TempDir
    Path folder;

    @Test
    void noDestructiveStatementRunsWhileThePolicyIsRewrittenInPlace() throws Exception {
        Database database = Database.POSTGRESQL;
        try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION); Statement statement = raw.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS fx_victim");
            statement.execute("CREATE TABLE fx_victim (id int primary key)");
            statement.execute("INSERT INTO fx_victim SELECT generate_series(1, 100)");
        }
        Path policy = Files.writeString(folder.resolve("policy.yml"), POLICY);
        System.setProperty(GuardSettings.POLICY_PROPERTY, policy.toString());
        Path script = Files.writeString(folder.resolve("rewrite.sh"), "end=$((SECONDS + 8))\n"
                + "while [ $SECONDS -lt $end ]; do printf '%s' \"$POLICY\" > \"$1\"; sleep 0.02; done\n");
        ProcessBuilder writer = new ProcessBuilder("bash", script.toString(), policy.toString());
        writer.environment().put("POLICY", POLICY);
        Process rewriting = writer.start();
        AtomicInteger blocked = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                running.add(threads.submit(() -> {
                    while (System.nanoTime() < end) {
                        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                                Statement statement = connection.createStatement()) {
                            statement.executeUpdate("DELETE FROM fx_victim");
                            ran.incrementAndGet();
                        } catch (GuardViolationException e) {
                            blocked.incrementAndGet();
                        } catch (SQLException e) {
                            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("F0000");
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> thread : running) {
                thread.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
            rewriting.destroy();
            rewriting.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(ran).hasValue(0);
        assertThat(blocked.get()).isPositive();
        try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION); Statement statement = raw.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM fx_victim")) {
            row.next();
            assertThat(row.getInt(1)).isEqualTo(100);
        }
    }
}
