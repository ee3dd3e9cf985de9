package io.jdbcguard.enforce;

import io.jdbcguard.rules.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the server's catalog says, now, of one table's columns, for judging a column type change against the
 * column's live type ({@link TypeChangeCheck}): each column's type as the catalog spells it and, on MySQL/MariaDB,
 * whether the session's {@code sql_mode} makes a value that does not fit an error. Read with one query per table and
 * not cached: a type change is DDL, after which the guard forgets what it learned of tables anyway ({@link
 * TableFacts#forget}).
 *
 * <p>PostgreSQL: {@code pg_catalog.format_type(atttypid, atttypmod)} of {@code pg_attribute}, the table resolved by
 * {@code to_regclass} with the session's {@code search_path} as {@code ALTER TABLE} resolves it (<a
 * href="https://www.postgresql.org/docs/15/functions-info.html">System Information Functions</a>). MySQL/MariaDB:
 * {@code information_schema.COLUMNS.COLUMN_TYPE} in the named database or {@code DATABASE()}, the table's
 * {@code ENGINE} and {@code @@SESSION.sql_mode}: strict when it has {@code STRICT_ALL_TABLES}, or
 * {@code STRICT_TRANS_TABLES} and the table is InnoDB (on a table that cannot roll back, {@code STRICT_TRANS_TABLES}
 * may adjust a value instead of failing, <a href="https://mariadb.com/kb/en/sql-mode/">SQL_MODE</a>).
 *
 * @param known whether the catalog knows the table
 * @param types the columns' types; keys lower-cased on MySQL/MariaDB, whose column names are case-insensitive
 * @param sqlMode MySQL/MariaDB: the session's {@code sql_mode}; empty for PostgreSQL
 * @param strict MySQL/MariaDB: whether a value that does not fit the new type fails the change
 */
record LiveColumns(boolean known, Map<String, String> types, String sqlMode, boolean strict) {
    private static final String PG_COLUMNS = "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),"
            + " NULL, NULL FROM (SELECT pg_catalog.to_regclass(?) AS oid) t"
            + " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped"
            + " WHERE t.oid IS NOT NULL";
    /** Constants in each information_schema table's own conditions, as {@link TableFacts} explains. */
    private static final String MYSQL_COLUMNS = "SELECT c.COLUMN_NAME, c.COLUMN_TYPE, t.ENGINE, @@SESSION.sql_mode"
            + " FROM information_schema.TABLES t LEFT JOIN information_schema.COLUMNS c"
            + " ON c.TABLE_SCHEMA = COALESCE(?, DATABASE()) AND c.TABLE_NAME = ?"
            + " WHERE t.TABLE_SCHEMA = COALESCE(?, DATABASE()) AND t.TABLE_NAME = ?";

    /** Copies the map. */
    LiveColumns {
        types = Map.copyOf(types);
    }

    /**
     * @param raw the vendor connection
     * @param dialect its dialect
     * @param schema the schema (MySQL: database) the statement names, or null
     * @param table the table's name, as the analysis folds it
     * @return what the catalog says of the table's columns
     * @throws SQLException when the catalog cannot be read
     */
    static LiveColumns read(Connection raw, Dialect dialect, String schema, String table) throws SQLException {
        boolean postgres = dialect == Dialect.POSTGRESQL;
        boolean known = false;
        Map<String, String> types = new HashMap<>();
        String sqlMode = "";
        boolean strict = false;
        try (PreparedStatement query = raw.prepareStatement(postgres ? PG_COLUMNS : MYSQL_COLUMNS)) {
            if (postgres) {
                query.setString(1, quoted(dialect, schema, table));
            } else {
                query.setString(1, schema);
                query.setString(2, table);
                query.setString(3, schema);
                query.setString(4, table);
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    known = true;
                    String column = rows.getString(1);
                    if (column != null) {
                        types.put(postgres ? column : column.toLowerCase(Locale.ROOT), rows.getString(2));
                    }
                    if (!postgres) {
                        sqlMode = rows.getString(4);
                        String mode = "," + sqlMode.toUpperCase(Locale.ROOT) + ",";
                        strict = mode.contains(",STRICT_ALL_TABLES,") || mode.contains(",STRICT_TRANS_TABLES,")
                                && "innodb".equalsIgnoreCase(rows.getString(3));
                    }
                }
            }
        }
        return new LiveColumns(known, types, sqlMode, strict);
    }

    /**
     * @param column a column as the analysis folds it
     * @return its type as the catalog spells it, or null when the catalog does not know it
     */
    String typeOf(Dialect dialect, String column) {
        return types.get(dialect == Dialect.POSTGRESQL ? column : column.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether a table holds at least one row: {@code SELECT 1 FROM t LIMIT 1}, which reads one row at most.
     *
     * @param raw the vendor connection
     * @param dialect its dialect
     * @param schema the schema the statement names, or null
     * @param table the table's name
     * @return whether it holds a row
     * @throws SQLException when the server cannot read the table
     */
    static boolean holdsRows(Connection raw, Dialect dialect, String schema, String table) throws SQLException {
        try (Statement probe = raw.createStatement();
                ResultSet rows = probe.executeQuery("SELECT 1 FROM " + quoted(dialect, schema, table) + " LIMIT 1")) {
            return rows.next();
        }
    }

    /** The name quoted as an identifier of the dialect, so no character of it is read as SQL. */
    private static String quoted(Dialect dialect, String schema, String table) {
        String quote = dialect == Dialect.POSTGRESQL ? "\"" : "`";
        String name = quote + table.replace(quote, quote + quote) + quote;
        return schema == null ? name : quote + schema.replace(quote, quote + quote) + quote + "." + name;
    }
}
