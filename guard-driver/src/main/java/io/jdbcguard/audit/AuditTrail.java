package io.jdbcguard.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit trail in one file: events appended as JSON lines ({@link AuditJson}), never rewritten.
 *
 * <p>{@link #record(AuditEvent)} never blocks: it puts the event on a bounded queue ({@value #QUEUE_CAPACITY}
 * events) drained by one daemon writer thread per file. When the queue is full (the file system cannot keep up) the
 * event is dropped and counted ({@link #lost()}), and the first drop is logged. The writer appends each batch of
 * lines in one write while holding an exclusive lock on the file, so processes of one machine that share the file
 * never interleave their lines; within this JVM, writers to one file take turns. A file that cannot be written
 * (missing permission, a full disk) is logged once at WARNING through {@link System.Logger}; its events are counted as
 * lost and the application carries on. The file is opened for each batch, so a log shipper may rotate it.
 *
 * <p>The trail never tears: a batch whose write fails is cut off again (the file is truncated back to its size before
 * the batch, under the same lock), and a file found ending inside a line (a process killed mid-write) loses that
 * partial line before the next batch, so every line is a complete JSON object. The first batch written after events
 * were lost starts with a {@code trail-gap} event saying how many and why.
 *
 * <p>{@link AuditTrails} shares one trail per file, and flushes its trails for up to {@link #SHUTDOWN_FLUSH} each at
 * JVM shutdown.
 */
public final class AuditTrail {
    /** How many events may wait for the writer before new ones are dropped. */
    public static final int QUEUE_CAPACITY = 8192;
    /** How long a shutting-down JVM waits for each trail's queued events to be written. */
    public static final Duration SHUTDOWN_FLUSH = Duration.ofSeconds(2);

    private static final int BATCH = 512;
    private static final System.Logger LOG = System.getLogger(AuditTrail.class.getName());
    /**
     * What the writers of one file take turns on, in the whole JVM whatever {@link AuditTrails} created them: the
     * file lock is held by the JVM, and a second lock of the same file from within it fails instead of waiting.
     */
    private static final Map<Path, Object> FILE_TURNS = new ConcurrentHashMap<>();

    private final Path file;
    private final BlockingQueue<AuditEvent> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    /** Events dropped because the queue was full, not yet reported in the trail. */
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean dropLogged = new AtomicBoolean();
    private final AtomicBoolean failureLogged = new AtomicBoolean();
    /** Events lost since the last batch that was written, and why; the writer thread's alone. */
    private long gap;
    private String gapReason;

    /**
     * A trail of its own for the file, with its own writer thread; {@link AuditTrails#forFile(Path)} shares one per
     * file. Tests use two of these on one file to stand for two processes.
     */
    AuditTrail(Path file) {
        this.file = file;
        Thread writer = new Thread(this::writeLoop, "jdbc-guard-audit-writer " + file);
        writer.setDaemon(true);
        writer.start();
    }

    /** @return the file this trail appends to */
    public Path file() {
        return file;
    }

    /**
     * Queues an event for writing and returns at once.
     *
     * @param event the event
     */
    public void record(AuditEvent event) {
        accepted.incrementAndGet();
        if (!queue.offer(event)) {
            accepted.decrementAndGet();
            lost.incrementAndGet();
            dropped.incrementAndGet();
            if (dropLogged.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "jdbc-guard: the audit trail " + file + " cannot keep up ("
                        + QUEUE_CAPACITY + " events waiting); further events are dropped while it is full.");
            }
        }
    }

    /** @return how many events were not written: dropped while the queue was full, or the file was unwritable */
    public long lost() {
        return lost.get();
    }

    /**
     * Waits until every event recorded before this call has been written (or lost).
     *
     * @param timeout the longest to wait
     * @return true if they were, false if the time ran out or the thread was interrupted
     */
    public boolean flush(Duration timeout) {
        long target = accepted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (handled) {
            while (handled.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    handled.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    private void writeLoop() {
        List<AuditEvent> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, BATCH - 1);
            append(batch);
            synchronized (handled) {
                handled.addAndGet(batch.size());
                handled.notifyAll();
            }
            batch.clear();
        }
    }

    private void append(List<AuditEvent> batch) {
        long full = dropped.getAndSet(0);
        if (full > 0) {
            gap += full;
            gapReason = gapReason != null ? gapReason : "the writer could not keep up: " + QUEUE_CAPACITY
                    + " events were waiting";
        }
        StringBuilder lines = new StringBuilder();
        if (gap > 0) {
            lines.append(AuditJson.toLine(AuditEvent.builder(AuditEventType.TRAIL_GAP).rows(gap).note(gapReason)
                    .build())).append('\n');
        }
        batch.forEach(event -> lines.append(AuditJson.toLine(event)).append('\n'));
        ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
        synchronized (FILE_TURNS.computeIfAbsent(file.toAbsolutePath().normalize(), path -> new Object())) {
            try {
                Path folder = file.toAbsolutePath().getParent();
                if (folder != null) {
                    Files.createDirectories(folder);
                }
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.READ)) {
                    channel.lock(); // released when the channel closes
                    long start = lineEnd(channel);
                    channel.position(start);
                    try {
                        while (bytes.hasRemaining()) {
                            channel.write(bytes);
                        }
                        channel.truncate(channel.position());
                    } catch (IOException | RuntimeException e) {
                        channel.truncate(start);
                        throw e;
                    }
                }
                gap = 0;
                gapReason = null;
            } catch (IOException | RuntimeException e) {
                lost.addAndGet(batch.size());
                gap += batch.size();
                gapReason = "the trail could not be written (" + e + ")";
                if (failureLogged.compareAndSet(false, true)) {
                    LOG.log(System.Logger.Level.WARNING, "jdbc-guard: cannot write the audit trail " + file + " ("
                            + e + "); its events are lost until it can be written. Make the folder writable for"
                            + " this user, or name another file with audit: {file: ...} in the policy.");
                }
            }
        }
    }

    /**
     * Where the next line goes: the file's end, or, when the file ends inside a line (a writer killed mid-write),
     * just after its last complete line, so the partial line is overwritten. Looks back at most 1 MiB; a longer tail
     * without a line break is cut to nothing.
     */
    private static long lineEnd(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return 0;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, size - 1);
        if (last.get(0) == '\n') {
            return size;
        }
        int window = (int) Math.min(size, 1 << 20);
        ByteBuffer tail = ByteBuffer.allocate(window);
        channel.read(tail, size - window);
        for (int i = window - 1; i >= 0; i--) {
            if (tail.get(i) == '\n') {
                return size - window + i + 1;
            }
        }
        return size - window;
    }
}
