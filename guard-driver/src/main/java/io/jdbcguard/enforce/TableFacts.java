package io.jdbcguard.enforce;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jdbcguard.rules.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the server says about one table, for the row-limit check: the sets of columns that identify at most one row
 * (the primary key and every unique index over NOT NULL columns, without expressions or predicates), and whether the
 * table can roll back a write. Learned once per table per target with one catalog query and cached (bounded,
 * expiring after {@link #TTL}; forgotten when the guard sees DDL on that target), so a workload of key lookups pays
 * no extra round trip.
 *
 * <p>PostgreSQL: {@code pg_index} ({@code indisunique}, no {@code indpred}/{@code indexprs}) with
 * {@code pg_attribute.attnotnull}; every table rolls back. MySQL/MariaDB: {@code information_schema.statistics}
 * ({@code non_unique = 0}) with {@code columns.is_nullable}, and {@code tables.engine}: only InnoDB rolls back (<a
 * href="https://mariadb.com/kb/en/storage-engines/">MariaDB storage engines</a>; MyISAM, Aria, MEMORY, CSV, ARCHIVE
 * do not).
 *
 * @param keys the column sets that identify one row, lower-cased
 * @param transactional whether a write to the table can be rolled back
 * @param known whether the server knows the table (false for a table it could not find, e.g. another session's
 *     temporary table or a view)
 */
public record TableFacts(List<Set<String>> keys, boolean transactional, boolean known) {
    /** How long learned facts are kept. */
    public static final Duration TTL = Duration.ofMinutes(5);
    /** How long a conclusion drawn from learned facts may be reused without looking them up ({@link #stamp}). */
    private static final long STAMP_NANOS = Duration.ofMinutes(1).toNanos();
    private static final AtomicLong FORGOTTEN = new AtomicLong();

    private static final Cache<String, TableFacts> CACHE = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(TTL).executor(Runnable::run).build();

    private static final String PG_KEYS = "SELECT string_agg(a.attname, ',' ORDER BY k.n), bool_and(a.attnotnull)"
            + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace ns ON ns.oid = c.relnamespace"
            + " JOIN pg_catalog.pg_index i ON i.indrelid = c.oid"
            + " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)"
            + " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum"
            + " WHERE c.relname = ? AND (ns.nspname = CAST(? AS text) OR (CAST(? AS text) IS NULL"
            + " AND pg_catalog.pg_table_is_visible(c.oid))) AND i.indisunique AND i.indpred IS NULL"
            + " AND i.indexprs IS NULL GROUP BY i.indexrelid"
            + " UNION ALL SELECT NULL, NULL FROM pg_catalog.pg_class c"
            + " JOIN pg_catalog.pg_namespace ns ON ns.oid = c.relnamespace WHERE c.relname = ?"
            + " AND (ns.nspname = CAST(? AS text) OR (CAST(? AS text) IS NULL"
            + " AND pg_catalog.pg_table_is_visible(c.oid)))";
    /**
     * One row per unique key (or one row with null key columns when there is none). Each information_schema table
     * gets the schema and table as constants in its own WHERE clause: the server then opens only that table's
     * definition ({@code EXPLAIN}: "Scanned 0 databases"); named only through a join condition, statistics and
     * columns are read for every table of every database ("Scanned all databases": 9-13 ms on the test server, more
     * on a server with many tables). <a
     * href="https://dev.mysql.com/doc/refman/5.7/en/information-schema-optimization.html">Optimizing
     * INFORMATION_SCHEMA Queries</a>.
     */
    private static final String MYSQL_KEYS = "SELECT t.engine, k.cols, k.not_null FROM information_schema.tables t"
            + " LEFT JOIN (SELECT GROUP_CONCAT(s.column_name ORDER BY s.seq_in_index) AS cols,"
            + " MIN(c.is_nullable = 'NO') AS not_null FROM information_schema.statistics s"
            + " JOIN information_schema.columns c ON c.column_name = s.column_name"
            + " WHERE s.table_schema = COALESCE(?, DATABASE()) AND s.table_name = ?"
            + " AND c.table_schema = COALESCE(?, DATABASE()) AND c.table_name = ? AND s.non_unique = 0"
            + " GROUP BY s.index_name) k ON TRUE"
            + " WHERE t.table_schema = COALESCE(?, DATABASE()) AND t.table_name = ?";

    /** Copies the keys. */
    public TableFacts {
        keys = List.copyOf(keys);
    }

    /**
     * @param columns the columns a statement compares with a single value each
     * @return whether they include a key, so the statement touches at most one row
     */
    public boolean identifiesOneRow(Set<String> columns) {
        List<String> lower = new ArrayList<>();
        for (String column : columns) {
            lower.add(column.toLowerCase(Locale.ROOT));
        }
        return keys.stream().anyMatch(lower::containsAll);
    }

    /**
     * @param raw the vendor connection
     * @param dialect its dialect
     * @param where the target, as the cache's namespace ({@code host:port} list and database)
     * @param table the table as the analysis names it ({@code schema.table} or {@code table})
     * @return the table's facts, from the cache or from one catalog query
     * @throws SQLException when the catalog cannot be read
     */
    public static TableFacts of(Connection raw, Dialect dialect, String where, String table) throws SQLException {
        String key = where + "\u0000" + table;
        TableFacts cached = CACHE.getIfPresent(key);
        if (cached == null) {
            cached = read(raw, dialect, table);
            CACHE.put(key, cached);
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
    public static long stamp() {
        return FORGOTTEN.get() << 32 | (System.nanoTime() / STAMP_NANOS & 0xFFFF_FFFFL);
    }

    /**
     * Forgets what was learned about a target's tables: the guard saw DDL there.
     *
     * @param where the target, as given to {@link #of}
     */
    public static void forget(String where) {
        FORGOTTEN.incrementAndGet();
        CACHE.asMap().keySet().removeIf(key -> key.startsWith(where + "\u0000"));
    }

    private static TableFacts read(Connection raw, Dialect dialect, String table) throws SQLException {
        int dot = table.lastIndexOf('.');
        String schema = dot < 0 ? null : table.substring(0, dot);
        String name = table.substring(dot + 1);
        List<Set<String>> keys = new ArrayList<>();
        boolean transactional = true;
        boolean known = false;
        try (PreparedStatement query = raw.prepareStatement(dialect == Dialect.POSTGRESQL ? PG_KEYS : MYSQL_KEYS)) {
            if (dialect == Dialect.POSTGRESQL) {
                for (int offset : new int[] {0, 3}) {
                    query.setString(offset + 1, name);
                    query.setString(offset + 2, schema);
                    query.setString(offset + 3, schema);
                }
            } else {
                for (int offset : new int[] {0, 2, 4}) {
                    query.setString(offset + 1, schema);
                    query.setString(offset + 2, name);
                }
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    known = true;
                    if (dialect == Dialect.MYSQL) {
                        transactional = "innodb".equalsIgnoreCase(rows.getString(1));
                    }
                    String columns = rows.getString(dialect == Dialect.POSTGRESQL ? 1 : 2);
                    boolean notNull = rows.getBoolean(dialect == Dialect.POSTGRESQL ? 2 : 3);
                    if (columns != null && notNull) {
                        keys.add(Set.of(columns.toLowerCase(Locale.ROOT).split(",")));
                    }
                }
            }
        }
        return new TableFacts(keys, transactional, known);
    }
}
