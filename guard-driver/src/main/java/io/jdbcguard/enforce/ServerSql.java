package io.jdbcguard.enforce;

import io.jdbcguard.rules.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the guard says to one server at statement time, in that server's SQL: its counters of rows changed, read
 * before and after a statement the guard runs under its measurement, in the same transaction; bounded looks at a
 * table's rows for the every-row test; the guard's own transaction, the savepoint it sets by statement and the
 * session's read-only state; what the catalog says of a table ({@link #tableFacts}), of its columns
 * ({@link #columns}) and of its size ({@link #estimatedRows}); and how the session resolves names. Each subclass
 * ({@link PostgresSql}, {@link MariaDbSql}) holds one server's SQL with its parameters and the reading of its rows,
 * so the callers hold a {@code ServerSql} and never choose SQL by dialect; SQL the two servers share is written here
 * once, and rows both servers give in one shape are read by {@link TableFacts#read} and {@link LiveColumns#read}.
 * The connect-time identification of a server (marker, fingerprint, session settings) is
 * {@code io.jdbcguard.targets.ServerFacts}'.
 *
 * <p>The guard's own transaction (opened when the caller is in auto-commit mode) is bounded on the server: if the
 * client falls silent inside it (a network cut), the server ends the session after {@link #IDLE_SECONDS} seconds and
 * its locks with it, instead of holding them until TCP keepalive gives up.
 */
abstract sealed class ServerSql implements SessionObjects.Catalog permits PostgresSql, MariaDbSql {
    /** How long the server keeps the guard's own transaction while the client says nothing, in seconds. */
    static final int IDLE_SECONDS = 5;
    /** The name of the savepoint the guard sets by statement. */
    private static final String SAVEPOINT = "jdbc_guard_check";

    /** The vendor connection. */
    final Connection raw;

    ServerSql(Connection raw) {
        this.raw = raw;
    }

    /**
     * @param dialect the server's dialect
     * @param raw the vendor connection
     * @return what the guard says to the server: {@link PostgresSql} for {@link Dialect#POSTGRESQL}, else
     *     {@link MariaDbSql}
     */
    static ServerSql of(Dialect dialect, Connection raw) {
        return dialect == Dialect.POSTGRESQL ? new PostgresSql(raw) : new MariaDbSql(raw);
    }

    /**
     * Opens the guard's own transaction on a connection in auto-commit mode, bounded on the server, and counts.
     *
     * @param tables the only tables the statement can change (as the analysis names them), where the server counts
     *     per table and the catalog says nothing else follows from the change; null to count every table
     * @param byResult whether the statement's own reported count will be its effect ({@link #countsByResult}), so
     *     no counter is read
     * @return the counters at the start (none when {@code byResult})
     * @throws SQLException when the server cannot be asked
     */
    abstract Counters begin(List<String> tables, boolean byResult) throws SQLException;

    /**
     * Whether the count the server reports for the statement itself (PostgreSQL's command tag, MariaDB's OK packet)
     * is its whole effect, so the counters need not be read (two queries: about 0.1 ms each on PostgreSQL here, 0.2
     * ms on MariaDB, whose {@code information_schema.SESSION_STATUS} fills every status variable): for one execution
     * whose tables the catalog shows nothing follows from (no trigger, rule or cascade, no function that may write,
     * no {@code EXECUTE}); the caller also requires a single UPDATE or DELETE (upserts report inserted and updated
     * rows together, and a CTE's rows are not in the command tag).
     *
     * @param tables the tables the change can touch when that is all it can touch, else null
     * @param executions 0 for one execution, else a batch's
     * @return whether the reported count is the effect
     */
    abstract boolean countsByResult(List<String> tables, int executions);

    /**
     * What the server's catalog says about one table ({@link TableFacts}), read with one catalog query; the caller
     * caches it ({@link TableFactsCache}).
     *
     * @param schema the table's schema (MySQL/MariaDB: database) as the analysis names it, or null for the table
     *     the session's name resolution finds
     * @param name the table's name as the analysis names it
     * @return the table's facts; not {@link TableFacts#known} when the catalog does not show the table
     * @throws SQLException when the catalog cannot be read
     */
    abstract TableFacts tableFacts(String schema, String name) throws SQLException;

    /**
     * What the server's catalog says, now, of one table's columns ({@link LiveColumns}), read with one query.
     *
     * @param schema the schema (MySQL/MariaDB: database) the statement names, or null
     * @param table the table's name, as the analysis folds it
     * @return what the catalog says of the table's columns; not {@link LiveColumns#known} when it does not show the
     *     table
     * @throws SQLException when the catalog cannot be read
     */
    abstract LiveColumns columns(String schema, String table) throws SQLException;

    /**
     * How many rows a table holds by the server's own estimate, which costs what one catalog row costs whatever the
     * table's size; a table the server never estimated is counted instead, up to a limit ({@link #rowsUpTo}).
     *
     * @param table a table as a finding names it ({@code schema.table} or {@code table}, quotes included)
     * @param countLimit the most rows to count when the server has no estimate
     * @return the server's estimate, or the rows counted up to {@code countLimit} when it has none; -1 when the
     *     server does not know the table
     * @throws SQLException when the catalog or the table cannot be read
     */
    abstract long estimatedRows(String table, long countLimit) throws SQLException;

    /**
     * Runs a server's estimate query for {@link #estimatedRows}, which gives no row for a table the server does not
     * know and a null or negative value for one it never estimated.
     *
     * @param lookup the query, its parameters bound
     * @param table the table as the server spells it, for {@link #rowsUpTo}
     * @param countLimit as for {@link #estimatedRows}
     * @return as {@link #estimatedRows}
     * @throws SQLException when the catalog or the table cannot be read
     */
    final long estimate(PreparedStatement lookup, String table, long countLimit) throws SQLException {
        try (ResultSet row = lookup.executeQuery()) {
            if (!row.next()) {
                return -1;
            }
            long estimate = row.getObject(1) == null ? -1 : row.getLong(1);
            return estimate >= 0 ? estimate : rowsUpTo(table, countLimit);
        }
    }

    /** The session's settings may have changed: forget what was read of them. */
    void sessionChanged() {
    }

    /**
     * @param tables as for {@link #begin}
     * @return the counters now, inside the transaction the statement runs in
     * @throws SQLException when the server cannot be asked
     */
    abstract Counters count(List<String> tables) throws SQLException;

    /**
     * Ends the guard's own transaction and gives the session back in auto-commit mode.
     *
     * @param keep whether to commit the change (else it is rolled back)
     * @param before what {@link #begin} returned, or null when it failed
     * @throws SQLException when the server cannot be asked
     */
    abstract void end(boolean keep, Counters before) throws SQLException;

    /** @return the character the server quotes identifiers with: {@code "} (PostgreSQL) or {@code `} (MySQL) */
    abstract String quote();

    /**
     * @param table a table name as {@link #joined} writes it, {@code schema.table} or {@code table}
     * @return the name quoted for a statement, each part as one identifier
     */
    final String quoted(String table) {
        StringBuilder text = new StringBuilder();
        for (String part : parts(table, false)) {
            identifier(text.append(text.length() == 0 ? "" : "."), part);
        }
        return text.toString();
    }

    /**
     * @param schema a schema (MySQL: database), or null
     * @param name a table's name in it
     * @return the name quoted for a statement, the schema and the name each as one identifier whatever they hold
     */
    final String quoted(String schema, String name) {
        StringBuilder text = new StringBuilder();
        if (schema != null) {
            identifier(text, schema).append('.');
        }
        return identifier(text, name).toString();
    }

    private StringBuilder identifier(StringBuilder text, String part) {
        String quote = quote();
        return text.append(quote).append(part.replace(quote, quote + quote)).append(quote);
    }

    /**
     * Whether the session is still read-only as the guard made it on a read-only pair (its default for new
     * transactions and, on PostgreSQL, the current transaction's mode): the server's own state, since a setting's
     * name can be computed ({@code set_config('default_transaction_' || 'read' || '_only', 'off', false)}) or set
     * inside a function, where no spelling shows it.
     *
     * @return whether it is read-only
     * @throws SQLException when the server cannot be asked
     */
    abstract boolean sessionReadOnly() throws SQLException;

    /**
     * Makes the session read-only again after {@link #sessionReadOnly} said it was not, where undoing the statement
     * does not undo the setting (MySQL/MariaDB session variables are not transactional; PostgreSQL undoes a
     * {@code SET} with the transaction or savepoint it ran in: <a
     * href="https://www.postgresql.org/docs/15/sql-set.html">SET</a>).
     *
     * @throws SQLException when the server cannot be asked
     */
    abstract void restoreReadOnly() throws SQLException;

    /**
     * Makes the session read-only on the server, so writes hidden in functions are refused by the server itself:
     * PostgreSQL <a href="https://www.postgresql.org/docs/15/sql-set-transaction.html">SET SESSION CHARACTERISTICS AS
     * TRANSACTION READ ONLY</a>, MariaDB <a href="https://mariadb.com/kb/en/set-transaction/">SET SESSION TRANSACTION
     * READ ONLY</a>.
     *
     * @throws SQLException when the server refuses it
     */
    abstract void makeSessionReadOnly() throws SQLException;

    /**
     * @param query a query of one row and one column
     * @return its value as a string
     * @throws SQLException when the server cannot be asked
     */
    String single(String query) throws SQLException {
        try (Statement statement = raw.createStatement(); ResultSet row = statement.executeQuery(query)) {
            row.next();
            return row.getString(1);
        }
    }

    /**
     * Whether the server resolves a name to a table, view, sequence or (PostgreSQL) index, as a statement of this
     * session would.
     *
     * @param name the name as a statement wrote it, quotes included ({@code public."Users"}, {@code `db`.`t`})
     * @return whether it exists
     * @throws SQLException when the server cannot be asked or cannot read the name
     */
    abstract boolean exists(String name) throws SQLException;

    /**
     * The source of a trigger function, as the server resolves its name for {@code CREATE TRIGGER ... EXECUTE
     * FUNCTION name()}.
     *
     * @param name the function's name as a statement wrote it
     * @return its language and its body, or null when the server has no such function
     * @throws SQLException when the server cannot be asked
     */
    String[] triggerFunction(String name) throws SQLException {
        throw new SQLException("only PostgreSQL triggers run functions");
    }

    /**
     * @param function a trigger function's name as a statement wrote it
     * @return whether a trigger executes it
     * @throws SQLException when the server cannot be asked
     */
    boolean executedByTrigger(String function) throws SQLException {
        throw new SQLException("only PostgreSQL triggers run functions");
    }

    /**
     * @return the server's count of this session's writes so far, for a read run under a savepoint (see
     *     {@link CheckedRun}: the difference across the read is what it wrote)
     * @throws SQLException when the server cannot be asked
     */
    abstract long writes() throws SQLException;

    /**
     * Opens a read-only transaction on a connection whose auto-commit the caller just turned off: PostgreSQL <a
     * href="https://www.postgresql.org/docs/15/sql-set-transaction.html">SET TRANSACTION READ ONLY</a> (the
     * transaction pgjdbc begins with it), MariaDB {@code START TRANSACTION READ ONLY}.
     *
     * @throws SQLException when the server refuses it
     */
    abstract void beginReadOnly() throws SQLException;

    /** @return the query that reads how the session resolves unqualified names */
    abstract String namespaceQuery();

    /**
     * Whether a table has no row now, as this transaction sees it. Costs what the change cost: the scan stops at the
     * first row it can see, after at most the rows this transaction deleted.
     *
     * @param table the table, as for {@link #quoted}
     * @return whether it is empty
     * @throws SQLException when the server cannot be asked
     */
    boolean empty(String table) throws SQLException {
        return !anyRow(quoted(table));
    }

    /**
     * Whether a table holds at least one row: {@code SELECT 1 FROM t LIMIT 1}, which reads one row at most.
     *
     * @param schema the schema the statement names, or null
     * @param table the table's name
     * @return whether it holds a row
     * @throws SQLException when the server cannot read the table
     */
    boolean holdsRows(String schema, String table) throws SQLException {
        return anyRow(quoted(schema, table));
    }

    private boolean anyRow(String quotedTable) throws SQLException {
        try (Statement statement = raw.createStatement();
                ResultSet row = statement.executeQuery("SELECT 1 FROM " + quotedTable + " LIMIT 1")) {
            return row.next();
        }
    }

    /**
     * The table's rows as this transaction sees them, counted up to a limit: the cost grows with the limit (the rows
     * a change touched, at most the ceiling), not with the table.
     *
     * @param table the table, as for {@link #quoted}
     * @param limit the most rows to count
     * @return the rows, at most {@code limit}
     * @throws SQLException when the server cannot be asked
     */
    long rowsUpTo(String table, long limit) throws SQLException {
        try (Statement statement = raw.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM (SELECT 1 FROM " + quoted(table)
                        + " LIMIT " + limit + ") x")) {
            row.next();
            return row.getLong(1);
        }
    }

    /** @return the session's name resolution, read from the server */
    String namespace() throws SQLException {
        return single(namespaceQuery());
    }

    /**
     * Sets the guard's savepoint by statement, for a transaction the caller began by statement while JDBC is in
     * auto-commit mode, where JDBC refuses {@code setSavepoint} ({@link OpenTransaction}): the same SQL on both
     * servers (<a href="https://www.postgresql.org/docs/15/sql-savepoint.html">SAVEPOINT</a>, <a
     * href="https://mariadb.com/kb/en/savepoint/">SAVEPOINT</a>).
     *
     * @throws SQLException when the server refuses it
     */
    void setSavepoint() throws SQLException {
        execute("SAVEPOINT " + SAVEPOINT);
    }

    /**
     * Undoes what ran since {@link #setSavepoint}; the savepoint stays set (<a
     * href="https://www.postgresql.org/docs/15/sql-rollback-to.html">ROLLBACK TO SAVEPOINT</a>).
     *
     * @throws SQLException when the server refuses it
     */
    void rollbackToSavepoint() throws SQLException {
        execute("ROLLBACK TO SAVEPOINT " + SAVEPOINT);
    }

    /**
     * Releases the savepoint of {@link #setSavepoint}, keeping what ran since (<a
     * href="https://www.postgresql.org/docs/15/sql-release-savepoint.html">RELEASE SAVEPOINT</a>).
     *
     * @throws SQLException when the server refuses it
     */
    void releaseSavepoint() throws SQLException {
        execute("RELEASE SAVEPOINT " + SAVEPOINT);
    }

    /**
     * Rolls back, by statement, a transaction the caller began by statement while JDBC is in auto-commit mode.
     *
     * @throws SQLException when the server cannot be asked
     */
    void rollback() throws SQLException {
        execute("ROLLBACK");
    }

    /**
     * Runs one statement of the guard's that returns no rows.
     *
     * @param statement the statement
     * @throws SQLException when the server refuses it
     */
    final void execute(String statement) throws SQLException {
        try (Statement own = raw.createStatement()) {
            own.execute(statement);
        }
    }

    /**
     * @param before the counters before a statement
     * @param after the counters after it, in the same transaction
     * @return what changed, per table where the server counts per table, else one entry with a null table
     */
    static List<TableChange> changes(Counters before, Counters after) {
        List<TableChange> changes = new ArrayList<>();
        for (Map.Entry<String, TableChange> entry : after.tables().entrySet()) {
            TableChange now = entry.getValue();
            TableChange then = before.tables().get(entry.getKey());
            long updated = now.updated() - (then == null ? 0 : then.updated());
            long deleted = now.deleted() - (then == null ? 0 : then.deleted());
            if (updated != 0 || deleted != 0) {
                changes.add(new TableChange(now.table(), updated, deleted, now.estimate()));
            }
        }
        return changes;
    }

    /**
     * Ends a transaction opened with {@code setAutoCommit(false)}, giving auto-commit mode back (also when the end
     * fails).
     *
     * @param raw the vendor connection
     * @param keep whether to commit (else roll back)
     * @throws SQLException when the server cannot be asked
     */
    static void endTransaction(Connection raw, boolean keep) throws SQLException {
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

    /**
     * A name's parts joined by dots, as the guard keys and compares tables: a part is written as it is unless it
     * holds a dot or a quote character, which is then written in double quotes (a quote inside doubled), so that
     * {@link #parts} reads the same parts back and {@link #quoted(String)} quotes a table {@code "a.b"} as one
     * identifier, not as table {@code b} of schema {@code a}.
     *
     * @param parts a name's parts, as the server spells them
     * @return the name
     */
    static String joined(List<String> parts) {
        StringBuilder name = new StringBuilder();
        for (String part : parts) {
            if (name.length() > 0) {
                name.append('.');
            }
            boolean plain = part.indexOf('.') < 0 && part.indexOf('"') < 0 && part.indexOf('`') < 0;
            name.append(plain ? part : '"' + part.replace("\"", "\"\"") + '"');
        }
        return name.toString();
    }

    /**
     * A name's dot-separated parts, each without its quotes (backticks or double quotes; a doubled quote inside is
     * one), an unquoted part folded to lower case when {@code fold} (ASCII letters only, as PostgreSQL's
     * {@code downcase_identifier} in {@code src/backend/parser/scansup.c} does in multi-byte encodings).
     *
     * @param written a name as a statement wrote it
     * @param fold whether the server folds unquoted names to lower case (PostgreSQL)
     * @return its parts
     */
    static List<String> parts(String written, boolean fold) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        char quote = 0;
        for (int i = 0; i < written.length(); i++) {
            char c = written.charAt(i);
            if (quote != 0 && c == quote && i + 1 < written.length() && written.charAt(i + 1) == quote) {
                part.append(c);
                i++;
            } else if (quote != 0 && c == quote) {
                quote = 0;
            } else if (quote == 0 && (c == '`' || c == '"')) {
                quote = c;
                quoted = true;
            } else if (quote == 0 && c == '.') {
                parts.add(part.toString());
                part.setLength(0);
                quoted = false;
            } else {
                part.append(quote == 0 && fold && !quoted && c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    /**
     * The server's counters at one moment.
     *
     * @param tables per table (by the server's key for it) the rows updated and deleted so far
     * @param restore what {@link #end} restores in the session, or null
     */
    record Counters(Map<String, TableChange> tables, String restore) {
    }

    /**
     * Rows changed in one table.
     *
     * @param table the table as the server spells it ({@code schema.table}), or null when the server does not say
     * @param updated rows updated
     * @param deleted rows deleted
     * @param estimate the server's estimate of the table's rows, negative when it has none
     */
    record TableChange(String table, long updated, long deleted, double estimate) {
        /** @return the rows changed */
        long rows() {
            return updated + deleted;
        }
    }
}
