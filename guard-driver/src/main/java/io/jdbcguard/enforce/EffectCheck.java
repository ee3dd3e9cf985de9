package io.jdbcguard.enforce;

import io.jdbcguard.GuardViolationException;
import io.jdbcguard.policy.GuardMode;
import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.Modification;
import io.jdbcguard.rules.PreparedName;
import io.jdbcguard.rules.SessionSettings;
import io.jdbcguard.rules.analyzer.StatementAnalyzer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The second layer of judging, after the static analysis: the server itself says what a statement changed. On a
 * guarded pair with a row ceiling ({@code max-rows}), a text whose effect static analysis cannot bound runs inside a
 * savepoint (in auto-commit mode, a transaction the guard opens, bounded on the server, and closes); the server's own
 * counters of rows changed are read before and after it ({@link ServerSql}: per table on PostgreSQL, per session
 * on MariaDB), so rows changed by CTEs, subqueries, joins, triggers and (on PostgreSQL) foreign-key cascades count as
 * the statement's. When a table's count is above the ceiling, or the change emptied a table that held more than one
 * row, or an UPDATE reaching its table only indirectly changed every row of it, the guard rolls it back and refuses
 * it (rule {@value StatementGuard#ROW_LIMIT}). A read-only text that calls a function the guard does not know as a
 * side-effect-free built-in is run so that the server judges whether it writes (rule
 * {@value StatementGuard#HIDDEN_WRITE}): in auto-commit mode in a read-only transaction, so a function that writes is
 * refused by the server; inside a caller's transaction under a savepoint, the server counting what it wrote (see
 * {@link CheckedRun}). So is every other way a query runs such a function: {@code EXECUTE IMMEDIATE}, MySQL
 * {@code DO}, cursors ({@code DECLARE}, {@code FETCH}, {@code MOVE}), {@code COPY (query) TO STDOUT},
 * {@code EXPLAIN ANALYZE}, and {@code EXECUTE name} of a read the connection saw prepared ({@link PreparedNames}). A
 * text that creates a table from such a query ({@code CREATE TABLE ... AS SELECT f()}, {@code SELECT f() INTO t}) or
 * locks rows ({@code SELECT f() ... FOR UPDATE}, refused in a read-only transaction by PostgreSQL) runs under a
 * savepoint with the server counting the rows updated and deleted in any table ({@link ServerSql}); on
 * MySQL/MariaDB, which commit {@code CREATE TABLE ... SELECT} of a permanent table on their own, it is refused before
 * it is sent, and so is a PostgreSQL {@code DECLARE ... WITH HOLD} of such a query inside the caller's transaction,
 * whose rows are computed at the caller's commit.
 *
 * <p>What is measured: every UPDATE, DELETE, MERGE and upsert (INSERT ... ON CONFLICT DO UPDATE, ON DUPLICATE KEY
 * UPDATE, REPLACE) except a change proven to touch one row in effect; an INSERT into a table with triggers or rules;
 * every {@code EXECUTE} of a statement the session prepared; a batch holding two or more changes (its rows count
 * together, per table). A change is proven to touch one row in effect when it is the only table its statement
 * changes, with no join, FROM, USING or subquery, it compares every column of a primary key or NOT NULL unique key
 * with a literal or parameter, and the catalog says nothing follows from it: no trigger or rule, no foreign key whose
 * action cascades from it ({@link TableFacts#confined}). Such changes skip the savepoint: facts are learned once per
 * table ({@link TableFactsCache}) and forgotten after DDL ({@link Analysis#changesSchema()}), so a key-lookup workload
 * pays no extra round trip. A measured single UPDATE or DELETE run by {@code executeUpdate} on tables nothing can
 * follow from is judged by the count the server reports for it ({@link ServerSql#countsByResult}); the judging
 * itself is {@link ChangeJudge}'s.
 *
 * <p>What holds:
 * <ul>
 *   <li>Caller transactions keep their meaning: in manual-commit mode the savepoint is released, never committed,
 *       and after a rollback to it the caller's transaction is still usable; in auto-commit mode the caller sees
 *       exactly one committed change or none; a transaction the caller began by statement in auto-commit mode
 *       is the caller's too ({@link OpenTransaction}): measured under a savepoint, never committed or rolled back.
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
    private static final System.Logger LOG = System.getLogger(EffectCheck.class.getName());
    private static final Set<String> COUNTED = Set.of("UPDATE", "DELETE", "MERGE", "UPSERT");

    private final Connection raw;
    private final Dialect dialect;
    private final String server;
    private final TableFactsCache tableFacts;
    private final StatementGuard guard;
    private final ServerSql serverSql;
    private final boolean ceiling;
    private final boolean enforcing;
    private final boolean judging;
    /** Whether the guard made the session read-only (an enforcing {@code read-only: true} pair). */
    private final boolean readOnlySession;
    private final SessionObjects own;
    private final PreparedNames prepared = new PreparedNames();
    private final ChangeJudge judge;
    private final TransactionBudget budget = new TransactionBudget();
    /** Whether a refusal abandoned the caller's transaction ({@link #abandonTransaction}). */
    private boolean abandoned;
    /** The ceiling, in rows; {@code Long.MAX_VALUE} when the pair has none. */
    private final long maxRows;
    /** Read on first need: most connections never measure in auto-commit mode. */
    private OpenTransaction openTransaction;
    private volatile String namespace;
    /**
     * Analyses whose changes were proven to touch one row each, with the {@link TableFactsCache#stamp} they were proven
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
     * @param tableFacts where learned table facts are kept, shared with the driver's other connections
     */
    EffectCheck(Connection raw, Dialect dialect, String server, String namespace, StatementGuard guard,
            TableFactsCache tableFacts) {
        this.raw = raw;
        this.dialect = dialect;
        this.server = (server != null ? server : "connection " + System.identityHashCode(this) + "@"
                + System.nanoTime()) + "\u0001";
        this.tableFacts = tableFacts;
        this.namespace = namespace;
        this.guard = guard;
        this.serverSql = ServerSql.of(dialect, raw);
        this.own = new SessionObjects(serverSql);
        this.judge = new ChangeJudge(this, guard, serverSql, own, dialect);
        this.ceiling = guard.context().guards().maxRows().isPresent();
        this.maxRows = guard.context().guards().maxRows().orElse(Long.MAX_VALUE);
        this.enforcing = !guard.context().guards().enforcedRules().isEmpty();
        this.judging = enforcing || !guard.context().guards().auditedRules().isEmpty();
        this.readOnlySession = guard.context().guards().readOnly().orElse(null) == GuardMode.ENFORCE;
    }

    /** @return the connection's own objects */
    SessionObjects own() {
        return own;
    }

    /** @return the vendor connection */
    Connection raw() {
        return raw;
    }

    /** @return the server's dialect */
    Dialect dialect() {
        return dialect;
    }

    /** @return the connection's guard, which refuses and records */
    StatementGuard guard() {
        return guard;
    }

    /**
     * Whether a run opens and ends a transaction of the guard's: JDBC is in auto-commit mode and the server holds no
     * transaction the caller began by statement ({@link OpenTransaction}).
     *
     * @return true when the guard's own transaction is to be used, false inside the caller's
     * @throws SQLException when the connection is closed
     */
    boolean ownTransaction() throws SQLException {
        if (!raw.getAutoCommit()) {
            return false;
        }
        if (openTransaction == null) {
            openTransaction = OpenTransaction.of(raw);
        }
        return !openTransaction.open();
    }

    /**
     * {@link #ownTransaction()} for a change about to be judged, which also tells the {@link TransactionBudget} which
     * counting applies now (the caller's transaction, or the auto-commit window), so every path that counts a change
     * (proven, measured, an updatable result set's row) counts it against the right one.
     *
     * @return as {@link #ownTransaction()}
     * @throws SQLException when the connection is closed
     */
    boolean ownTransactionForChange() throws SQLException {
        boolean own = ownTransaction();
        budget.now(!own);
        return own;
    }

    /**
     * On a pair the guard made read-only, makes sure a read that may have called a function left the session
     * read-only (see {@link ServerSql#sessionReadOnly}); restores it where undoing the read does not.
     *
     * @param sql the text that ran
     * @throws GuardViolationException when it did not: the caller undoes the read
     * @throws SQLException when the server cannot be asked
     */
    void keepsReadOnly(String sql) throws SQLException {
        if (readOnlySession && !serverSql.sessionReadOnly()) {
            serverSql.restoreReadOnly();
            guard.leftReadOnly(sql);
        }
    }

    /**
     * @param finding a finding of a text about to run
     * @return whether the server shows it moot ({@link Finding#unless()}): a {@code DROP ... IF EXISTS} of objects
     *     the server does not have, a new body for trigger functions no trigger executes; false when the server
     *     cannot be asked
     */
    boolean moot(Finding finding) {
        return switch (finding.unless()) {
            case NOTHING -> false;
            case OBJECTS_ABSENT -> noneIs(finding.objects(), serverSql::exists);
            case UNUSED_BY_TRIGGERS -> noneIs(finding.objects(), serverSql::executedByTrigger);
        };
    }

    /** A fact the server tells of one object named by a finding. */
    @FunctionalInterface
    private interface ServerFact {
        boolean of(String object) throws SQLException;
    }

    /**
     * Whether the server says a fact of none of a finding's objects ({@code DROP ... IF EXISTS}: none exists; a
     * trigger function's new body: no trigger executes any). Fails closed: when the server cannot be asked, or
     * cannot read a name, the fact counts as true.
     */
    private static boolean noneIs(List<String> objects, ServerFact fact) {
        try {
            for (String object : objects) {
                if (fact.of(object)) {
                    return false;
                }
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "jdbc-guard could not look up " + objects, e);
            return false;
        }
    }

    /**
     * Judges the functions a PostgreSQL {@code CREATE TRIGGER} makes run for every row, as the trigger's body, from
     * their source on the server ({@link StatementAnalyzer#triggerFunction}). A function the server does not have is
     * not judged (the server refuses the trigger); one whose body cannot be read is reported.
     *
     * @param analysis the text's analysis, {@link Analysis#armedFunctions()} not empty
     * @param sql the text
     * @param settings the session's settings, to read the bodies with
     * @return the {@code armed-code} findings; empty when every body is harmless
     */
    List<Finding> armedFunctions(Analysis analysis, String sql, SessionSettings settings) {
        StatementAnalyzer analyzer = new StatementAnalyzer(settings);
        List<Finding> findings = new ArrayList<>();
        for (String function : analysis.armedFunctions()) {
            try {
                String[] source = serverSql.triggerFunction(function);
                if (source != null) {
                    findings.addAll(analyzer.triggerFunction(sql, function, source[0], source[1]));
                }
            } catch (SQLException | RuntimeException e) {
                findings.addAll(analyzer.unreadTriggerFunction(sql, function, "the server did not give its body ("
                        + e.getMessage() + ")"));
            }
        }
        return findings;
    }

    /** @return everything the guard says to the server */
    ServerSql serverSql() {
        return serverSql;
    }

    /** @return the judge of what the counters say */
    ChangeJudge judge() {
        return judge;
    }

    /**
     * The session may now resolve names differently ({@code SET search_path}, {@code USE}, {@code setSchema},
     * {@code setCatalog}, the end of a transaction that ran one): facts are looked up again under the name
     * resolution read from the server.
     */
    public void sessionChanged() {
        namespace = null;
        serverSql.sessionChanged();
        Arrays.fill(proven, null);
    }

    /**
     * The fast test of the hot path.
     *
     * @param analysis a text's analysis, already judged statically
     * @return whether running the text needs this check (else the vendor call runs as it is)
     * @throws SQLException when the catalog cannot be read to learn a table's facts
     */
    public boolean needed(Analysis text) throws SQLException {
        Analysis analysis = prepared.resolved(text);
        if (!own.isEmpty() || !analysis.createdTables().isEmpty() || !analysis.addedColumns().isEmpty()
                || hidesWrites(analysis) || !analysis.preparedNames().isEmpty()) {
            return true;
        }
        if (!ceiling) {
            return false;
        }
        if (analysis.modifications().isEmpty()) {
            // EXECUTE runs what only the server holds; DDL (CREATE TRIGGER, ALTER TABLE) may change what the catalog
            // says of a table, so the facts learned are forgotten once it ran.
            return analysis.runsPrepared() || analysis.changesSchema();
        }
        if (analysis.runsPrepared() || analysis.changesSession()) {
            return true;
        }
        long stamp = tableFacts.stamp();
        int slot = System.identityHashCode(analysis) & (proven.length - 2);
        Proven first = proven[slot];
        Proven second = proven[slot + 1];
        if (first != null && first.analysis() == analysis && first.stamp() == stamp
                || second != null && second.analysis() == analysis && second.stamp() == stamp) {
            return !admitted(analysis);
        }
        if (hasUnproven(analysis)) {
            return true;
        }
        proven[slot + 1] = first;
        proven[slot] = new Proven(analysis, stamp);
        return !admitted(analysis);
    }

    /**
     * Whether a change proven to touch one row per table may run as it is, given what the transaction (or the
     * auto-commit window) already changed ({@link TransactionBudget}); if so it is counted, one row per table. It may
     * not, and the server measures it ({@link #begin}), when one more row would take a table over the ceiling, or
     * when it deletes from a table that already lost a row and whose rows the server's estimate does not show to be
     * at least twice (plus ten) the rows deleted: it may be the delete that empties the table.
     */
    private boolean admitted(Analysis analysis) throws SQLException {
        if (!withinBudget(analysis)) {
            return false;
        }
        count(analysis);
        return true;
    }

    /** The test of {@link #admitted}, without counting. */
    private boolean withinBudget(Analysis analysis) throws SQLException {
        ownTransactionForChange();
        for (Modification modification : analysis.modifications()) {
            if (!counts(modification)) {
                continue;
            }
            long[] before = budget.counts(modification.table());
            if (before[0] + 1 > maxRows
                    || modification.kind().equals("DELETE") && mayEmpty(modification.table(), before[1])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether one more deleted row may empty a table that already lost {@code deleted} rows in the transaction (or the
     * window): it lost some, and the server's estimate of its rows does not reach twice (plus ten) the rows deleted.
     */
    private boolean mayEmpty(String table, long deleted) throws SQLException {
        return deleted > 0 && !(facts(table).estimate() >= 2.0 * (deleted + 1) + 10);
    }

    /** Counts a change proven to touch one row per table. */
    private void count(Analysis analysis) {
        for (Modification modification : analysis.modifications()) {
            if (counts(modification)) {
                boolean deletes = modification.kind().equals("DELETE");
                budget.add(modification.table(), deletes ? 0 : 1, deletes ? 1 : 0);
            }
        }
    }

    /**
     * Whether a change counts against the transaction's budget: an UPDATE, DELETE, MERGE or upsert of a table that is
     * not the session's own (the own tables' rows are the session's work, {@link SessionObjects}).
     */
    private boolean counts(Modification modification) {
        return COUNTED.contains(modification.kind()) && (own.isEmpty() || !own.owns(modification));
    }

    /**
     * Marks the caller's transaction as one that cannot complete: a change was refused because of what the
     * transaction changed before it. The run undoing the change then rolls the whole transaction back
     * ({@link CheckedRun}).
     */
    void abandonTransaction() {
        abandoned = true;
    }

    /**
     * Rolls back the caller's whole transaction, which a refusal by the count of the whole transaction abandoned
     * ({@link #abandonTransaction}): through JDBC, or by statement when the caller began it by statement.
     *
     * @throws SQLException when the server cannot be asked
     */
    void rollBackCallersTransaction() throws SQLException {
        if (raw.getAutoCommit()) {
            serverSql.rollback();
        } else {
            raw.rollback();
        }
        transactionEnded();
    }

    /**
     * Counts a row change an updatable {@code ResultSet} is about to make through the vendor driver's own statement
     * ({@code deleteRow()}, {@code updateRow()}): one row of the result set's table, as a key-proven change
     * ({@link TransactionBudget}). It is refused, before anything is sent, when one more row would take the table
     * over the ceiling, or when a delete from a table that already lost rows may leave it empty (the table holds one
     * row or none besides, counted up to two). Inside the caller's transaction the refusal rolls the whole
     * transaction back, since it cannot complete.
     *
     * @param rows the vendor result set, positioned on the row
     * @param kind {@code DELETE} or {@code UPDATE}
     * @throws io.jdbcguard.GuardViolationException when refused, unless audit mode or break-glass lets it through
     * @throws SQLException when the server cannot be asked
     */
    public void rowChange(ResultSet rows, String kind) throws SQLException {
        if (!ceiling) {
            return;
        }
        String table = rows.getMetaData().getTableName(1);
        String call = "ResultSet." + (kind.equals("DELETE") ? "deleteRow()" : "updateRow()") + " on " + table;
        if (table == null || table.isEmpty()) {
            guard.refuseRows(call, new Modification(kind, "?", Set.of(), Set.of(), false), "the vendor driver does"
                    + " not say which table the result set's row belongs to; change the row with an UPDATE or DELETE"
                    + " statement");
            return;
        }
        ownTransactionForChange();
        long[] before = budget.counts(table);
        long changed = before[0];
        long deleted = before[1];
        boolean deletes = kind.equals("DELETE");
        boolean over = changed + 1 > maxRows;
        boolean empties = !over && deletes && mayEmpty(table, deleted) && serverSql.rowsUpTo(table, 2) <= 1;
        if (over || empties) {
            boolean transaction = budget.ofTransaction();
            try {
                guard.judgeEffect(call, kind, table, changed + 1, empties, empties ? "it would delete the last row"
                        + " of " + table + ", after " + deleted + " rows deleted before it" : "one more row of "
                        + table + " after " + changed + " changed before it", transaction
                                ? ViolationMessage.TRANSACTION_REFUSED : ViolationMessage.NOTHING_SENT);
            } catch (io.jdbcguard.GuardViolationException refused) {
                if (transaction) {
                    try {
                        rollBackCallersTransaction();
                    } catch (SQLException cleanup) {
                        refused.addSuppressed(cleanup);
                    }
                }
                throw refused;
            }
        }
        budget.add(table, deletes ? 0 : 1, deletes ? 1 : 0);
    }

    /** @return whether the caller's transaction was abandoned since the last call; clears the mark */
    boolean takeAbandoned() {
        boolean was = abandoned;
        abandoned = false;
        return was;
    }

    /** @return what this connection changed so far, for the ceiling of a whole transaction */
    TransactionBudget budget() {
        return budget;
    }

    /**
     * The caller's transaction ended (commit or rollback through JDBC): its counts go, and what names stand for is
     * read again.
     */
    public void transactionEnded() {
        budget.transactionEnded();
        own.transactionEnded();
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
     * (an enforcing guard refuses the write, an audit-mode guard records it). A text that only evaluates queries
     * but is not read-only ({@link Analysis#queriesOnly()}: a row lock, a table created from the query) and changes
     * no table itself is judged the same way: its functions must not write.
     */
    private boolean hidesWrites(Analysis analysis) {
        boolean queries = analysis.queriesOnly() && analysis.modifications().isEmpty();
        return (analysis.readOnly() || queries) && analysis.mayHideWrites() && judging;
    }

    /** The hot path's form of {@link #unproven}: allocates nothing. */
    private boolean hasUnproven(Analysis analysis) throws SQLException {
        for (Modification modification : analysis.modifications()) {
            if (isUnproven(modification, analysis.mayHideWrites(), null)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param facts receives the facts of every table looked up, so one execution looks each up once
     * @return the changes the server must count
     */
    private List<Modification> unproven(Analysis analysis, Map<String, TableFacts> facts) throws SQLException {
        List<Modification> unproven = new ArrayList<>();
        if (ceiling) {
            for (Modification modification : analysis.modifications()) {
                if (isUnproven(modification, analysis.mayHideWrites(), facts)) {
                    unproven.add(modification);
                }
            }
        }
        return unproven;
    }

    /**
     * A change the server must count: not the session's own, and not proven to touch one row in effect (an INSERT
     * is measured only when its table runs triggers or rules), or a change of a text that calls a function that may
     * write ({@code INSERT INTO t SELECT f()}, {@code UPDATE t SET c = f(c) WHERE id = 1}): whatever its own rows,
     * the function may change others.
     */
    private boolean isUnproven(Modification modification, boolean hidesWrites, Map<String, TableFacts> looked)
            throws SQLException {
        boolean counted = COUNTED.contains(modification.kind());
        if (!counted && !modification.kind().equals("INSERT") || !own.isEmpty() && own.owns(modification)) {
            return false;
        }
        if (hidesWrites) {
            return true;
        }
        TableFacts facts = looked == null ? facts(modification.table()) : facts(modification.table(), looked);
        if (!facts.confined(modification)) {
            return true;
        }
        return counted && !(modification.alone() && !modification.keyColumns().isEmpty()
                && facts.identifiesOneRow(modification.keyColumns()));
    }

    /** As {@link #facts(String)}, remembered for the rest of one execution. */
    TableFacts facts(String table, Map<String, TableFacts> looked) throws SQLException {
        TableFacts facts = looked.get(table);
        if (facts == null) {
            facts = facts(table);
            looked.put(table, facts);
        }
        return facts;
    }

    private TableFacts facts(String table) throws SQLException {
        String resolution = namespace;
        if (resolution == null) {
            resolution = serverSql.namespace();
            namespace = resolution;
        }
        return tableFacts.of(serverSql, server + resolution, table);
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
        boolean mayHideWrites = false;
        boolean runsPrepared = false;
        boolean changesSchema = false;
        List<PreparedName> preparedNames = new ArrayList<>();
        Analysis.FromQuery tableFromQuery = Analysis.FromQuery.NONE;
        boolean queriesOnly = true;
        boolean holdsCursor = false;
        for (Analysis analysis : analyses) {
            modifications.addAll(analysis.modifications());
            created.addAll(analysis.createdTables());
            added.addAll(analysis.addedColumns());
            readOnly &= analysis.readOnly();
            mayHideWrites |= analysis.mayHideWrites();
            runsPrepared |= analysis.runsPrepared();
            changesSchema |= analysis.changesSchema();
            preparedNames.addAll(analysis.preparedNames());
            tableFromQuery = tableFromQuery.and(analysis.tableFromQuery());
            queriesOnly &= analysis.queriesOnly();
            holdsCursor |= analysis.holdsCursor();
        }
        return new Analysis(List.of(), false, readOnly, modifications, created, added, List.of(), mayHideWrites,
                runsPrepared, changesSchema, true, false, preparedNames, tableFromQuery, queriesOnly, holdsCursor,
                List.of());
    }

    /**
     * Prepares one execution the guard must see through (what {@link #needed} or {@link #neededForBatch} said true
     * for): refuses what cannot be counted before anything is sent, opens the savepoint or the guard's own
     * transaction and reads the server's counters, or sets up the read-only run of a read that may hide a write.
     *
     * @param analysis the text's analysis (a batch's: {@link #combined})
     * @param sql the text, for messages
     * @param statement the vendor statement the call runs on
     * @param executions for a batch, how many times it runs the analysed text; 0 for a single execution
     * @param reportsCount whether the vendor call returns the statement's update count ({@code executeUpdate},
     *     {@code executeLargeUpdate})
     * @return the execution, to which the caller hands the vendor call's result ({@link CheckedRun#kept}) or exception
     *     ({@link CheckedRun#failed})
     * @throws GuardViolationException when the change cannot be counted (nothing was sent)
     * @throws SQLException when the server cannot be asked
     */
    public CheckedRun begin(Analysis text, String sql, Statement statement, int executions, boolean reportsCount)
            throws SQLException {
        Analysis analysis = prepared.resolved(text);
        Map<String, TableFacts> facts = new HashMap<>();
        List<Modification> unproven = unproven(analysis, facts);
        boolean measured = ceiling && (!unproven.isEmpty() || analysis.runsPrepared()
                || changes(analysis) * (long) executions >= 2 || analysis.changesSession() && changes(analysis) > 0
                || !withinBudget(analysis));
        if (ceiling && !measured) {
            count(analysis);
        }
        if (measured) {
            refuseUncountable(sql, executions > 0, analysis, unproven, facts);
            return CheckedRun.measured(this, analysis, sql, statement, executions, reportsCount, facts,
                    confinedTables(analysis, facts));
        }
        if (!hidesWrites(analysis)) {
            return CheckedRun.plain(this, analysis, sql);
        }
        String uncountable = dialect == Dialect.MYSQL && analysis.tableFromQuery() == Analysis.FromQuery.PERMANENT
                ? "the server commits CREATE TABLE ... SELECT on its own, so jdbc-guard cannot undo what the function"
                        + " writes; create a TEMPORARY table from the query (the guard checks it)"
                : analysis.holdsCursor() && !ownTransaction() ? "a cursor declared WITH HOLD computes its rows when"
                        + " the transaction commits, after jdbc-guard's check of the DECLARE; declare it without WITH"
                        + " HOLD (each FETCH is checked) or in auto-commit mode (the guard's read-only transaction"
                        + " refuses the write)"
                : null;
        if (uncountable != null) {
            if (enforcing) {
                throw guard.hiddenWriteUncountable(sql, uncountable);
            }
            return CheckedRun.plain(this, analysis, sql);
        }
        return CheckedRun.hiding(this, analysis, sql, statement, enforcing);
    }

    /**
     * The tables a change can touch, when they are all it can touch: no {@code EXECUTE}, no function that may write
     * elsewhere, and every table it names known to the catalog with no trigger, rule or cascade; else null (the
     * server counts every table).
     */
    private List<String> confinedTables(Analysis analysis, Map<String, TableFacts> facts) throws SQLException {
        if (analysis.runsPrepared() || analysis.mayHideWrites()) {
            return null;
        }
        List<String> tables = new ArrayList<>();
        for (Modification modification : analysis.modifications()) {
            TableFacts known = facts(modification.table(), facts);
            if (!known.known() || !known.confined(modification)) {
                return null;
            }
            if (!tables.contains(modification.table())) {
                tables.add(modification.table());
            }
        }
        return tables;
    }

    private void refuseUncountable(String sql, boolean batch, Analysis analysis, List<Modification> unproven,
            Map<String, TableFacts> looked) throws SQLException {
        for (Modification modification : unproven) {
            TableFacts facts = facts(modification.table(), looked);
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
        if (!batch && (!unproven.isEmpty() || analysis.runsPrepared()) && analysis.severalStatements()) {
            Modification first = unproven.isEmpty() ? new Modification("EXECUTE", "?", Set.of(), Set.of(), false)
                    : unproven.get(0);
            guard.refuseRows(sql, first, "it is one of several statements in one text, and jdbc-guard measures the"
                    + " effect of one statement at a time; send the statements one by one");
        }
    }

    /** @return the server's count of this session's writes so far (see {@link CheckedRun}) */
    long writes() throws SQLException {
        return serverSql.writes();
    }

    /**
     * Learns from a text that failed or was undone: what it may have done to the session's prepared statements is no
     * longer known ({@link PreparedNames#failed}).
     */
    void failed(Analysis analysis) {
        prepared.failed(analysis);
    }

    /** Learns from a text that ran without error: the objects it created, and DDL that makes learned facts stale. */
    void ran(Analysis analysis, String sql) {
        own.ran(analysis, sql);
        prepared.ran(analysis);
        if (analysis.changesSchema()) {
            tableFacts.forget(server);
        }
    }

    /** An analysis proven not to need the check, while the table facts' stamp is unchanged. */
    private record Proven(Analysis analysis, long stamp) {
    }
}
