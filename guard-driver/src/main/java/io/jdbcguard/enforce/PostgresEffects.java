package io.jdbcguard.enforce;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * PostgreSQL's count of what a statement changed: {@code pg_stat_xact_user_tables}, the current transaction's
 * inserted, updated and deleted tuples per table (<a
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
final class PostgresEffects extends ServerEffects {
    private static final String COUNT = "SELECT s.relid, s.schemaname, s.relname, s.n_tup_upd, s.n_tup_del,"
            + " c.reltuples FROM pg_catalog.pg_stat_xact_user_tables s JOIN pg_catalog.pg_class c ON c.oid = s.relid"
            + " WHERE s.n_tup_upd + s.n_tup_del > 0";

    PostgresEffects(Connection raw) {
        super(raw);
    }

    /**
     * The bound is set by the same query that counts ({@code set_config(..., true)} is {@code SET LOCAL}), in a
     * branch of {@code UNION ALL}, which runs every branch; pgjdbc sends the transaction's {@code BEGIN} with it, so
     * opening the transaction costs one round trip.
     */
    @Override
    Counters begin() throws SQLException {
        raw.setAutoCommit(false);
        return read(COUNT + " UNION ALL SELECT NULL, NULL, pg_catalog.set_config("
                + "'idle_in_transaction_session_timeout', '" + IDLE_SECONDS * 1000 + "', true), 0, 0, 0");
    }

    @Override
    Counters count() throws SQLException {
        return read(COUNT);
    }

    private Counters read(String query) throws SQLException {
        Map<String, TableChange> tables = new HashMap<>();
        try (Statement statement = raw.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                if (rows.getString(1) != null) {
                    tables.put(rows.getString(1), new TableChange(rows.getString(2) + "." + rows.getString(3),
                            rows.getLong(4), rows.getLong(5), rows.getDouble(6)));
                }
            }
        }
        return new Counters(tables, null);
    }

    @Override
    void end(boolean keep, Counters before) throws SQLException {
        try {
            if (keep) {
                raw.commit();
            } else {
                raw.rollback();
            }
        } finally {
            raw.setAutoCommit(true);
        }
    }

    @Override
    String quoted(String table) {
        return quoted(table, "\"");
    }

    @Override
    String namespaceQuery() {
        return "SELECT " + io.jdbcguard.targets.ServerFacts.NAMESPACE_PG;
    }
}
