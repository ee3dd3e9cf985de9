package io.jdbcguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTrailTest {
    private static final SessionSettings POSTGRESQL = SessionSettings.defaults(Dialect.POSTGRESQL);

    @TempDir
    Path dir;

    private static AuditEvent block(String sql, long rows) {
        return AuditEvent.builder(AuditEventType.BLOCK).rules(List.of("delete-without-where"))
                .origin("developer", "the default").targets(List.of("production"), "host db.prod matches")
                .database("PostgreSQL", List.of("db.prod:5432"), "app").statement(POSTGRESQL, sql).rows(rows)
                .build();
    }

    @Test
    void eightThreadsOnTwoTrailsOfOneFileWriteEveryLineWhole() throws Exception {
        Path file = dir.resolve("nested/audit.jsonl");
        AuditTrail[] processes = {new AuditTrail(file), new AuditTrail(file)};
        int threads = 8;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            AuditTrail trail = processes[t % 2];
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    trail.record(block("DELETE FROM orders -- thread " + thread, thread * 100_000L + i));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : done) {
            future.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(processes[0].flush(Duration.ofSeconds(30))).isTrue();
        assertThat(processes[1].flush(Duration.ofSeconds(30))).isTrue();

        List<String> lines = Files.readAllLines(file);
        Set<Long> rows = new HashSet<>();
        for (String line : lines) {
            AuditEvent event = AuditJson.fromLine(line);
            assertThat(event.event()).isEqualTo(AuditEventType.BLOCK);
            rows.add(event.rows());
        }
        assertThat(processes[0].lost() + processes[1].lost()).isZero();
        assertThat(lines).hasSize(threads * perThread);
        assertThat(rows).hasSize(threads * perThread);
    }

    @Test
    void twoProcessesAppendingAtOnceWriteEveryLineWhole() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        int each = 3000;
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), AuditWriterProcess.class.getName(), file.toString(),
                String.valueOf(each)).inheritIO().start();
        AuditTrail trail = new AuditTrail(file);
        for (int i = 0; i < each; i++) {
            trail.record(block("DELETE FROM t", i));
        }
        assertThat(trail.flush(Duration.ofSeconds(30))).isTrue();
        assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(other.exitValue()).isZero();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2 * each);
        for (String line : lines) {
            AuditJson.fromLine(line);
        }
        assertThat(lines).filteredOn(line -> line.contains("\"would-block\"")).hasSize(each);
    }

    @Test
    void literalsNeverReachTheTrail() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditTrails trails = new AuditTrails();
        AuditTrail trail = trails.forFile(file);
        String sql = "UPDATE users SET password = 'hunter2', pin = 4711 WHERE email = 'ann@example.com'";

        trail.record(block(sql, 3));
        assertThat(trail.flush(Duration.ofSeconds(10))).isTrue();

        String line = Files.readString(file);
        assertThat(line).doesNotContain("hunter2").doesNotContain("4711").doesNotContain("ann@example.com");
        AuditEvent event = AuditJson.fromLine(line.strip());
        assertThat(event.shape()).isEqualTo("UPDATE users SET password = ?, pin = ? WHERE email = ?");
        assertThat(event.sha256()).hasSize(64).isEqualTo(block(sql, 3).sha256());
        assertThat(event.hosts()).containsExactly("db.prod:5432");
        assertThat(event.osUser()).isEqualTo(System.getProperty("user.name"));
        assertThat(event.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(trails.forFile(dir.resolve("x/../audit.jsonl"))).isSameAs(trail);
    }

    @Test
    void everyFieldSurvivesTheRoundTrip() throws Exception {
        Instant expires = Instant.parse("2026-12-01T12:00:00Z");
        AuditEvent event = AuditEvent.builder(AuditEventType.BREAK_GLASS).time(Instant.parse("2026-12-01T08:00:00Z"))
                .rules(List.of("drop")).origin("developer", "declared").targets(List.of("production"), "marker")
                .database("MariaDB", List.of("10.0.0.1:3306"), "root").statement(POSTGRESQL, "DROP TABLE t")
                .breakGlass("INC-123 \"restore\"\nline", expires).rows(7).note("why").build();

        assertThat(AuditJson.fromLine(AuditJson.toLine(event))).isEqualTo(event);
        assertThat(AuditJson.toLine(event)).doesNotContain("\n").startsWith("{\"time\":\"2026-12-01T08:00:00Z\"");
    }

    @Test
    void anUnwritableFileLosesEventsAndTheCallerCarriesOn() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        AuditTrail trail = new AuditTrail(notAFolder.resolve("audit.jsonl"));

        trail.record(block("DROP TABLE t", 0));
        trail.record(block("DROP TABLE u", 0));

        assertThat(trail.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(trail.lost()).isEqualTo(2);
    }

    @Test
    void aPartialLastLineLeftByAKilledWriterIsCutBeforeTheNextEvent() throws Exception {
        Path file = dir.resolve("torn.jsonl");
        String whole = AuditJson.toLine(block("DROP TABLE t", 0)) + "\n";
        Files.writeString(file, whole + whole.substring(0, 40));
        AuditTrail trail = new AuditTrail(file);

        trail.record(block("DROP TABLE u", 0));
        assertThat(trail.flush(Duration.ofSeconds(10))).isTrue();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            assertThat(AuditJson.fromLine(line).event()).isEqualTo(AuditEventType.BLOCK);
        }
        assertThat(Files.readString(file)).endsWith("\n");
    }
}
