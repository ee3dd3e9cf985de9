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
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The second layer of judging, after the static analysis: the server itself says what a statement changed. On a
 * guarded pair with a row ceiling ({@code max-rows}), a text whose effect static analysis cannot bound runs inside a
 * savepoint (in auto-commit mode, a transaction the guard opens, bounded on the server, and closes); the server's own
 * counters of rows changed are read before and after it ({@link ServerEffects}: per table on PostgreSQL, per session
 * on MariaDB), so rows changed by CTEs, subqueries, joins, triggers and (on PostgreSQL) foreign-key cascades count as
 * the statement's. When a table's count is above the ceiling, or the change emptied a table that held more than one
 * row, or an UPDATE reaching its table only indirectly changed every row of it, the guard rolls it back and refuses
 * it (rule {@value StatementGuard#ROW_LIMIT}). A read-only text that calls a function the guard does not know as a
 * side-effect-free built-in is run so that the server judges whether it writes (rule
 * {@value StatementGuard#HIDDEN_WRITE}): in auto-commit mode in a read-only transaction, so a function that writes is
 * refused by the server; inside a caller's transaction under a savepoint, the server counting what it wrote (see
 * {@link #readInTransaction}).
 *
 * <p>What is measured: every UPDATE, DELETE, MERGE and upsert (INSERT ... ON CONFLICT DO UPDATE, ON DUPLICATE KEY
 * UPDATE, REPLACE) except a change proven to touch one row in effect; an INSERT into a table with triggers or rules;
 * every {@code EXECUTE} of a statement the session prepared; a batch holding two or more changes (its rows count
 * together, per table). A change is proven to touch one row in effect when it is the only table its statement
 * changes, with no join, FROM, USING or subquery, it compares every column of a primary key or NOT NULL unique key
 * with a literal or parameter, and the catalog says nothing follows from it: no trigger or rule, no foreign key whose
 * action cascades from it ({@link TableFacts#confined}). Such changes skip the savepoint: facts are learned once per
 * table ({@link TableFacts}), so a key-lookup workload pays no extra round trip.
 *
 * <p>What holds:
 * <ul>
 *   <li>Caller transactions keep their meaning: in manual-commit mode the savepoint is released, never committed,
 *       and after a rollback to it the caller's transaction is still usable; in auto-commit mode the caller sees
 *       exactly one committed change or none.
 *   <li>Tables that cannot roll back (MyISAM, Aria, MEMORY, ...) are never written speculatively, and on MariaDB a
 *       change a foreign-key cascade would follow (which InnoDB does not count) is refused before it is sent.
 *   <li>A text of several statements with a measured change is refused: send them one by one.
 *   <li>When cleaning up after a failed statement fails too, the vendor's exception reaches the caller with the
 *       cleanup's attached as suppressed.
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

    private final Connection raw;
    private final Dialect dialect;
    private final String server;
    private final StatementGuard guard;
    private final ServerEffects counters;
    private final boolean ceiling;
    private final boolean enforcing;
    private final boolean judging;
    private final SessionObjects own = new SessionObjects();
    private volatile String namespace;
    /**
     * Analyses whose changes were proven to touch one row each, with the {@link TableFacts#stamp} they were proven
     * at: a prepared statement (or a literal text of a known shape, which shares its analysis) then skips the facts
     * lookup on later executions. By identity, each analysis in one of two neighbouring slots; a lost or stale slot only
     * means one more lookup. Slots hold immutable records, so a connection shared between threads at worst looks the
     * facts up again. Cleared when the session's name resolution may have changed.
     */
    private final Proven[] proven = new Proven[64];

    /**
     * @param raw the vendor connection
     * @param dialect its dialect
     * @param server the server instance's identity (see {@code ServerFacts#instance}), the namespace of learned table
     *     facts; null when it could not be read, and then facts are kept for this connection alone
     * @param namespace how the session resolved unqualified names at connect, or null to read it when needed
     * @param guard the connection's guard, which refuses and records
     */
    EffectCheck(Connection raw, Dialect dialect, String server, String namespace, StatementGuard guard) {
        this.raw = raw;
        this.dialect = dialect;
        this.server = (server != null ? server : "connection " + System.identityHashCode(this) + "@"
                + System.nanoTime()) + "\u0001";
        this.namespace = namespace;
        this.guard = guard;
        this.counters = ServerEffects.of(dialect, raw);
        this.ceiling = guard.context().guards().maxRows().isPresent();
        this.enforcing = !guard.context().guards().enforcedRules().isEmpty();
        this.judging = enforcing || !guard.context().guards().auditedRules().isEmpty();
    }

    /** @return the connection's own objects */
    SessionObjects own() {
        return own;
    }

    /**
     * The session may now resolve names differently ({@code SET search_path}, {@code USE}, {@code setSchema},
     * {@code setCatalog}, the end of a transaction that ran one): facts are looked up again under the name
     * resolution read from the server.
     */
    public void sessionChanged() {
        namespace = null;
        Arrays.fill(proven, null);
    }

    /**
     * The fast test of the hot path.
     *
     * @param analysis a text's analysis, already judged statically
     * @return whether running the text needs this check (else the vendor call runs as it is)
     * @throws SQLException when the catalog cannot be read to learn a table's facts
     */
    public boolean needed(Analysis analysis) throws SQLException {
        if (!own.isEmpty() || !analysis.createdTables().isEmpty() || !analysis.addedColumns().isEmpty()
                || hidesWrites(analysis)) {
            return true;
        }
        if (!ceiling) {
            return false;
        }
        if (analysis.modifications().isEmpty()) {
            return analysis.runsPrepared();
        }
        if (analysis.runsPrepared() || analysis.changesSession()) {
            return true;
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
     * As {@link #needed}, for a batch: two or more changes in one batch are measured together, since single-row
     * changes add up (1,200 key-equality DELETEs in one batch are 1,200 rows).
     *
     * @param analysis the analysis of the batch's texts (for a prepared statement, its one text)
     * @param executions how many times the batch runs it (the prepared statement's {@code addBatch()} calls; 1 for
     *     a batch of texts, whose analyses are combined)
     * @return whether running the batch needs this check
     * @throws SQLException as {@link #needed}
     */
    public boolean neededForBatch(Analysis analysis, int executions) throws SQLException {
        return ceiling && changes(analysis) * (long) executions >= 2 || needed(analysis);
    }

    private static int changes(Analysis analysis) {
        int changes = 0;
        for (Modification modification : analysis.modifications()) {
            if (COUNTED.contains(modification.kind())) {
                changes++;
            }
        }
        return changes;
    }

    /**
     * Whether the server must judge whether a read-only text writes: it may hide writes and a guard applies rules
     * (an enforcing guard refuses the write, an audit-mode guard records it).
     */
    private boolean hidesWrites(Analysis analysis) {
        return analysis.mayHideWrites() && judging;
    }

    /** The hot path's form of {@link #unproven}: allocates nothing. */
    private boolean hasUnproven(Analysis analysis) throws SQLException {
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

    /**
     * A change the server must count: not the session's own, and not proven to touch one row in effect (an INSERT
     * is measured only when its table runs triggers or rules).
     */
    private boolean isUnproven(Modification modification) throws SQLException {
        boolean counted = COUNTED.contains(modification.kind());
        if (!counted && !modification.kind().equals("INSERT") || !own.isEmpty() && own.owns(modification)) {
            return false;
        }
        TableFacts facts = facts(modification.table());
        if (!facts.confined(modification)) {
            return true;
        }
        return counted && !(modification.alone() && !modification.keyColumns().isEmpty()
                && facts.identifiesOneRow(modification.keyColumns()));
    }

    private TableFacts facts(String table) throws SQLException {
        String resolution = namespace;
        if (resolution == null) {
            resolution = counters.namespace();
            namespace = resolution;
        }
        return TableFacts.of(raw, dialect, server + resolution, table);
    }

    /**
     * Runs a vendor call under this check.
     *
     * @param analysis the text's analysis
     * @param sql the text
     * @param statement the vendor statement the call runs on
     * @param execution the vendor call
     * @param <T> the result type
     * @return the vendor call's result
     * @throws GuardViolationException when the server's count is over the ceiling or covers a whole table (rolled
     *     back), when it cannot be counted or rolled back, or when the server refused a hidden write
     * @throws SQLException as the vendor call
     */
    public <T> T run(Analysis analysis, String sql, Statement statement, Execution<T> execution) throws SQLException {
        return run(analysis, sql, statement, 0, execution);
    }

    /**
     * Runs a batch under this check: its statements' rows count together, per table.
     *
     * @param analysis the batch's statements' analyses combined ({@link #combined})
     * @param executions how many times the batch runs the analysed text (as for {@link #neededForBatch})
     * @param sql the batch's texts, for messages
     * @param statement the vendor statement the batch runs on
     * @param execution the vendor's {@code executeBatch}
     * @param <T> the result type
     * @return the vendor call's result
     * @throws SQLException as {@link #run(Analysis, String, Statement, Execution)}
     */
    public <T> T runBatch(Analysis analysis, int executions, String sql, Statement statement,
            Execution<T> execution) throws SQLException {
        return run(analysis, sql, statement, executions, execution);
    }

    /**
     * @param analyses the analyses of a batch's texts
     * @return one analysis with all their modifications and created objects
     */
    public static Analysis combined(List<Analysis> analyses) {
        List<Modification> modifications = new ArrayList<>();
        Set<String> created = new HashSet<>();
        Set<String> added = new HashSet<>();
        boolean readOnly = true;
        boolean runsPrepared = false;
        for (Analysis analysis : analyses) {
            modifications.addAll(analysis.modifications());
            created.addAll(analysis.createdTables());
            added.addAll(analysis.addedColumns());
            readOnly &= analysis.readOnly();
            runsPrepared |= analysis.runsPrepared();
        }
        return new Analysis(List.of(), false, readOnly, modifications, created, added, false, runsPrepared, false);
    }

    /** @param executions for a batch, how many times it runs the analysed text; 0 for a single execution */
    private <T> T run(Analysis analysis, String sql, Statement statement, int executions, Execution<T> execution)
            throws SQLException {
        List<Modification> unproven = unproven(analysis);
        boolean batch = executions > 0;
        boolean measured = ceiling && (!unproven.isEmpty() || analysis.runsPrepared()
                || changes(analysis) * (long) executions >= 2 || analysis.changesSession() && changes(analysis) > 0);
        boolean hidden = !measured && hidesWrites(analysis);
        if (!measured && !hidden) {
            T result = execution.run();
            ran(analysis, sql);
            return result;
        }
        boolean autoCommit = raw.getAutoCommit();
        if (measured) {
            refuseUncountable(sql, batch, analysis, unproven);
            T result = measure(analysis, sql, autoCommit, execution);
            ran(analysis, sql);
            return result;
        }
        T result = !autoCommit ? readInTransaction(sql, statement, execution, !enforcing)
                : enforcing ? readOnly(sql, execution) : auditedRead(sql, statement, execution);
        ran(analysis, sql);
        return result;
    }

    private void refuseUncountable(String sql, boolean batch, Analysis analysis, List<Modification> unproven)
            throws SQLException {
        for (Modification modification : unproven) {
            TableFacts facts = facts(modification.table());
            if (!facts.transactional()) {
                guard.refuseRows(sql, modification, "its table " + modification.table() + " uses a storage engine"
                        + " that cannot roll back a change, so jdbc-guard cannot let the server count the rows and"
                        + " undo it; prove it touches one row (equality on a key), or run it from the origin that"
                        + " owns such changes");
                return;
            }
            if (dialect == Dialect.MYSQL && facts.cascadesFrom(modification)) {
                guard.refuseRows(sql, modification, "a foreign key's ON DELETE/ON UPDATE action cascades from "
                        + modification.table() + " into the tables that reference it, and the server does not count"
                        + " the rows InnoDB changes that way; change the referencing rows first, or run it from the"
                        + " origin that owns such changes");
                return;
            }
        }
        if (!batch && (!unproven.isEmpty() || analysis.runsPrepared()) && Statements.count(guard.settings(), sql) > 1) {
            Modification first = unproven.isEmpty() ? new Modification("EXECUTE", "?", Set.of(), Set.of(), false)
                    : unproven.get(0);
            guard.refuseRows(sql, first, "it is one of several statements in one text, and jdbc-guard measures the"
                    + " effect of one statement at a time; send the statements one by one");
        }
    }

    /**
     * Runs a change between two readings of the server's counters, in a savepoint or the guard's own transaction,
     * judges what they say, and keeps or undoes it.
     */
    private <T> T measure(Analysis analysis, String sql, boolean autoCommit, Execution<T> execution)
            throws SQLException {
        Savepoint savepoint = null;
        ServerEffects.Counters before;
        if (autoCommit) {
            before = counters.begin();
        } else {
            savepoint = raw.setSavepoint();
            before = counters.count();
        }
        boolean keep = false;
        Throwable failure = null;
        try {
            T result = execution.run();
            judge(sql, analysis, ServerEffects.changes(before, counters.count()));
            keep = true;
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            try {
                if (autoCommit) {
                    counters.end(keep, before);
                } else if (keep) {
                    raw.releaseSavepoint(savepoint);
                } else {
                    raw.rollback(savepoint);
                }
            } catch (SQLException | RuntimeException e) {
                suppressOrThrow(failure, e);
            }
        }
    }

    /**
     * Judges what the server counted: each table's rows against the ceiling, then the every-row test. Refusing throws
     * (the caller undoes the change); audit mode and break-glass record and return.
     */
    private void judge(String sql, Analysis analysis, List<ServerEffects.TableChange> changes) throws SQLException {
        List<ServerEffects.TableChange> counted = new ArrayList<>();
        for (ServerEffects.TableChange change : changes) {
            if (change.table() == null || !ownTable(change.table())) {
                counted.add(change);
            }
        }
        for (ServerEffects.TableChange change : counted) {
            Modification written = written(analysis, change.table());
            String table = change.table() != null ? change.table() : "every table it changed";
            guard.judgeEffect(sql, kind(written, change), table, change.rows(), false, "the server reports "
                    + change.rows() + " rows changed" + (change.table() != null ? " in " + change.table() : "")
                    + " (by the statement and whatever it set off: CTEs, cascades, triggers)");
        }
        for (ServerEffects.TableChange change : counted) {
            if (change.table() != null) {
                everyRow(sql, change, written(analysis, change.table()), analysis.runsPrepared());
            } else {
                everyRowOfNamedTables(sql, analysis, change);
            }
        }
    }

    /** The every-row test where the server counts per table (PostgreSQL). */
    private void everyRow(String sql, ServerEffects.TableChange change, Modification written, boolean prepared)
            throws SQLException {
        if (change.deleted() >= 2 && counters.empty(change.table())) {
            guard.judgeEffect(sql, "DELETE", change.table(), change.deleted(), true, "the server reports it deleted"
                    + " every row of " + change.table() + " (" + change.deleted() + ")");
            return;
        }
        boolean direct = !prepared && written != null && direct(written);
        long updated = change.updated();
        if (updated >= 2 && !direct && !(change.estimate() >= 2.0 * updated + 10)
                && counters.rowsUpTo(change.table(), updated + 1) <= updated) {
            guard.judgeEffect(sql, kind(written, change), change.table(), updated, true, "the server reports it"
                    + " changed every row of " + change.table() + " (" + updated + "), which it reached only"
                    + " indirectly (through a subquery, a join, another table, a trigger or a cascade)");
        }
    }

    /**
     * The every-row test where the server counts only per session (MariaDB): on each table the statement, or a
     * trigger of a table it changes, names.
     */
    private void everyRowOfNamedTables(String sql, Analysis analysis, ServerEffects.TableChange change)
            throws SQLException {
        if (change.rows() < 2) {
            return;
        }
        List<Modification> named = new ArrayList<>();
        for (Modification modification : analysis.modifications()) {
            if (own.isEmpty() || !own.owns(modification)) {
                named.add(modification);
                for (String body : facts(modification.table()).triggerBodies()) {
                    for (Modification fired : AnalysisCache.of(guard.settings()).analyze(body).modifications()) {
                        named.add(new Modification(fired.kind(), fired.table(), Set.of(), fired.setColumns(), false));
                    }
                }
            }
        }
        if (named.isEmpty()) {
            guard.judgeEffect(sql, "EXECUTE", "every table it changed", change.rows(), true, "the server reports "
                    + change.rows() + " rows changed by a statement whose text jdbc-guard does not hold, and it"
                    + " cannot tell whether that emptied a table");
            return;
        }
        for (Modification modification : named) {
            boolean deletes = !modification.kind().equals("UPDATE") && !modification.kind().equals("INSERT");
            if (deletes && change.deleted() >= 2 && counters.empty(modification.table())) {
                guard.judgeEffect(sql, modification.kind(), modification.table(), change.deleted(), true, "the"
                        + " server reports it deleted " + change.deleted() + " rows, which left "
                        + modification.table() + " empty: every row of it");
                return;
            }
            long updated = change.updated();
            if (!modification.kind().equals("DELETE") && !modification.kind().equals("INSERT") && updated >= 2
                    && !direct(modification)
                    && counters.rowsUpTo(modification.table(), updated + 1) <= updated) {
                guard.judgeEffect(sql, modification.kind(), modification.table(), updated, true, "the server"
                        + " reports " + updated + " rows updated and " + modification.table() + " holds no more:"
                        + " every row of it, which it reached only indirectly (through a subquery, a join or another"
                        + " table)");
                return;
            }
        }
    }

    /**
     * Whether a change states which rows of its own table it means: the only table of its statement, with no join,
     * FROM, USING or subquery, and equality of one of its own columns with a literal or parameter. An UPDATE that
     * changes every row this way passes (Quartz pausing its only trigger group); one that reaches its rows
     * indirectly does not.
     */
    private static boolean direct(Modification modification) {
        return modification.kind().equals("UPDATE") && modification.alone() && !modification.keyColumns().isEmpty();
    }

    /** The statement's change of a table the server named ({@code schema.table}), if it names the table. */
    private Modification written(Analysis analysis, String table) {
        if (table == null) {
            return null;
        }
        String bare = table.substring(table.indexOf('.') + 1);
        for (Modification modification : analysis.modifications()) {
            String name = modification.table();
            if (name.equals(table) || name.equals(bare)
                    || dialect == Dialect.MYSQL && (name.equalsIgnoreCase(table) || name.equalsIgnoreCase(bare))) {
                return modification;
            }
        }
        return null;
    }

    private static String kind(Modification written, ServerEffects.TableChange change) {
        if (written != null) {
            return written.kind();
        }
        return change.deleted() > 0 ? "DELETE" : "UPDATE";
    }

    /** Whether a table the server counted is the session's own: a temporary table, or one it created. */
    private boolean ownTable(String table) {
        if (table.startsWith("pg_temp_")) {
            return true;
        }
        if (own.isEmpty()) {
            return false;
        }
        String bare = table.substring(table.indexOf('.') + 1);
        return own.owns(new Modification("DELETE", table, Set.of(), Set.of(), false))
                || own.owns(new Modification("DELETE", bare, Set.of(), Set.of(), false));
    }

    private <T> T readOnly(String sql, Execution<T> execution) throws SQLException {
        raw.setAutoCommit(false);
        boolean keep = false;
        Throwable failure = null;
        try {
            try (Statement readOnly = raw.createStatement()) {
                readOnly.execute(dialect == Dialect.POSTGRESQL ? "SET TRANSACTION READ ONLY"
                        : "START TRANSACTION READ ONLY");
            }
            T result;
            try {
                result = execution.run();
            } catch (SQLException e) {
                if ("25006".equals(e.getSQLState())) {
                    throw guard.hiddenWrite(sql, e);
                }
                throw e;
            }
            keep = true;
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            endOwn(keep, failure);
        }
    }

    /**
     * Audit mode: a read that may hide a write runs as it would unguarded (committed), inside a transaction of the
     * guard's so that the server counts what it wrote; a write is recorded as {@code would-block}.
     */
    private <T> T auditedRead(String sql, Statement statement, Execution<T> execution) throws SQLException {
        raw.setAutoCommit(false);
        boolean keep = false;
        Throwable failure = null;
        try {
            T result = readInTransaction(sql, statement, execution, true);
            keep = true;
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            endOwn(keep, failure);
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
    private <T> T readInTransaction(String sql, Statement statement, Execution<T> execution, boolean audit)
            throws SQLException {
        int fetchSize = dialect == Dialect.POSTGRESQL ? 0 : statement.getFetchSize();
        Savepoint savepoint = raw.setSavepoint();
        boolean undo = true;
        Throwable failure = null;
        try {
            if (fetchSize != 0) {
                statement.setFetchSize(0);
            }
            long before = writes();
            T result = execution.run();
            long written = writes() - before;
            if (written != 0 && audit) {
                guard.hiddenWriteAudited(sql, written);
            } else if (written != 0) {
                throw guard.hiddenWrite(sql, written);
            }
            undo = false;
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            try {
                if (undo) {
                    raw.rollback(savepoint);
                }
                raw.releaseSavepoint(savepoint);
                if (fetchSize != 0) {
                    statement.setFetchSize(fetchSize);
                }
            } catch (SQLException | RuntimeException e) {
                suppressOrThrow(failure, e);
            }
        }
    }

    /** Ends a transaction the guard opened with {@code setAutoCommit(false)}, giving auto-commit mode back. */
    private void endOwn(boolean keep, Throwable failure) throws SQLException {
        try {
            try {
                if (keep) {
                    raw.commit();
                } else {
                    raw.rollback();
                }
            } finally {
                raw.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            suppressOrThrow(failure, e);
        }
    }

    /**
     * Cleanup after a statement: when the statement itself failed, the caller gets the vendor's exception with the
     * cleanup's attached (a dead connection fails both), else the cleanup's.
     */
    private static void suppressOrThrow(Throwable failure, Exception cleanup) throws SQLException {
        if (failure == null) {
            if (cleanup instanceof SQLException sql) {
                throw sql;
            }
            throw (RuntimeException) cleanup;
        }
        failure.addSuppressed(cleanup);
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

    private void ran(Analysis analysis, String sql) {
        own.ran(analysis, sql);
        if (!analysis.createdTables().isEmpty() || !analysis.addedColumns().isEmpty() || !analysis.readOnly()
                && analysis.modifications().isEmpty()) {
            TableFacts.forget(server);
        }
    }

    /** An analysis proven not to need the check, while the table facts' stamp is unchanged. */
    private record Proven(Analysis analysis, long stamp) {
    }
}
