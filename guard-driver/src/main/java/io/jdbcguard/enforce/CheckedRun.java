package io.jdbcguard.enforce;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * One execution the guard sees through, from just before the vendor call to just after it: {@link EffectCheck#begin}
 * sets it up, the statement class makes the one vendor call and hands its result to {@link #kept} or its exception to
 * {@link #failed}. Nothing calls back into the statement class. The kinds:
 * <ul>
 *   <li><b>plain</b>: nothing to measure; the guard only learns from what ran (the session's own objects, DDL).
 *   <li><b>measured</b>: a change between two readings of the server's counters ({@link ServerSql}), under a
 *       savepoint or in the guard's own transaction; {@link ChangeJudge} judges the difference, and the change is
 *       kept or undone.
 *   <li><b>read only</b>: in auto-commit mode, a read that may hide a write runs in a read-only transaction
 *       (PostgreSQL <a href="https://www.postgresql.org/docs/15/sql-set-transaction.html">SET TRANSACTION READ
 *       ONLY</a>, MariaDB {@code START TRANSACTION READ ONLY}), so the server refuses a write (SQLState 25006).
 *       On a pair the guard made read-only, this and the counted read also ask the server afterwards whether the
 *       session is still read-only ({@link EffectCheck#keepsReadOnly}), and undo and block the read when not.
 *   <li><b>counted read</b>: inside the caller's transaction (or, for audit-mode guards, in a transaction of the
 *       guard's), under a savepoint; the server counts what it wrote, and when it wrote anything the guard rolls back
 *       to the savepoint and blocks (audit mode: records and keeps). Otherwise the savepoint is released, so whatever
 *       else the read did (a session setting made by a function, a cursor still open) stays as it would without the
 *       guard. A transaction's access mode cannot be made read-only for one statement and back (PostgreSQL allows
 *       read-write again only before the first query: {@code check_transaction_read_only} in
 *       {@code src/backend/commands/variable.c}; MariaDB fixes it when the transaction starts: <a
 *       href="https://mariadb.com/kb/en/set-transaction/">SET TRANSACTION</a>), hence the count:
 *       <ul>
 *         <li>PostgreSQL: a write of rows or of the catalog (a row change, a row lock, DDL) inside the savepoint gives
 *             its subtransaction a transaction id, and each id holds a lock on itself until the transaction ends
 *             ({@code AssignTransactionId} and {@code XactLockTableInsert} in
 *             {@code src/backend/access/transam/xact.c}); the count is the session's {@code transactionid} locks in
 *             {@code pg_locks} other than the top-level transaction's. A sequence's {@code nextval} asks only for the
 *             top-level id ({@code nextval_internal} in {@code src/backend/commands/sequence.c}) and is not counted:
 *             sequences are not transactional.
 *         <li>MySQL/MariaDB: a stored function cannot commit or run DDL (<a
 *             href="https://mariadb.com/kb/en/stored-routine-limitations/">stored routine limitations</a>), so its
 *             writes are row writes: the session's {@code Handler_write}, {@code Handler_update} and
 *             {@code Handler_delete} (internal temporary tables count apart, as {@code Handler_tmp_*}). A streaming
 *             result set (Connector/J's fetch size {@code Integer.MIN_VALUE}) would refuse the count's query, so the
 *             rows of this execution are fetched at once.
 *       </ul>
 *   <li><b>counted rows</b>: a query that may hide a write but cannot run read-only ({@link Analysis#queriesOnly()}:
 *       it creates a table from the query, or locks rows, which PostgreSQL refuses in a read-only transaction) runs
 *       as a counted read (also in auto-commit mode, in a transaction of the guard's), counted with the server's
 *       counters of rows updated and deleted in any table ({@link ServerSql}), which neither a new table's rows
 *       (inserts) nor row locks move; rows a function inserts elsewhere are not counted either.
 * </ul>
 * When the cleanup after a failed call fails too (a dead connection fails both), the caller gets the vendor's
 * exception with the cleanup's attached as suppressed. One execution, one thread: not thread-safe.
 */
public final class CheckedRun {
    private enum Kind {
        PLAIN, MEASURED, READ_ONLY, COUNTED_READ, COUNTED_ROWS
    }

    private final EffectCheck check;
    private final Kind kind;
    private final Analysis analysis;
    private final String sql;
    private final Connection raw;
    /** Whether the guard opened the transaction (the caller is in auto-commit mode). */
    private final boolean ownTransaction;
    private final boolean audit;
    private Map<String, TableFacts> facts;
    private List<String> tables;
    private Savepoint savepoint;
    /**
     * Whether the savepoint was set by statement: the caller began a transaction by statement while JDBC is in
     * auto-commit mode ({@link OpenTransaction}), where JDBC refuses {@code setSavepoint}.
     */
    private boolean savepointByStatement;
    private ServerSql.Counters before;
    private long writesBefore;
    private Statement statement;
    private int fetchSize;
    private boolean done;
    /** Whether the statement's own reported count is its effect ({@link ServerSql#countsByResult}). */
    private boolean byResult;

    private CheckedRun(EffectCheck check, Kind kind, Analysis analysis, String sql, boolean ownTransaction,
            boolean audit) {
        this.check = check;
        this.kind = kind;
        this.analysis = analysis;
        this.sql = sql;
        this.raw = check.raw();
        this.ownTransaction = ownTransaction;
        this.audit = audit;
    }

    /** A run with nothing to measure. */
    static CheckedRun plain(EffectCheck check, Analysis analysis, String sql) {
        return new CheckedRun(check, Kind.PLAIN, analysis, sql, false, false);
    }

    /**
     * A measured change: the savepoint (or the guard's transaction) is open and the counters read.
     *
     * @param tables the only tables the change can touch, or null when any (see {@link ServerSql#begin})
     */
    static CheckedRun measured(EffectCheck check, Analysis analysis, String sql, Statement statement, int executions,
            boolean reportsCount, Map<String, TableFacts> facts, List<String> tables) throws SQLException {
        CheckedRun run = new CheckedRun(check, Kind.MEASURED, analysis, sql, check.ownTransactionForChange(), false);
        run.facts = facts;
        run.tables = tables;
        run.statement = statement;
        run.byResult = reportsCount && check.serverSql().countsByResult(tables, executions)
                && oneKind(analysis, check.dialect()) != null;
        try {
            if (run.ownTransaction) {
                run.before = check.serverSql().begin(tables, run.byResult);
            } else {
                run.mark();
                run.before = run.byResult ? null : check.serverSql().count(tables);
            }
        } catch (SQLException | RuntimeException e) {
            throw run.failed(e);
        }
        return run;
    }

    /**
     * A read that may hide a write, set up as a read-only transaction (enforcing, auto-commit mode) or as a counted
     * read under a savepoint; a query that cannot run read-only ({@link Analysis#queriesOnly()}) as counted rows.
     */
    static CheckedRun hiding(EffectCheck check, Analysis analysis, String sql, Statement statement,
            boolean enforcing) throws SQLException {
        boolean autoCommit = check.ownTransaction();
        boolean countsRows = !analysis.readOnly();
        if (autoCommit && enforcing && !countsRows) {
            CheckedRun run = new CheckedRun(check, Kind.READ_ONLY, analysis, sql, true, false);
            run.raw.setAutoCommit(false);
            try {
                check.serverSql().beginReadOnly();
            } catch (SQLException | RuntimeException e) {
                throw run.failed(e);
            }
            return run;
        }
        CheckedRun run = new CheckedRun(check, countsRows ? Kind.COUNTED_ROWS : Kind.COUNTED_READ, analysis, sql,
                autoCommit, !enforcing);
        if (autoCommit) {
            run.raw.setAutoCommit(false);
        }
        try {
            run.statement = statement;
            run.fetchSize = check.dialect() == Dialect.POSTGRESQL ? 0 : statement.getFetchSize();
            if (run.fetchSize != 0) {
                statement.setFetchSize(0);
            }
            run.mark();
            if (countsRows) {
                run.before = check.serverSql().count(null);
            } else {
                run.writesBefore = check.writes();
            }
        } catch (SQLException | RuntimeException e) {
            throw run.failed(e);
        }
        return run;
    }

    /**
     * The vendor call returned: judges what the server says, keeps the change (commit, release) and learns from it.
     *
     * @param result the vendor call's result
     * @param <T> its type
     * @return the result
     * @throws io.jdbcguard.GuardViolationException when the server's count is over the ceiling or covers a whole
     *     table, or a read wrote: undone before it is thrown
     * @throws SQLException when the server cannot be asked or the change cannot be kept
     */
    public <T> T kept(T result) throws SQLException {
        try {
            switch (kind) {
                case MEASURED -> check.judge().judge(sql, analysis, byResult ? reported(result)
                        : ServerSql.changes(before, check.serverSql().count(tables)), facts);
                case COUNTED_READ, COUNTED_ROWS -> {
                    long written = kind == Kind.COUNTED_READ ? check.writes() - writesBefore
                            : ServerSql.changes(before, check.serverSql().count(null)).stream()
                                    .mapToLong(ServerSql.TableChange::rows).sum();
                    if (written != 0 && audit) {
                        check.guard().hiddenWriteAudited(sql, written);
                    } else if (written != 0) {
                        throw check.guard().hiddenWrite(sql, written);
                    }
                    check.keepsReadOnly(sql);
                }
                case READ_ONLY -> check.keepsReadOnly(sql);
                default -> {
                }
            }
        } catch (SQLException | RuntimeException | Error e) {
            throw failed(e);
        }
        done = true;
        try {
            end(true);
        } catch (SQLException e) {
            throw refusedWrite(e);
        }
        check.ran(analysis, sql);
        return result;
    }

    /**
     * The vendor call (or the judging) failed: undoes what the guard opened.
     *
     * @param failure what the vendor call threw
     * @return the exception to throw: the vendor's (a write refused in a read-only transaction becomes the guard's
     *     {@code hidden-write} block), with a failed cleanup attached as suppressed
     * @throws RuntimeException the failure itself, when it is one
     * @throws Error the failure itself, when it is one
     */
    public SQLException failed(Throwable failure) {
        Throwable thrown = failure instanceof SQLException refused ? refusedWrite(refused) : failure;
        check.failed(analysis);
        if (!done) {
            done = true;
            try {
                end(false);
            } catch (SQLException | RuntimeException cleanup) {
                thrown.addSuppressed(cleanup);
            }
        }
        if (thrown instanceof SQLException sqlException) {
            return sqlException;
        }
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
        return new SQLException(thrown);
    }

    /**
     * A write the server refused in the guard's read-only transaction (SQLState 25006) becomes the guard's
     * {@code hidden-write} block: raised by the statement, or by the commit, when a {@code DECLARE ... WITH HOLD}
     * cursor's query runs then (PostgreSQL <a href="https://www.postgresql.org/docs/15/sql-declare.html">DECLARE</a>:
     * the rows of a holdable cursor are computed when its transaction commits).
     */
    private SQLException refusedWrite(SQLException failure) {
        return kind == Kind.READ_ONLY && "25006".equals(failure.getSQLState())
                ? check.guard().hiddenWrite(sql, failure) : failure;
    }

    /**
     * UPDATE or DELETE when the analysis changes tables of that one kind in one statement that reports their rows (on
     * MySQL a multi-table UPDATE or DELETE reports the rows of all its tables; on PostgreSQL only one table can be
     * the target), else null.
     */
    private static String oneKind(Analysis analysis, Dialect dialect) {
        String kind = null;
        for (io.jdbcguard.rules.Modification modification : analysis.modifications()) {
            if (!modification.kind().equals("UPDATE") && !modification.kind().equals("DELETE")
                    || kind != null && !kind.equals(modification.kind())) {
                return null;
            }
            kind = modification.kind();
        }
        return analysis.severalStatements() || analysis.modifications().size() > 1 && dialect == Dialect.POSTGRESQL
                ? null : kind;
    }

    /**
     * The change as the statement itself reports it (see {@link ServerSql#countsByResult}; only for
     * {@code executeUpdate} and {@code executeLargeUpdate}, which return a count): one entry, named by the statement's
     * table when it changes one (else for all its tables, as the session's counters would give); a negative count
     * when the server reported none.
     */
    private List<ServerSql.TableChange> reported(Object result) throws SQLException {
        long rows = -1;
        if (result instanceof Integer count) {
            rows = count;
        } else if (result instanceof Long count) {
            rows = count;
        }
        boolean deletes = "DELETE".equals(oneKind(analysis, check.dialect()));
        long tables = analysis.modifications().stream().map(io.jdbcguard.rules.Modification::table).distinct().count();
        String table = tables == 1 ? analysis.modifications().get(0).table() : null;
        return List.of(new ServerSql.TableChange(table, deletes ? 0 : rows, deletes ? rows : 0, -1));
    }

    /** Keeps or undoes what the guard opened, and gives the session back as it was. */
    private void end(boolean keep) throws SQLException {
        switch (kind) {
            case MEASURED -> {
                if (ownTransaction) {
                    check.serverSql().end(keep, before);
                } else if (keep) {
                    releaseMark();
                } else {
                    rollbackToMark();
                    if (check.takeAbandoned()) {
                        check.rollBackCallersTransaction();
                    }
                }
            }
            case READ_ONLY -> endOwn(keep);
            case COUNTED_READ, COUNTED_ROWS -> {
                try {
                    if (!keep) {
                        rollbackToMark();
                    }
                    releaseMark();
                    if (fetchSize != 0) {
                        statement.setFetchSize(fetchSize);
                    }
                } finally {
                    if (ownTransaction) {
                        endOwn(keep);
                    }
                }
            }
            default -> {
            }
        }
    }

    /**
     * Sets the savepoint in the caller's transaction: through JDBC, or by statement when the caller began the
     * transaction by statement in auto-commit mode.
     */
    private void mark() throws SQLException {
        if (raw.getAutoCommit()) {
            savepointByStatement = true;
            check.serverSql().setSavepoint();
        } else {
            savepoint = raw.setSavepoint();
        }
    }

    /** Undoes what ran since the savepoint, which stays set; nothing when none was set. */
    private void rollbackToMark() throws SQLException {
        if (savepointByStatement) {
            check.serverSql().rollbackToSavepoint();
        } else if (savepoint != null) {
            raw.rollback(savepoint);
        }
    }

    /** Releases the savepoint; nothing when none was set. */
    private void releaseMark() throws SQLException {
        if (savepointByStatement) {
            savepointByStatement = false;
            check.serverSql().releaseSavepoint();
        } else if (savepoint != null) {
            raw.releaseSavepoint(savepoint);
            savepoint = null;
        }
    }

    /** Ends a transaction the guard opened with {@code setAutoCommit(false)}, giving auto-commit mode back. */
    private void endOwn(boolean keep) throws SQLException {
        ServerSql.endTransaction(raw, keep);
    }
}
