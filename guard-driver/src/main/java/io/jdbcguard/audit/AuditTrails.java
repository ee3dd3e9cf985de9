package io.jdbcguard.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The audit trails of one driver ({@code DriverState}), one per file: every connection and command whose policy names
 * the same file records to the same {@link AuditTrail}, drained by one writer thread. From the first trail on, the
 * trails are flushed at JVM shutdown, for up to {@link AuditTrail#SHUTDOWN_FLUSH} each. Safe for concurrent use.
 */
public final class AuditTrails {
    private final Map<Path, AuditTrail> trails = new ConcurrentHashMap<>();
    private final AtomicBoolean flushOnShutdownAdded = new AtomicBoolean();

    /**
     * @param file the trail's file; created (with its folders) at the first event
     * @return the trail of that file, shared by every caller of this object
     */
    public AuditTrail forFile(Path file) {
        return trails.computeIfAbsent(file.toAbsolutePath().normalize(), this::open);
    }

    /**
     * Waits until every event recorded so far to any of these trails has been written (or lost).
     *
     * @param timeout the longest to wait for each trail
     * @return true if every trail was written in time, false otherwise
     */
    public boolean flush(Duration timeout) {
        boolean all = true;
        for (AuditTrail trail : trails.values()) {
            all &= trail.flush(timeout);
        }
        return all;
    }

    private AuditTrail open(Path file) {
        if (flushOnShutdownAdded.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> flush(AuditTrail.SHUTDOWN_FLUSH),
                    "jdbc-guard-audit-flush"));
        }
        return new AuditTrail(file);
    }
}
