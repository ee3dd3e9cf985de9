package io.jdbcguard.enforce;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What one connection has changed so far, per table, for the row ceiling of a whole transaction: a loop of key-proven
 * one-row changes (Spring Data JPA's {@code deleteAll()}, an IDE deleting the rows selected in its grid) adds up like
 * the rows of one statement. Inside a transaction the counts run from its start to its end; in auto-commit mode they
 * run over a sliding window of {@value #WINDOW_SECONDS} to {@value #WINDOW_SECONDS}{@code * 2} seconds (two buckets
 * of {@value #WINDOW_SECONDS} seconds), so a loop of single-row deletes stops at the ceiling while application traffic,
 * which changes a few rows now and then, never nears it. A table is keyed by its name without schema or quotes, in
 * lower case: two tables of one name in two schemas count together, which can only refuse earlier.
 *
 * <p>Updated and deleted rows are counted apart: a table loses rows only by deletes, so the every-row test across
 * statements (a table that held more than one row emptied) looks at deletes. Costs a map lookup per change on the hot
 * path; thread-safe (a connection may be shared).
 */
final class TransactionBudget {
    /** The length of one bucket of the auto-commit window, in seconds. */
    static final int WINDOW_SECONDS = 10;
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);

    /** The clock, in nanoseconds ({@link System#nanoTime} but in tests). */
    private final LongSupplier clock;
    /** Per table: rows updated, rows deleted. */
    private Map<String, long[]> current = new HashMap<>();
    private Map<String, long[]> previous = new HashMap<>();
    private long bucketStart;
    /** Whether the counts are of a transaction (else of the auto-commit window). */
    private boolean transaction;

    /** A budget on the system's clock. */
    TransactionBudget() {
        this(System::nanoTime);
    }

    /** @param clock the clock, in nanoseconds */
    TransactionBudget(LongSupplier clock) {
        this.clock = clock;
        this.bucketStart = clock.getAsLong();
    }

    /**
     * Says which kind of counting applies now: a change of kind starts the counts afresh, and in auto-commit mode
     * the window moves on.
     *
     * @param inTransaction whether the caller's statements now run in a transaction
     */
    synchronized void now(boolean inTransaction) {
        if (inTransaction != transaction) {
            clear();
            transaction = inTransaction;
        }
        if (!inTransaction) {
            long now = clock.getAsLong();
            long elapsed = now - bucketStart;
            if (elapsed > WINDOW_NANOS) {
                previous = elapsed > 2 * WINDOW_NANOS ? new HashMap<>() : current;
                current = new HashMap<>();
                bucketStart = now;
            }
        }
    }

    /**
     * @param table a table as a statement or the server names it
     * @return the rows changed in it so far (in the transaction or the window), updated and deleted together, and the
     *     rows deleted: {@code {changed, deleted}}
     */
    synchronized long[] counts(String table) {
        String key = key(table);
        long deleted = sum(current.get(key), 1) + sum(previous.get(key), 1);
        return new long[] {sum(current.get(key), 0) + sum(previous.get(key), 0) + deleted, deleted};
    }

    /**
     * @param table a table as a statement or the server names it
     * @return the rows updated and deleted in it so far (in the transaction or the window)
     */
    long changed(String table) {
        return counts(table)[0];
    }

    /**
     * @param table a table as a statement or the server names it
     * @return the rows deleted from it so far
     */
    long deleted(String table) {
        return counts(table)[1];
    }

    /**
     * Adds what a change did.
     *
     * @param table the table
     * @param updated rows updated (or inserted rows an upsert changed)
     * @param deleted rows deleted
     */
    synchronized void add(String table, long updated, long deleted) {
        long[] counts = current.computeIfAbsent(key(table), k -> new long[2]);
        counts[0] += Math.max(0, updated);
        counts[1] += Math.max(0, deleted);
    }

    /** @return whether the counts are of a transaction (else of the auto-commit window) */
    synchronized boolean ofTransaction() {
        return transaction;
    }

    /** The caller's transaction ended (commit or rollback): its counts go. */
    synchronized void transactionEnded() {
        if (transaction) {
            clear();
        }
    }

    private void clear() {
        current = new HashMap<>();
        previous = new HashMap<>();
        bucketStart = clock.getAsLong();
    }

    private static long sum(long[] counts, int index) {
        return counts == null ? 0 : counts[index];
    }

    private static String key(String table) {
        String bare = table.substring(table.lastIndexOf('.') + 1);
        return bare.replace("\"", "").replace("`", "").toLowerCase(Locale.ROOT);
    }
}
