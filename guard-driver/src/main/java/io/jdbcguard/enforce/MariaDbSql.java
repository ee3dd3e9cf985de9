package io.jdbcguard.enforce;

import io.jdbcguard.targets.ServerFacts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * Everything the guard says to MariaDB and MySQL ({@link ServerSql}): their session counters, their catalog
 * ({@code information_schema}, read by {@link #tableFacts}, {@link #columns}, {@link #estimatedRows},
 * {@link #exists}, {@link #resolve}) and the guard's own transactions.
 *
 * <p>The count of what a statement changed: the session's {@code Handler_update} and {@code Handler_delete} (<a
 * href="https://mariadb.com/kb/en/server-status-variables/">Server Status Variables</a>),
 * which count every row the SQL layer updated or deleted in any table, triggers' statements included, but not the
 * rows InnoDB itself changes for a foreign key's ON DELETE/ON UPDATE action (the cascade runs inside the storage
 * engine, {@code row_ins_foreign_check_on_constraint} in {@code storage/innobase/row/row0ins.cc}), and not per table.
 * So the guard refuses, before they run, changes that a cascade would follow ({@link TableFacts#confined}), and judges
 * the every-row test on the tables the statement and its triggers name. The guard's own transaction starts with
 * {@code SET SESSION autocommit = 0, idle_transaction_timeout = 5} and ends with {@code autocommit = 1} (which
 * commits, <a href="https://mariadb.com/kb/en/server-system-variables/#autocommit">autocommit</a>) and the timeout the
 * session had (<a href="https://mariadb.com/kb/en/server-system-variables/#idle_transaction_timeout">
 * idle_transaction_timeout</a>, MariaDB 10.3 and later; MySQL has none, and only autocommit is set there).
 */
final class MariaDbSql extends ServerSql {
    private static final String COUNT = "SELECT (SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS"
            + " WHERE VARIABLE_NAME = 'HANDLER_UPDATE'), (SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS"
            + " WHERE VARIABLE_NAME = 'HANDLER_DELETE')";

    /**
     * Rows: {@code k} per unique key; {@code t} once (engine); {@code g} per trigger (its statement); {@code d} per
     * referencing constraint with a cascading delete rule; {@code u} per referenced column with a cascading update
     * rule. Each information_schema table gets the schema and table as constants in its own WHERE clause: the server
     * then opens only that table's (or schema's) definitions ({@code EXPLAIN}: "Scanned 0 databases" or "1
     * database"); named only through a join condition, every table of every database is read ("Scanned all
     * databases": 9-13 ms on the test server). <a
     * href="https://dev.mysql.com/doc/refman/5.7/en/information-schema-optimization.html">Optimizing
     * INFORMATION_SCHEMA Queries</a>.
     */
    private static final String TABLE_FACTS = "SELECT 'k', GROUP_CONCAT(s.column_name ORDER BY s.seq_in_index),"
            + " MIN(c.is_nullable = 'NO') FROM information_schema.statistics s"
            + " JOIN information_schema.columns c ON c.column_name = s.column_name"
            + " WHERE s.table_schema = COALESCE(?, DATABASE()) AND s.table_name = ?"
            + " AND c.table_schema = COALESCE(?, DATABASE()) AND c.table_name = ? AND s.non_unique = 0"
            + " GROUP BY s.index_name"
            + " UNION ALL SELECT 't', CONCAT(COALESCE(t.table_rows, -1), ':', COALESCE(t.engine, '')), 1"
            + " FROM information_schema.tables t"
            + " WHERE t.table_schema = COALESCE(?, DATABASE()) AND t.table_name = ?"
            + " UNION ALL SELECT 'g', g.action_statement, 1 FROM information_schema.triggers g"
            + " WHERE g.event_object_schema = COALESCE(?, DATABASE()) AND g.event_object_table = ?"
            + " UNION ALL SELECT 'd', r.delete_rule, 1 FROM information_schema.referential_constraints r"
            + " WHERE r.constraint_schema = COALESCE(?, DATABASE()) AND r.referenced_table_name = ?"
            + " AND r.delete_rule IN ('CASCADE', 'SET NULL', 'SET DEFAULT')"
            + " UNION ALL SELECT 'u', u.referenced_column_name, 1 FROM information_schema.key_column_usage u"
            + " JOIN information_schema.referential_constraints r ON r.constraint_schema = u.constraint_schema"
            + " AND r.constraint_name = u.constraint_name AND r.table_name = u.table_name"
            + " WHERE u.table_schema = COALESCE(?, DATABASE()) AND u.referenced_table_name = ?"
            + " AND u.referenced_table_schema = COALESCE(?, DATABASE())"
            + " AND r.constraint_schema = COALESCE(?, DATABASE())"
            + " AND r.update_rule IN ('CASCADE', 'SET NULL', 'SET DEFAULT')";

    /** Constants in each information_schema table's own conditions, as {@link #TABLE_FACTS} explains. */
    private static final String COLUMNS = "SELECT c.COLUMN_NAME, c.COLUMN_TYPE, t.ENGINE, @@SESSION.sql_mode"
            + " FROM information_schema.TABLES t LEFT JOIN information_schema.COLUMNS c"
            + " ON c.TABLE_SCHEMA = COALESCE(?, DATABASE()) AND c.TABLE_NAME = ?"
            + " WHERE t.TABLE_SCHEMA = COALESCE(?, DATABASE()) AND t.TABLE_NAME = ?";

    private static final String ESTIMATE = "SELECT TABLE_ROWS FROM information_schema.TABLES"
            + " WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?";

    private static final int ER_NO_SUCH_TABLE = 1146;

    private Boolean mariadb;
    /** The session's {@code idle_transaction_timeout}, read on first need and again after a session change. */
    private String sessionTimeout;

    MariaDbSql(Connection raw) {
        super(raw);
    }

    private boolean mariadb() throws SQLException {
        if (mariadb == null) {
            mariadb = raw.getMetaData().getDatabaseProductVersion().toLowerCase(java.util.Locale.ROOT)
                    .contains("mariadb");
        }
        return mariadb;
    }

    @Override
    Counters begin(List<String> tables, boolean byResult) throws SQLException {
        boolean timeout = mariadb();
        Counters before;
        if (!byResult) {
            before = read(COUNT + (timeout ? ", @@SESSION.idle_transaction_timeout" : ""), timeout);
            sessionTimeout = before.restore();
        } else {
            if (timeout && sessionTimeout == null) {
                sessionTimeout = single("SELECT @@SESSION.idle_transaction_timeout");
            }
            before = new Counters(Map.of(), sessionTimeout);
        }
        execute("SET SESSION autocommit = 0" + (timeout ? ", idle_transaction_timeout = " + IDLE_SECONDS : ""));
        return before;
    }

    @Override
    boolean countsByResult(List<String> tables, int executions) {
        return tables != null && executions == 0;
    }

    @Override
    void sessionChanged() {
        sessionTimeout = null;
    }

    @Override
    Counters count(List<String> tables) throws SQLException {
        return read(COUNT, false);
    }

    private Counters read(String query, boolean timeout) throws SQLException {
        try (Statement statement = raw.createStatement(); ResultSet row = statement.executeQuery(query)) {
            row.next();
            return new Counters(Map.of("", new TableChange(null, row.getLong(1), row.getLong(2), -1)),
                    timeout ? row.getString(3) : null);
        }
    }

    /**
     * {@code information_schema.STATISTICS} ({@code NON_UNIQUE = 0}) with {@code COLUMNS.IS_NULLABLE};
     * {@code TABLES.ENGINE}: only InnoDB rolls back (<a href="https://mariadb.com/kb/en/storage-engines/">MariaDB
     * storage engines</a>), and {@code TABLES.TABLE_ROWS} is the estimate; {@code information_schema.TRIGGERS} (shown
     * only for tables the user has the TRIGGER privilege on), whose statements the guard reads for the tables they
     * change; {@code REFERENTIAL_CONSTRAINTS} with {@code KEY_COLUMN_USAGE} for children in the same database whose
     * {@code DELETE_RULE}/{@code UPDATE_RULE} is CASCADE, SET NULL or SET DEFAULT (<a
     * href="https://mariadb.com/kb/en/information-schema-referential_constraints-table/">Information Schema
     * REFERENTIAL_CONSTRAINTS Table</a>). Without a database, the table is in {@code DATABASE()}.
     */
    @Override
    TableFacts tableFacts(String schema, String name) throws SQLException {
        try (PreparedStatement query = raw.prepareStatement(TABLE_FACTS)) {
            for (int offset = 0; offset < 12; offset += 2) {
                query.setString(offset + 1, schema);
                query.setString(offset + 2, name);
            }
            query.setString(13, schema);
            query.setString(14, schema);
            try (ResultSet rows = query.executeQuery()) {
                return TableFacts.read(rows, (facts, value, row) -> {
                    int colon = value.indexOf(':');
                    facts.table(Double.parseDouble(value.substring(0, colon)), false,
                            "innodb".equalsIgnoreCase(value.substring(colon + 1)));
                });
            }
        }
    }

    /**
     * {@code information_schema.COLUMNS.COLUMN_TYPE} (<a
     * href="https://mariadb.com/kb/en/information-schema-columns-table/">Information Schema COLUMNS Table</a>) in the
     * named database or {@code DATABASE()}, the table's {@code ENGINE} and {@code @@SESSION.sql_mode}.
     */
    @Override
    LiveColumns columns(String schema, String table) throws SQLException {
        try (PreparedStatement query = raw.prepareStatement(COLUMNS)) {
            query.setString(1, schema);
            query.setString(2, table);
            query.setString(3, schema);
            query.setString(4, table);
            try (ResultSet rows = query.executeQuery()) {
                return LiveColumns.read(rows, this);
            }
        }
    }

    /**
     * {@code information_schema.TABLES.TABLE_ROWS}, in the named database or {@code DATABASE()}: an estimate for
     * InnoDB, null for a view (<a href="https://mariadb.com/kb/en/information-schema-tables-table/">Information
     * Schema TABLES Table</a>).
     */
    @Override
    long estimatedRows(String table, long countLimit) throws SQLException {
        List<String> parts = parts(table, false);
        try (PreparedStatement lookup = raw.prepareStatement(ESTIMATE)) {
            bindName(lookup, parts);
            return estimate(lookup, joined(parts), countLimit);
        }
    }

    @Override
    void end(boolean keep, Counters before) throws SQLException {
        try (Statement statement = raw.createStatement()) {
            try {
                if (!keep) {
                    statement.execute("ROLLBACK");
                }
            } finally {
                statement.execute("SET SESSION autocommit = 1" + (before == null || before.restore() == null ? ""
                        : ", idle_transaction_timeout = " + Long.parseLong(before.restore())));
            }
        }
    }

    /**
     * The session's access mode for new transactions: MariaDB {@code tx_read_only}, MySQL 8
     * {@code transaction_read_only} (<a href="https://mariadb.com/kb/en/server-system-variables/#tx_read_only">
     * tx_read_only</a>).
     */
    @Override
    boolean sessionReadOnly() throws SQLException {
        return "1".equals(single(mariadb() ? "SELECT @@SESSION.tx_read_only"
                : "SELECT @@SESSION.transaction_read_only"));
    }

    /**
     * {@code information_schema.TABLES} (base tables, views and MariaDB sequences) in the named database or the
     * current one; its names compare case-insensitively, so a name that exists in another letter case counts too.
     */
    @Override
    boolean exists(String name) throws SQLException {
        List<String> parts = parts(name, false);
        if (parts.size() > 2) {
            throw new SQLException("not a table name: " + name);
        }
        try (PreparedStatement lookup = raw.prepareStatement("SELECT count(*) FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?")) {
            bindName(lookup, parts);
            try (ResultSet row = lookup.executeQuery()) {
                row.next();
                return row.getLong(1) > 0;
            }
        }
    }

    /**
     * {@code SHOW CREATE TABLE}, which resolves the name as a statement would (a temporary table hides a base table of
     * its name) and says {@code CREATE TEMPORARY TABLE} for a temporary one; a base table's identity is its database,
     * name and {@code information_schema.TABLES.CREATE_TIME}. Error 1146 ({@code ER_NO_SUCH_TABLE}) is no table.
     */
    @Override
    public SessionObjects.Relation resolve(String table) throws SQLException {
        String create;
        try (Statement statement = raw.createStatement();
                ResultSet row = statement.executeQuery("SHOW CREATE TABLE " + quoted(table))) {
            if (!row.next() || !row.getMetaData().getColumnLabel(1).equalsIgnoreCase("Table")) {
                return null;
            }
            create = row.getString(2);
        } catch (SQLException e) {
            if (e.getErrorCode() == ER_NO_SUCH_TABLE) {
                return null;
            }
            throw e;
        }
        if (create.startsWith("CREATE TEMPORARY TABLE")) {
            return new SessionObjects.Relation("temporary " + table, true, List.of());
        }
        List<String> parts = parts(table, false);
        try (PreparedStatement lookup = raw.prepareStatement("SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME, '@',"
                + " CREATE_TIME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(?, DATABASE())"
                + " AND TABLE_NAME = ? AND TABLE_TYPE = 'BASE TABLE'")) {
            bindName(lookup, parts);
            try (ResultSet row = lookup.executeQuery()) {
                return new SessionObjects.Relation(row.next() ? row.getString(1) : null, false, List.of());
            }
        }
    }

    /** Binds a name's database (null for {@code DATABASE()}) and table to the lookup's first two parameters. */
    private static void bindName(PreparedStatement lookup, List<String> parts) throws SQLException {
        lookup.setString(1, parts.size() == 2 ? parts.get(0) : null);
        lookup.setString(2, parts.get(parts.size() - 1));
    }

    @Override
    public String folded(String written) {
        return joined(parts(written, false));
    }

    /** Column names compare in any letter case (<a href="https://mariadb.com/kb/en/identifier-case-sensitivity/">
     * Identifier Case-sensitivity</a>). */
    @Override
    public String column(String column) {
        return column.toLowerCase(java.util.Locale.ROOT);
    }

    /** The session's {@code Handler_write}, {@code Handler_update} and {@code Handler_delete}, summed. */
    @Override
    long writes() throws SQLException {
        try (Statement status = raw.createStatement();
                ResultSet rows = status.executeQuery("SHOW SESSION STATUS WHERE Variable_name IN ('Handler_write',"
                        + " 'Handler_update', 'Handler_delete')")) {
            long sum = 0;
            while (rows.next()) {
                sum += rows.getLong(2);
            }
            return sum;
        }
    }

    @Override
    void beginReadOnly() throws SQLException {
        execute("START TRANSACTION READ ONLY");
    }

    /** As the guard set it at connect ({@link #makeSessionReadOnly}). */
    @Override
    void restoreReadOnly() throws SQLException {
        makeSessionReadOnly();
    }

    @Override
    void makeSessionReadOnly() throws SQLException {
        execute("SET SESSION TRANSACTION READ ONLY");
    }

    @Override
    String quote() {
        return "`";
    }

    @Override
    String namespaceQuery() {
        return "SELECT " + ServerFacts.NAMESPACE_MYSQL;
    }
}
