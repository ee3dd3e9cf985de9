package io.jdbcguard.enforce;

import io.jdbcguard.policy.PairGuards;
import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What a statement would do on a live target, read from its catalog with read-only queries, for the command line's
 * {@code lint --url}: a column type change judged against the column's current type as the driver judges it
 * ({@link TypeChangeCheck}, rule {@code lossy-alter}), and how many rows a table holds by the server's own estimate
 * (PostgreSQL {@code pg_class.reltuples}, MySQL/MariaDB {@code information_schema.TABLES.TABLE_ROWS}), which costs
 * what one catalog row costs whatever the table's size; a table the server never estimated is counted, up to a
 * million rows.
 */
public final class LiveCatalog {
    /** When the server has no estimate (a table never analysed), rows are counted up to this many. */
    private static final long COUNT_LIMIT = 1_000_000;

    private final ServerSql serverSql;
    private final TypeChangeCheck typeChanges;
    private final SessionObjects none;

    /**
     * @param raw a vendor connection to the target, made read-only by the caller
     * @param dialect its dialect
     * @param guards the pair's guards, which decide whether type changes are judged
     */
    public LiveCatalog(Connection raw, Dialect dialect, PairGuards guards) {
        this.serverSql = ServerSql.of(dialect, raw);
        this.typeChanges = new TypeChangeCheck(serverSql, dialect, guards);
        this.none = new SessionObjects(serverSql);
    }

    /**
     * @param analysis a statement's analysis
     * @param sql the statement
     * @return the {@code lossy-alter} findings of its column type changes against the live columns; empty when it
     *     changes no type, or every change keeps every value there
     */
    public List<Finding> typeChanges(Analysis analysis, String sql) {
        return typeChanges.findings(analysis, sql, none, false);
    }

    /**
     * @param table a table as a finding names it ({@code schema.table} or {@code table}, quotes included)
     * @return the server's estimate of its rows ({@link ServerSql#estimatedRows}), or its rows counted up to a
     *     million when the server has none; -1 when the server does not know the table
     * @throws SQLException when the catalog or the table cannot be read
     */
    public long rows(String table) throws SQLException {
        return serverSql.estimatedRows(table, COUNT_LIMIT);
    }
}
