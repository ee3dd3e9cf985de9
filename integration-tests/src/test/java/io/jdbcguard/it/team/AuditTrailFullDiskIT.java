package io.jdbcguard.it.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jdbcguard.audit.AuditEvent;
import io.jdbcguard.audit.AuditEventType;
import io.jdbcguard.audit.AuditJson;
import io.jdbcguard.audit.AuditTrail;
import io.jdbcguard.audit.AuditTrails;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail on a file system that really runs out of space: a 64 KiB tmpfs (mounted by the test, which needs
 * root, as CI runs). Every line of the trail stays a complete JSON object, and when space is back the trail says how
 * many events were lost and why before the next one.
 */
class AuditTrailFullDiskIT {
    @TempDir
    Path folder;

    private Path disk;

    private static boolean run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = Files.createDirectories(folder.resolve("disk"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.toString()),
                "mounting a tmpfs needs root");
    }

    @AfterEach
    void unmount() throws Exception {
        run("umount", disk.toString());
    }

    private static AuditEvent event(int i) {
        return AuditEvent.builder(AuditEventType.WOULD_BLOCK).rules(List.of("delete-without-where"))
                .origin("developer", "test " + "x".repeat(200)).rows(i).build();
    }

    private static List<AuditEvent> lines(Path trail) throws Exception {
        String text = Files.readString(trail);
        assertThat(text).endsWith("\n");
        List<AuditEvent> events = new ArrayList<>();
        for (String line : text.split("\n")) {
            events.add(AuditJson.fromLine(line));
        }
        return events;
    }

    @Test
    void aFullDiskNeverTearsALineAndTheGapIsRecordedWhenSpaceIsBack() throws Exception {
        Path trailFile = disk.resolve("audit.jsonl");
        AuditTrail trail = new AuditTrails().forFile(trailFile);
        for (int burst = 0; burst < 40; burst++) {
            for (int i = 0; i < 7; i++) {
                trail.record(event(burst * 7 + i));
            }
            assertThat(trail.flush(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(trail.lost()).isPositive();
        lines(trailFile);

        assertThat(run("mount", "-o", "remount,size=1m", disk.toString())).isTrue();
        trail.record(event(9999));
        assertThat(trail.flush(Duration.ofSeconds(10))).isTrue();

        List<AuditEvent> after = lines(trailFile);
        long written = after.stream().filter(e -> e.event() == AuditEventType.WOULD_BLOCK).count();
        List<AuditEvent> gaps = after.stream().filter(e -> e.event() == AuditEventType.TRAIL_GAP).toList();
        long missing = gaps.stream().mapToLong(AuditEvent::rows).sum();
        assertThat(gaps).isNotEmpty().allMatch(gap -> gap.note().contains("No space left on device"));
        assertThat(missing).isEqualTo(trail.lost());
        assertThat(written + missing).isEqualTo(40 * 7 + 1);
        assertThat(after.get(after.size() - 1).rows()).isEqualTo(9999);
    }
}
