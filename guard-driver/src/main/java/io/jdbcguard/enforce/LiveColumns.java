package io.jdbcguard.enforce;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the server's catalog says, now, of one table's columns, for judging a column type change against the
 * column's live type ({@link TypeChangeCheck}): each column's type as the catalog spells it and, on MySQL/MariaDB,
 * whether the session's {@code sql_mode} makes a value that does not fit an error. Read with one query per table
 * ({@link ServerSql#columns}, which says what each server's catalog is asked) and not cached: a type change is DDL,
 * after which the guard forgets what it learned of tables anyway ({@link TableFactsCache#forget}).
 *
 * <p>MySQL/MariaDB strict mode: {@code sql_mode} has {@code STRICT_ALL_TABLES}, or {@code STRICT_TRANS_TABLES} and
 * the table is InnoDB (on a table that cannot roll back, {@code STRICT_TRANS_TABLES} may adjust a value instead of
 * failing, <a href="https://mariadb.com/kb/en/sql-mode/">SQL_MODE</a>).
 *
 * @param known whether the catalog knows the table
 * @param types the columns' types, keyed by the column's name as the server compares it
 *     ({@link SessionObjects.Catalog#column}: lower-cased on MySQL/MariaDB, whose column names are case-insensitive)
 * @param sqlMode MySQL/MariaDB: the session's {@code sql_mode}; empty for PostgreSQL
 * @param strict MySQL/MariaDB: whether a value that does not fit the new type fails the change
 */
record LiveColumns(boolean known, Map<String, String> types, String sqlMode, boolean strict) {
    /** Copies the map. */
    LiveColumns {
        types = Map.copyOf(types);
    }

    /**
     * Reads the rows of a server's columns query ({@link ServerSql#columns}): one per column, or one with a null name
     * for a table without columns, none when the catalog does not know the table; each row gives the column's name,
     * its type as the catalog spells it, the table's storage engine and the session's {@code sql_mode} (the last two
     * null where the server has neither: PostgreSQL).
     *
     * @param rows the query's rows, read to the end
     * @param names the server's name resolution, which keys each column as the server compares it
     * @return what the rows say of the table's columns
     * @throws SQLException when a row cannot be read
     */
    static LiveColumns read(ResultSet rows, SessionObjects.Catalog names) throws SQLException {
        boolean known = false;
        Map<String, String> types = new HashMap<>();
        String sqlMode = "";
        boolean strict = false;
        while (rows.next()) {
            known = true;
            String column = rows.getString(1);
            if (column != null) {
                types.put(names.column(column), rows.getString(2));
            }
            String mode = rows.getString(4);
            if (mode != null) {
                sqlMode = mode;
                String modes = "," + mode.toUpperCase(Locale.ROOT) + ",";
                strict = modes.contains(",STRICT_ALL_TABLES,") || modes.contains(",STRICT_TRANS_TABLES,")
                        && "innodb".equalsIgnoreCase(rows.getString(3));
            }
        }
        return new LiveColumns(known, types, sqlMode, strict);
    }

    /**
     * @param column a column's name as the server compares it ({@link SessionObjects.Catalog#column})
     * @return its type as the catalog spells it, or null when the catalog does not know it
     */
    String typeOf(String column) {
        return types.get(column);
    }
}
