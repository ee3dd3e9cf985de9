package io.jdbcguard.audit;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

/** A second process for {@link AuditTrailTest}: appends events to the trail named by its first argument. */
final class AuditWriterProcess {
    private AuditWriterProcess() {
    }

    public static void main(String[] args) {
        AuditTrail trail = new AuditTrails().forFile(Paths.get(args[0]));
        int count = Integer.parseInt(args[1]);
        for (int i = 0; i < count; i++) {
            trail.record(AuditEvent.builder(AuditEventType.WOULD_BLOCK).rules(List.of("drop")).rows(i).build());
        }
        System.exit(trail.flush(Duration.ofSeconds(30)) && trail.lost() == 0 ? 0 : 1);
    }
}
