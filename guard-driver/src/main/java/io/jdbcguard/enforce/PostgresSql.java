package io.jdbcguard.enforce;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the guard says to PostgreSQL ({@link ServerSql}): its counters, its catalog ({@code pg_catalog}, read
 * by {@link #tableFacts}, {@link #columns}, {@link #estimatedRows}, {@link #exists}, {@link #resolve},
 * {@link #triggerFunction}) and the guard's own transactions.
 *
 * <p>The count of what a statement changed: {@code pg_stat_xact_user_tables}, the current transaction's inserted,
 * updated and deleted tuples per table (<a
 * href="https://www.postgresql.org/docs/15/monitoring-stats.html#MONITORING-PG-STAT-ALL-TABLES-VIEW">pg_stat_all_tables</a>,
 * "xact" variants). Its functions ({@code pg_stat_get_xact_tuples_updated} and {@code ..._deleted} in
 * {@code src/backend/utils/adt/pgstatfuncs.c}) add the backend's pending counts to those of every open
 * (sub)transaction level ({@code pgstat_relation.c}), and the counts are bumped by the heap itself
 * ({@code pgstat_count_heap_update}/{@code _delete}), so they include rows changed by data-modifying CTEs, foreign-key
 * cascades (which run as SQL through SPI, {@code ri_triggers.c}), triggers, rules and functions. They also hold the
 * backend's not yet flushed counts of earlier transactions, so only the difference across a statement is that
 * statement's. The guard's own transaction is bounded with {@code SET LOCAL idle_in_transaction_session_timeout}
 * (<a href="https://www.postgresql.org/docs/15/runtime-config-client.html">Client Connection Defaults</a>), which
 * ends with the transaction. The every-row test of an UPDATE first reads {@code pg_class.reltuples}.
 */
final class PostgresSql extends ServerSql {
    private static final String COUNT = "SELECT s.relid, s.schemaname, s.relname, s.n_tup_upd, s.n_tup_del,"
            + " c.reltuples FROM pg_catalog.pg_stat_xact_user_tables s JOIN pg_catalog.pg_class c ON c.oid = s.relid"
            + " WHERE s.n_tup_upd + s.n_tup_del > 0";
    /**
     * The same counters for named tables only, through the functions behind the view: the view computes them for
     * every table of the database (a millisecond and more with a few hundred tables), these for a few.
     */
    private static final String COUNT_TABLES = "SELECT c.oid, n.nspname, c.relname,"
            + " pg_catalog.pg_stat_get_xact_tuples_updated(c.oid), pg_catalog.pg_stat_get_xact_tuples_deleted(c.oid),"
            + " c.reltuples FROM pg_catalog.unnest(CAST(? AS text[])) t"
            + " JOIN pg_catalog.pg_class c ON c.oid = pg_catalog.to_regclass(t)"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace";
    private static final String BOUND = " UNION ALL SELECT NULL, NULL, pg_catalog.set_config("
            + "'idle_in_transaction_session_timeout', '" + IDLE_SECONDS * 1000 + "', true), 0, 0, 0";

    /**
     * Rows: {@code k} one per usable unique key (columns, all NOT NULL); {@code t} once when the table exists (with
     * whether it has triggers or rules); {@code d} when a delete cascades; {@code u} per column whose update
     * cascades.
     */
    private static final String TABLE_FACTS = "WITH t AS (SELECT c.oid, c.reltuples, c.relhasrules OR c.relkind = 'p'"
            + " OR c.relhassubclass AS relhasrules FROM pg_catalog.pg_class c"
            + " JOIN pg_catalog.pg_namespace ns ON ns.oid = c.relnamespace WHERE c.relname = ?"
            + " AND (ns.nspname = CAST(? AS text) OR (CAST(? AS text) IS NULL"
            + " AND pg_catalog.pg_table_is_visible(c.oid))))"
            + " SELECT 'k', string_agg(a.attname, ',' ORDER BY k.n), bool_and(a.attnotnull) FROM t"
            + " JOIN pg_catalog.pg_index i ON i.indrelid = t.oid"
            + " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)"
            + " JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum"
            + " WHERE i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL GROUP BY i.indexrelid"
            + " UNION ALL SELECT 't', CAST(t.reltuples AS text), t.relhasrules OR EXISTS (SELECT 1"
            + " FROM pg_catalog.pg_trigger g"
            + " WHERE g.tgrelid = t.oid AND NOT g.tgisinternal) FROM t"
            + " UNION ALL SELECT 'd', NULL, true FROM t WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_constraint f"
            + " WHERE f.confrelid = t.oid AND f.contype = 'f' AND f.confdeltype IN ('c', 'n', 'd'))"
            + " UNION ALL SELECT 'u', a.attname, true FROM t JOIN pg_catalog.pg_constraint f ON f.confrelid = t.oid"
            + " AND f.contype = 'f' AND f.confupdtype IN ('c', 'n', 'd')"
            + " CROSS JOIN LATERAL unnest(f.confkey) AS k(attnum)"
            + " JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum";
    private static final String COLUMNS = "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),"
            + " NULL, NULL FROM (SELECT pg_catalog.to_regclass(?) AS oid) t"
            + " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped"
            + " WHERE t.oid IS NOT NULL";

    private static final String ESTIMATE = "SELECT CAST(c.reltuples AS bigint) FROM pg_catalog.pg_class c"
            + " WHERE c.oid = pg_catalog.to_regclass(?)";

    /** The prepared queries of named tables' counters (with and without the bound), made on first use. */
    private PreparedStatement countTables;
    private PreparedStatement beginTables;

    PostgresSql(Connection raw) {
        super(raw);
    }

    /**
     * The bound is set by the same query that counts ({@code set_config(..., true)} is {@code SET LOCAL}), in a
     * branch of {@code UNION ALL}, which runs every branch; pgjdbc sends the transaction's {@code BEGIN} with it, so
     * opening the transaction costs one round trip.
     */
    @Override
    Counters begin(List<String> tables, boolean byResult) throws SQLException {
        raw.setAutoCommit(false);
        if (byResult) {
            try (Statement statement = raw.createStatement();
                    ResultSet row = statement.executeQuery(BOUND.substring(" UNION ALL ".length(),
                            BOUND.length() - ", 0, 0, 0".length()))) {
                row.next();
            }
            return new Counters(Map.of(), null);
        }
        if (tables == null) {
            return read(COUNT + BOUND);
        }
        if (beginTables == null) {
            beginTables = raw.prepareStatement(COUNT_TABLES + BOUND);
        }
        return read(beginTables, tables);
    }

    @Override
    boolean countsByResult(List<String> tables, int executions) {
        return tables != null && executions == 0;
    }

    @Override
    Counters count(List<String> tables) throws SQLException {
        if (tables == null) {
            return read(COUNT);
        }
        if (countTables == null) {
            countTables = raw.prepareStatement(COUNT_TABLES);
        }
        return read(countTables, tables);
    }

    private Counters read(PreparedStatement query, List<String> tables) throws SQLException {
        String[] names = new String[tables.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = quoted(tables.get(i));
        }
        query.setArray(1, raw.createArrayOf("text", names));
        try (ResultSet rows = query.executeQuery()) {
            return read(rows);
        }
    }

    private Counters read(String query) throws SQLException {
        try (Statement statement = raw.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            return read(rows);
        }
    }

    private static Counters read(ResultSet rows) throws SQLException {
        Map<String, TableChange> tables = new HashMap<>();
        while (rows.next()) {
            if (rows.getString(1) != null) {
                tables.put(rows.getString(1), new TableChange(joined(List.of(rows.getString(2), rows.getString(3))),
                        rows.getLong(4), rows.getLong(5), rows.getDouble(6)));
            }
        }
        return new Counters(tables, null);
    }

    /**
     * {@code pg_index} ({@code indisunique}, no {@code indpred}/{@code indexprs}) with
     * {@code pg_attribute.attnotnull}; {@code pg_trigger} rows that are not internal (foreign-key checks are) and
     * {@code pg_class.relhasrules}, and a partitioned table or one with inheritance children ({@code relkind = 'p'},
     * {@code relhassubclass}: a change of it changes rows of other tables, its partitions and children, which the
     * server counts under their own names) counts as one whose change runs more than itself; {@code pg_constraint}
     * foreign keys referencing the table with {@code confdeltype}/{@code confupdtype} {@code c} (CASCADE), {@code n}
     * (SET NULL) or {@code d} (SET DEFAULT) (<a href="https://www.postgresql.org/docs/15/catalog-pg-index.html">
     * pg_index</a>, <a href="https://www.postgresql.org/docs/15/catalog-pg-constraint.html">pg_constraint</a>); the
     * estimate is {@code pg_class.reltuples} (<a href="https://www.postgresql.org/docs/15/catalog-pg-class.html">
     * pg_class</a>); every table rolls back. Without a schema, the table is the one {@code search_path} shows
     * ({@code pg_table_is_visible}).
     */
    @Override
    TableFacts tableFacts(String schema, String name) throws SQLException {
        try (PreparedStatement query = raw.prepareStatement(TABLE_FACTS)) {
            query.setString(1, name);
            query.setString(2, schema);
            query.setString(3, schema);
            try (ResultSet rows = query.executeQuery()) {
                return TableFacts.read(rows, (facts, value, row) -> facts.table(Double.parseDouble(value),
                        row.getBoolean(3), true));
            }
        }
    }

    /**
     * {@code pg_catalog.format_type(atttypid, atttypmod)} of {@code pg_attribute} (<a
     * href="https://www.postgresql.org/docs/15/catalog-pg-attribute.html">pg_attribute</a>), the table resolved by
     * {@code to_regclass} with the session's {@code search_path} as {@code ALTER TABLE} resolves it (<a
     * href="https://www.postgresql.org/docs/15/functions-info.html">System Information Functions</a>).
     */
    @Override
    LiveColumns columns(String schema, String table) throws SQLException {
        try (PreparedStatement query = raw.prepareStatement(COLUMNS)) {
            query.setString(1, quoted(schema, table));
            try (ResultSet rows = query.executeQuery()) {
                return LiveColumns.read(rows, this);
            }
        }
    }

    /**
     * {@code pg_class.reltuples} of the table {@code to_regclass} resolves the name to; -1 for a table never vacuumed
     * or analysed (<a href="https://www.postgresql.org/docs/15/catalog-pg-class.html">pg_class</a>).
     */
    @Override
    long estimatedRows(String table, long countLimit) throws SQLException {
        String folded = folded(table);
        try (PreparedStatement lookup = raw.prepareStatement(ESTIMATE)) {
            lookup.setString(1, quoted(folded));
            return estimate(lookup, folded, countLimit);
        }
    }

    @Override
    void end(boolean keep, Counters before) throws SQLException {
        endTransaction(raw, keep);
    }

    /**
     * {@code default_transaction_read_only} and {@code transaction_read_only} (<a
     * href="https://www.postgresql.org/docs/15/runtime-config-client.html">Client Connection Defaults</a>).
     */
    @Override
    boolean sessionReadOnly() throws SQLException {
        return "t".equals(single("SELECT pg_catalog.current_setting('default_transaction_read_only') = 'on'"
                + " AND pg_catalog.current_setting('transaction_read_only') = 'on'"));
    }

    /**
     * {@code to_regclass}, which reads the name as SQL does (quotes, case folding, {@code search_path}) and gives
     * null for a relation that does not exist (<a href="https://www.postgresql.org/docs/15/functions-info.html">
     * System Information Functions</a>).
     */
    @Override
    boolean exists(String name) throws SQLException {
        try (PreparedStatement lookup = raw.prepareStatement("SELECT pg_catalog.to_regclass(?) IS NOT NULL")) {
            lookup.setString(1, name);
            try (ResultSet row = lookup.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    /**
     * The relation {@code to_regclass} resolves the name to, with every inheritance child and partition below it
     * ({@code pg_inherits}), and whether each is temporary ({@code relpersistence = 't'}).
     */
    @Override
    public SessionObjects.Relation resolve(String table) throws SQLException {
        try (PreparedStatement lookup = raw.prepareStatement("WITH RECURSIVE r(oid, temp, depth) AS ("
                + "SELECT c.oid, c.relpersistence = 't', 0 FROM pg_catalog.pg_class c"
                + " WHERE c.oid = pg_catalog.to_regclass(?) AND c.relkind IN ('r', 'p')"
                + " UNION ALL SELECT i.inhrelid, k.relpersistence = 't', r.depth + 1 FROM pg_catalog.pg_inherits i"
                + " JOIN r ON i.inhparent = r.oid JOIN pg_catalog.pg_class k ON k.oid = i.inhrelid)"
                + " SELECT oid::text, temp FROM r ORDER BY depth")) {
            lookup.setString(1, quoted(table));
            try (ResultSet rows = lookup.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                String id = rows.getString(1);
                boolean temporary = rows.getBoolean(2);
                List<SessionObjects.Relation> reached = new java.util.ArrayList<>();
                while (rows.next()) {
                    reached.add(new SessionObjects.Relation(rows.getString(1), rows.getBoolean(2), List.of()));
                }
                return new SessionObjects.Relation(id, temporary, reached);
            }
        }
    }

    /**
     * {@code pg_proc.prosrc} and {@code pg_language.lanname} of {@code to_regprocedure('name()')}: a trigger function
     * takes no declared arguments (<a href="https://www.postgresql.org/docs/15/plpgsql-trigger.html">Trigger
     * Functions</a>).
     */
    @Override
    String[] triggerFunction(String name) throws SQLException {
        try (PreparedStatement lookup = raw.prepareStatement("SELECT l.lanname, p.prosrc FROM pg_catalog.pg_proc p"
                + " JOIN pg_catalog.pg_language l ON l.oid = p.prolang"
                + " WHERE p.oid = pg_catalog.to_regprocedure(? || '()')")) {
            lookup.setString(1, name);
            try (ResultSet row = lookup.executeQuery()) {
                return row.next() ? new String[] {row.getString(1), row.getString(2)} : null;
            }
        }
    }

    /** {@code pg_trigger.tgfoid} of {@code to_regprocedure('name()')}. */
    @Override
    boolean executedByTrigger(String function) throws SQLException {
        try (PreparedStatement lookup = raw.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger"
                + " WHERE tgfoid = pg_catalog.to_regprocedure(? || '()'))")) {
            lookup.setString(1, function);
            try (ResultSet row = lookup.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    @Override
    public String folded(String written) {
        return joined(parts(written, true));
    }

    @Override
    public String column(String column) {
        return column;
    }

    /**
     * The session's {@code transactionid} locks other than the top-level transaction's: each subtransaction that
     * wrote holds one ({@code AssignTransactionId} in {@code src/backend/access/transam/xact.c}).
     */
    @Override
    long writes() throws SQLException {
        return Long.parseLong(single("SELECT count(*) FROM pg_catalog.pg_locks WHERE locktype = 'transactionid'"
                + " AND pid = pg_catalog.pg_backend_pid() AND transactionid::text::bigint"
                + " <> pg_catalog.txid_current_if_assigned() % 4294967296"));
    }

    @Override
    void beginReadOnly() throws SQLException {
        execute("SET TRANSACTION READ ONLY");
    }

    /** Nothing: the rollback of the guard's transaction or savepoint undoes the setting. */
    @Override
    void restoreReadOnly() {
    }

    @Override
    void makeSessionReadOnly() throws SQLException {
        execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
    }

    @Override
    String quote() {
        return "\"";
    }

    @Override
    String namespaceQuery() {
        return "SELECT " + io.jdbcguard.targets.ServerFacts.NAMESPACE_PG;
    }
}
