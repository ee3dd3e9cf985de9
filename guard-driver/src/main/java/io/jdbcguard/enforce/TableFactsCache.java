package io.jdbcguard.enforce;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What servers' catalogs said about their tables ({@link TableFacts}), learned with one catalog query per table and
 * kept for {@link #TTL} (at most {@value #MAX_TABLES} tables), keyed by a namespace ({@link EffectCheck}: the server's
 * identity and the session's name resolution) and the table's name as written; a server's tables are forgotten when
 * the guard sees DDL there. The driver keeps one for all its connections ({@code DriverState}). Safe for concurrent
 * use; its upkeep runs on the calling thread.
 */
public final class TableFactsCache {
    /** How long learned facts are kept. */
    public static final Duration TTL = Duration.ofMinutes(5);
    /** How many tables' facts are kept at most. */
    public static final int MAX_TABLES = 10_000;
    /** How long a conclusion drawn from learned facts may be reused without looking them up ({@link #stamp}). */
    private static final long STAMP_NANOS = Duration.ofMinutes(1).toNanos();

    private final AtomicLong forgotten = new AtomicLong();
    private final Cache<String, TableFacts> cache = Caffeine.newBuilder().maximumSize(MAX_TABLES)
            .expireAfterWrite(TTL).executor(Runnable::run).build();

    /**
     * @param server what the guard says to the server, which reads the facts when they are not cached
     * @param namespace the server's identity and the session's name resolution, as the cache's namespace
     * @param table the table as the analysis names it ({@code schema.table} or {@code table})
     * @return the table's facts, from the cache or from one catalog query ({@link ServerSql#tableFacts})
     * @throws SQLException when the catalog cannot be read
     */
    TableFacts of(ServerSql server, String namespace, String table) throws SQLException {
        String key = namespace + "\u0000" + table;
        TableFacts cached = cache.getIfPresent(key);
        if (cached == null) {
            int dot = table.lastIndexOf('.');
            cached = server.tableFacts(dot < 0 ? null : table.substring(0, dot), table.substring(dot + 1));
            cache.put(key, cached);
        }
        return cached;
    }

    /**
     * A value that changes whenever facts are forgotten and at least every minute, so a caller may remember a
     * conclusion drawn from facts (a change proven to touch one row) while the stamp is unchanged, instead of looking
     * the facts up for every execution. Such a conclusion is then at most a minute older than the facts it came from.
     *
     * @return the current stamp
     */
    long stamp() {
        return forgotten.get() << 32 | (System.nanoTime() / STAMP_NANOS & 0xFFFF_FFFFL);
    }

    /**
     * Forgets what was learned about a server's tables: the guard saw DDL there.
     *
     * @param server the server's identity, the start of every namespace given to {@link #of} for it
     */
    void forget(String server) {
        forgotten.incrementAndGet();
        cache.asMap().keySet().removeIf(key -> key.startsWith(server));
    }
}
