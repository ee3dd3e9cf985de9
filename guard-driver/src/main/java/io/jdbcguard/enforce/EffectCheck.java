package io.jdbcguard.enforce;

import io.jdbcguard.GuardViolationException;
import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Modification;
import io.jdbcguard.rules.Statements;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The second layer of judging, after the static analysis: the server itself says what a statement did. On a guarded
 * pair with a row ceiling ({@code max-rows}), a data change (UPDATE, DELETE, MERGE, upsert) that static analysis
 * cannot prove touches at most one row runs inside a savepoint (in auto-commit mode, a transaction the guard opens
 * and closes); when the server's count is above the ceiling, or covers every row of a table holding more than one
 * row, or is not reported at all, the guard rolls it back and refuses it (rule {@value StatementGuard#ROW_LIMIT}).
 * A read-only text that calls a function the guard does not know as a side-effect-free built-in is run so that the
 * server judges whether it writes (rule {@value StatementGuard#HIDDEN_WRITE}): in auto-commit mode in a read-only
 * transaction, so a function that writes is refused by the server; inside a caller's transaction under a savepoint,
 * the server counting what it wrote (see {@link #readInTransaction}).
 *
 * <p>What holds:
 * <ul>
 *   <li>Proven single-row changes (equality on every column of a primary key or NOT NULL unique key, with literals
 *       or parameters, on the only table changed) skip the savepoint: keys are learned once per table per target
 *       ({@link TableFacts}), so a key-lookup workload pays no extra round trip.
 *   <li>Caller transactions keep their meaning: in manual-commit mode the savepoint is released, never committed,
 *       and after a rollback to it the caller's transaction is still usable; in auto-commit mode the caller sees
 *       exactly one committed change or none.
 *   <li>Tables that cannot roll back (MyISAM, Aria, MEMORY, ...) are never written speculatively: an unproven change
 *       to one is refused before it is sent.
 *   <li>Counts are the server's (pgjdbc command tags, Connector/J found rows); a statement that reports no count
 *       ({@code -1}, {@code SUCCESS_NO_INFO}, or rows returned instead) is unknown, not zero, and refused.
 *   <li>A text of several statements with an unproven change is refused: only one statement's count is reported.
 * </ul>
 * The connection's own objects ({@link SessionObjects}) are exempt, and a connection learns them here: a text that
 * creates a table or adds a column is remembered once it ran without error.
 */
public final class EffectCheck {
    private static final Set<String> COUNTED = Set.of("UPDATE", "DELETE", "MERGE", "UPSERT");

    /** Runs the vendor call. */
    @FunctionalInterface
    public interface Execution<T> {
        /**
         * @return the vendor call's result
         * @throws SQLException as the vendor call
         */
        T run() throws SQLException;
    }

    /** Reads the number of rows a vendor call's result reports. */
    @FunctionalInterface
    public interface Counter<T> {
        /**
         * @param result the vendor call's result
         * @return the rows changed, or a negative number when the server did not say
         * @throws SQLException when the count cannot be read
         */
        long rows(T result) throws SQLException;
    }

    private final Connection raw;
    private final Dialect dialect;
    private final String where;
    private final StatementGuard guard;
    private final boolean ceiling;
    private final boolean enforcing;
    private final SessionObjects own = new SessionObjects();
    /**
     * Analyses whose changes were proven to touch one row each, with the {@link TableFacts#stamp} they were proven
     * at: a prepared statement (or a literal text of a known shape, which shares its analysis) then skips the facts
     * lookup on later executions. By identity, each analysis in one of two neighbouring slots; a lost or stale slot only
     * means one more lookup. Slots hold immutable records, so a connection shared between threads at worst looks the
     * facts up again.
     */
    private final Proven[] proven = new Proven[64];

    /**
     * @param raw the vendor connection
     * @param dialect its dialect
     * @param where the target's hosts and database, the namespace of learned table facts
     * @param guard the connection's guard, which refuses and records
     */
    EffectCheck(Connection raw, Dialect dialect, String where, StatementGuard guard) {
        this.raw = raw;
        this.dialect = dialect;
        this.where = where;
        this.guard = guard;
        this.ceiling = guard.context().guards().maxRows().isPresent();
        this.enforcing = !guard.context().guards().enforcedRules().isEmpty();
    }

    /** @return the connection's own objects */
    SessionObjects own() {
        return own;
    }

    /**
     * The fast test of the hot path.
     *
     * @param analysis a text's analysis, already judged statically
     * @return whether running the text needs this check (else the vendor call runs as it is)
     * @throws SQLException when the catalog cannot be read to learn a table's keys
     */
    public boolean needed(Analysis analysis) throws SQLException {
        if (!own.isEmpty() || !analysis.createdTables().isEmpty() || !analysis.addedColumns().isEmpty()
                || hidesWrites(analysis)) {
            return true;
        }
        if (!ceiling || analysis.modifications().isEmpty()) {
            return false;
        }
        long stamp = TableFacts.stamp();
        int slot = System.identityHashCode(analysis) & (proven.length - 2);
        Proven first = proven[slot];
        Proven second = proven[slot + 1];
        if (first != null && first.analysis() == analysis && first.stamp() == stamp
                || second != null && second.analysis() == analysis && second.stamp() == stamp) {
            return false;
        }
        if (hasUnproven(analysis)) {
            return true;
        }
        proven[slot + 1] = first;
        proven[slot] = new Proven(analysis, stamp);
        return false;
    }

    /**
     * Whether the server must judge whether a read-only text writes: it may hide writes and an enforcing guard applies
     * (audit-mode guards block nothing).
     */
    private boolean hidesWrites(Analysis analysis) {
        return analysis.mayHideWrites() && enforcing;
    }

    /** The hot path's form of {@link #unproven}: allocates nothing. */
    private boolean hasUnproven(Analysis analysis) throws SQLException {
        if (!ceiling) {
            return false;
        }
        for (Modification modification : analysis.modifications()) {
            if (isUnproven(modification)) {
                return true;
            }
        }
        return false;
    }

    private List<Modification> unproven(Analysis analysis) throws SQLException {
        List<Modification> unproven = new ArrayList<>();
        if (ceiling) {
            for (Modification modification : analysis.modifications()) {
                if (isUnproven(modification)) {
                    unproven.add(modification);
                }
            }
        }
        return unproven;
    }

    /** A change the server must count: not the session's own, and not proven to touch one row. */
    private boolean isUnproven(Modification modification) throws SQLException {
        return COUNTED.contains(modification.kind()) && !(!own.isEmpty() && own.owns(modification))
                && !(modification.alone()
                && !modification.keyColumns().isEmpty()
                && facts(modification).identifiesOneRow(modification.keyColumns()));
    }

    private TableFacts facts(Modification modification) throws SQLException {
        return TableFacts.of(raw, dialect, where, modification.table());
    }

    /**
     * Runs a vendor call under this check.
     *
     * @param analysis the text's analysis
     * @param sql the text
     * @param statement the vendor statement the call runs on
     * @param execution the vendor call
     * @param counter reads the rows its result reports
     * @param <T> the result type
     * @return the vendor call's result
     * @throws GuardViolationException when the server's count is over the ceiling (rolled back), when it cannot be
     *     counted or rolled back, or when the server refused a hidden write
     * @throws SQLException as the vendor call
     */
    public <T> T run(Analysis analysis, String sql, Statement statement, Execution<T> execution, Counter<T> counter)
            throws SQLException {
        return run(analysis, sql, statement, false, execution, counter);
    }

    /**
     * Runs a batch under this check: its statements' rows count together, as one statement's.
     *
     * @param analysis the batch's statements' analyses combined ({@link #combined})
     * @param sql the batch's texts, for messages
     * @param statement the vendor statement the batch runs on
     * @param execution the vendor's {@code executeBatch}
     * @param counter sums the batch's counts
     * @param <T> the result type
     * @return the vendor call's result
     * @throws SQLException as {@link #run(Analysis, String, Statement, Execution, Counter)}
     */
    public <T> T runBatch(Analysis analysis, String sql, Statement statement, Execution<T> execution,
            Counter<T> counter) throws SQLException {
        return run(analysis, sql, statement, true, execution, counter);
    }

    /**
     * @param analyses the analyses of a batch's texts
     * @return one analysis with all their modifications and created objects
     */
    public static Analysis combined(List<Analysis> analyses) {
        List<Modification> modifications = new ArrayList<>();
        Set<String> created = new java.util.HashSet<>();
        Set<String> added = new java.util.HashSet<>();
        boolean readOnly = true;
        for (Analysis analysis : analyses) {
            modifications.addAll(analysis.modifications());
            created.addAll(analysis.createdTables());
            added.addAll(analysis.addedColumns());
            readOnly &= analysis.readOnly();
        }
        return new Analysis(List.of(), false, readOnly, modifications, created, added, false, false);
    }

    private <T> T run(Analysis analysis, String sql, Statement statement, boolean summed, Execution<T> execution,
            Counter<T> counter) throws SQLException {
        List<Modification> unproven = unproven(analysis);
        boolean hidden = hidesWrites(analysis);
        if (unproven.isEmpty() && !hidden) {
            T result = execution.run();
            ran(analysis, sql);
            return result;
        }
        if (!unproven.isEmpty()) {
            refuseUncountable(sql, summed, unproven);
        }
        boolean autoCommit = raw.getAutoCommit();
        if (hidden && unproven.isEmpty() && !autoCommit) {
            T result = readInTransaction(sql, statement, execution);
            ran(analysis, sql);
            return result;
        }
        Savepoint savepoint = null;
        if (autoCommit) {
            raw.setAutoCommit(false);
        } else {
            savepoint = raw.setSavepoint();
        }
        boolean keep = false;
        try {
            if (hidden) {
                try (Statement readOnly = raw.createStatement()) {
                    readOnly.execute(dialect == Dialect.POSTGRESQL ? "SET TRANSACTION READ ONLY"
                            : "START TRANSACTION READ ONLY");
                }
            }
            T result = hidden ? readOnly(sql, execution) : execution.run();
            if (!unproven.isEmpty()) {
                long rows = counter.rows(result);
                keep = guard.judgeRows(sql, unproven, rows, () -> everyRow(unproven.get(0), rows));
            } else {
                keep = true;
            }
            return result;
        } finally {
            end(autoCommit, savepoint, keep);
            if (keep) {
                ran(analysis, sql);
            }
        }
    }

    private void refuseUncountable(String sql, boolean summed, List<Modification> unproven) throws SQLException {
        for (Modification modification : unproven) {
            if (!facts(modification).transactional()) {
                guard.refuseRows(sql, modification, "its table " + modification.table() + " uses a storage engine"
                        + " that cannot roll back a change, so jdbc-guard cannot let the server count the rows and"
                        + " undo it; prove it touches one row (equality on a key), or run it from the origin that"
                        + " owns such changes");
                return;
            }
        }
        if (!summed && Statements.count(guard.settings(), sql) > 1) {
            guard.refuseRows(sql, unproven.get(0), "it is one of several statements in one text, and the server"
                    + " reports the rows of only one; send the statements one by one");
        }
    }

    private <T> T readOnly(String sql, Execution<T> execution) throws SQLException {
        try {
            return execution.run();
        } catch (SQLException e) {
            if ("25006".equals(e.getSQLState())) {
                throw guard.hiddenWrite(sql, e);
            }
            throw e;
        }
    }

    /**
     * Runs a read that may hide a write inside the caller's transaction, under a savepoint; the server counts what it
     * wrote, and when it wrote anything the guard rolls back to the savepoint and blocks. Otherwise the savepoint is
     * released, so whatever else the read did (a session setting made by a function, a cursor still open) stays as
     * it would without the guard. A transaction's access mode cannot be made read-only for one statement and back
     * (PostgreSQL allows read-write again only before the first query: {@code check_transaction_read_only} in
     * {@code src/backend/commands/variable.c}; MariaDB fixes it when the transaction starts: <a
     * href="https://mariadb.com/kb/en/set-transaction/">SET TRANSACTION</a>), hence the count:
     * <ul>
     *   <li>PostgreSQL: a write of rows or of the catalog (a row change, a row lock, DDL) inside the savepoint gives
     *       its subtransaction a transaction id, and each id holds a lock on itself until the transaction ends
     *       ({@code AssignTransactionId} and {@code XactLockTableInsert} in {@code src/backend/access/transam/xact.c});
     *       the count is the session's {@code transactionid} locks in {@code pg_locks} other than the top-level
     *       transaction's. A sequence's {@code nextval} asks only for the top-level id ({@code nextval_internal} in
     *       {@code src/backend/commands/sequence.c}) and is not counted: sequences are not transactional.
     *   <li>MySQL/MariaDB: a stored function cannot commit or run DDL (<a
     *       href="https://mariadb.com/kb/en/stored-routine-limitations/">stored routine limitations</a>), so its writes
     *       are row writes: the session's {@code Handler_write}, {@code Handler_update} and {@code Handler_delete}
     *       (internal temporary tables count apart, as {@code Handler_tmp_*}). A streaming result set (Connector/J's
     *       fetch size {@code Integer.MIN_VALUE}) would refuse the count's query, so the rows of this execution are
     *       fetched at once.
     * </ul>
     */
    private <T> T readInTransaction(String sql, Statement statement, Execution<T> execution) throws SQLException {
        int fetchSize = dialect == Dialect.POSTGRESQL ? 0 : statement.getFetchSize();
        Savepoint savepoint = raw.setSavepoint();
        boolean undo = true;
        try {
            if (fetchSize != 0) {
                statement.setFetchSize(0);
            }
            long before = writes();
            T result = execution.run();
            long written = writes() - before;
            if (written != 0) {
                throw guard.hiddenWrite(sql, written);
            }
            undo = false;
            return result;
        } finally {
            try {
                if (undo) {
                    raw.rollback(savepoint);
                }
                raw.releaseSavepoint(savepoint);
            } finally {
                if (fetchSize != 0) {
                    statement.setFetchSize(fetchSize);
                }
            }
        }
    }

    /** @return the server's count of this session's writes so far (see {@link #readInTransaction}) */
    private long writes() throws SQLException {
        try (Statement status = raw.createStatement();
                ResultSet rows = status.executeQuery(dialect == Dialect.POSTGRESQL
                        ? "SELECT count(*) FROM pg_catalog.pg_locks WHERE locktype = 'transactionid'"
                                + " AND pid = pg_catalog.pg_backend_pid() AND transactionid::text::bigint"
                                + " <> pg_catalog.txid_current_if_assigned() % 4294967296"
                        : "SHOW SESSION STATUS WHERE Variable_name IN ('Handler_write', 'Handler_update',"
                                + " 'Handler_delete')")) {
            long sum = 0;
            while (rows.next()) {
                sum += rows.getLong(dialect == Dialect.POSTGRESQL ? 1 : 2);
            }
            return sum;
        }
    }

    /** Whether the change covered every row of a table that held more than one. */
    private boolean everyRow(Modification modification, long rows) throws SQLException {
        if (rows <= 1 || !modification.alone()) {
            return false;
        }
        try (Statement count = raw.createStatement();
                ResultSet row = count.executeQuery("SELECT count(*) FROM " + quoted(modification.table()))) {
            row.next();
            long left = row.getLong(1);
            return modification.kind().equals("DELETE") ? left == 0 : left == rows;
        }
    }

    private String quoted(String table) {
        String quote = dialect == Dialect.POSTGRESQL ? "\"" : "`";
        StringBuilder text = new StringBuilder();
        for (String part : table.split("\\.")) {
            text.append(text.length() == 0 ? "" : ".").append(quote).append(part.replace(quote, quote + quote))
                    .append(quote);
        }
        return text.toString();
    }

    private void end(boolean autoCommit, Savepoint savepoint, boolean keep) throws SQLException {
        try {
            if (autoCommit) {
                if (keep) {
                    raw.commit();
                } else {
                    raw.rollback();
                }
            } else if (keep) {
                raw.releaseSavepoint(savepoint);
            } else {
                raw.rollback(savepoint);
            }
        } finally {
            if (autoCommit) {
                raw.setAutoCommit(true);
            }
        }
    }

    private void ran(Analysis analysis, String sql) {
        own.ran(analysis, sql);
        if (!analysis.createdTables().isEmpty() || !analysis.addedColumns().isEmpty() || !analysis.readOnly()
                && analysis.modifications().isEmpty()) {
            TableFacts.forget(where);
        }
    }

    /** An analysis proven not to need the check, while the table facts' stamp is unchanged. */
    private record Proven(Analysis analysis, long stamp) {
    }

    /** Asks the server whether a change covered every row of its table. */
    @FunctionalInterface
    interface EveryRow {
        /**
         * @return whether it did
         * @throws SQLException when the server cannot be asked
         */
        boolean test() throws SQLException;
    }
}
