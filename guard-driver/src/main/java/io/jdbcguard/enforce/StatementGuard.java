package io.jdbcguard.enforce;

import io.jdbcguard.DriverState;
import io.jdbcguard.GuardViolationException;
import io.jdbcguard.audit.AuditEvent;
import io.jdbcguard.audit.AuditEventType;
import io.jdbcguard.breakglass.BreakGlassGrant;
import io.jdbcguard.policy.GuardMode;
import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.Modification;
import io.jdbcguard.rules.SessionSettings;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Judges the statements of one guarded connection: analyses each text with the session's current reading settings
 * (once per distinct text and settings, see {@link AnalysisCache}), turns the findings into a {@link Verdict} for the
 * pair, and refuses the text when an enforcing guard objects. All statements of a multi-statement text are judged
 * together: if one is blocked, none runs.
 *
 * <p>What the pair's guards object to is recorded in the audit trail: {@code block} when refused,
 * {@code break-glass} when a valid break-glass grant lets it through instead, {@code would-block} when only audit-mode
 * guards object (the statement runs). A text no guard objects to costs a cache lookup and nothing else.
 *
 * <p>The session's settings (MySQL {@code sql_mode}, PostgreSQL {@code standard_conforming_strings}) decide how text
 * is read, so once a text that may change them was sent, and once a transaction that ran one ended, they are read
 * again from the server before the next text is judged (one round trip, only then). A text queued in a batch after
 * one that may change them is judged as in a session whose settings are unknown, since it runs after the change. If
 * the settings cannot be read, the guard reads later texts as a session in an unknown state (texts whose meaning
 * depends on it are blocked) until a later read succeeds.
 */
public final class StatementGuard {
    /** The rule id of changes refused by their server-reported row count (see {@link EffectCheck}). */
    public static final String ROW_LIMIT = "row-limit";
    /** The rule id of reads whose functions tried to write, refused by the server (see {@link EffectCheck}). */
    public static final String HIDDEN_WRITE = "hidden-write";

    private static final System.Logger LOG = System.getLogger(StatementGuard.class.getName());

    /** Reads the session's current settings from the server. */
    @FunctionalInterface
    public interface SettingsReader {
        /**
         * @return the session's settings
         * @throws SQLException when the server cannot be asked
         */
        SessionSettings read() throws SQLException;
    }

    private final DriverState state;
    private final GuardContext context;
    private final SettingsReader settingsReader;
    private final boolean readOnlyPair;
    private final EffectCheck effects;
    private final TypeChangeCheck typeChanges;
    private volatile AnalysisCache analyses;
    private volatile boolean sessionTouched;
    private volatile boolean rereadPending;

    /**
     * @param state the driver's state: the analyses and table facts this connection shares with the others
     * @param context the pair, its guards, break-glass and audit trail
     * @param settings the session's settings as read at connect
     * @param settingsReader reads them again after a statement that may have changed them
     * @param raw the vendor connection, for the server-side checks ({@link EffectCheck})
     * @param server the server instance's identity, the namespace of the table facts learned from the server; null
     *     when it could not be read (facts are then kept for this connection alone)
     * @param namespace how the session resolved unqualified names at connect, or null when unknown
     */
    public StatementGuard(DriverState state, GuardContext context, SessionSettings settings,
            SettingsReader settingsReader, java.sql.Connection raw, String server, String namespace) {
        this.state = state;
        this.context = context;
        this.settingsReader = settingsReader;
        this.readOnlyPair = context.guards().readOnly().isPresent();
        this.analyses = state.analyses(settings);
        this.effects = new EffectCheck(raw, settings.dialect(), server, namespace, this, state.tableFacts());
        this.typeChanges = new TypeChangeCheck(effects.serverSql(), settings.dialect(), context.guards());
    }

    /**
     * Makes the session read-only on the server, for a pair whose policy enforces a read-only session
     * ({@code read-only: enforce}); called once, when the pair is decided.
     *
     * @throws SQLException when the server refuses it
     */
    public void makeSessionReadOnly() throws SQLException {
        effects.serverSql().makeSessionReadOnly();
    }

    /** @return the server-side checks of this connection's statements */
    public EffectCheck effects() {
        return effects;
    }

    /** @return the session settings texts are read with now */
    public SessionSettings settings() {
        return analyses.settings();
    }

    /** @return the analyses of texts read with the session's settings now */
    AnalysisCache analyses() {
        return analyses;
    }

    /** @return the pair, guards and rules this guard enforces */
    public GuardContext context() {
        return context;
    }

    /**
     * @param sql a statement text about to be prepared, executed or batched
     * @return its analysis (a prepared statement hands it to {@link #ran} each time it runs)
     * @throws GuardViolationException if an enforcing guard objects and no break-glass grant is valid; nothing has
     *     been sent to the server
     */
    public Analysis check(String sql) throws GuardViolationException {
        if (rereadPending) {
            refresh();
        }
        return judge(analyses.analyze(sql), sql, false);
    }

    /**
     * As {@link #check}, for a text that runs after one that may change the session's reading settings without the
     * guard being able to read them in between (a later statement of the same batch): judged as in a session whose
     * settings are unknown.
     *
     * @param sql a statement text about to be batched
     * @return its analysis
     * @throws GuardViolationException as {@link #check}
     */
    public Analysis checkAfterSessionChange(String sql) throws GuardViolationException {
        return judge(state.analyses(analyses.settings().unknown()).analyze(sql), sql, true);
    }

    /**
     * As {@link #check}, for a text added to a batch: it may run after other texts of the batch, so what the server
     * says now (a {@code DROP ... IF EXISTS} of an absent table, a trigger function no trigger executes yet) does not
     * make a finding moot, and type changes are judged as after others ({@link TypeChangeCheck}).
     *
     * @param sql a statement text about to be batched
     * @return its analysis
     * @throws GuardViolationException as {@link #check}
     */
    public Analysis checkBatched(String sql) throws GuardViolationException {
        if (rereadPending) {
            refresh();
        }
        return judge(analyses.analyze(sql), sql, true);
    }

    /**
     * @param afterOthers whether the text runs after other statements of a batch that may change the session's
     *     settings ({@link TypeChangeCheck} then trusts neither the strict mode nor the names it reads)
     */
    private Analysis judge(Analysis analysis, String sql, boolean afterOthers) throws GuardViolationException {
        if (analysis.changesSession()) {
            ran(analysis);
        }
        Analysis judged = analysis.withFindings(typeChanges.findings(analysis, sql, effects.own(), afterOthers));
        if (!analysis.armedFunctions().isEmpty()) {
            judged = judged.withFindings(effects.armedFunctions(analysis, sql, analyses.settings()));
        }
        if (judged.findings().isEmpty() && (analysis.readOnly() || !readOnlyPair)) {
            return analysis;
        }
        enforce(judged, sql, afterOthers);
        return analysis;
    }

    /**
     * Judges again, as a prepared text runs, what depends on the server's state: its column type changes against the
     * columns as they are then (its table may have been filled, or the session's {@code sql_mode} changed, since it
     * was prepared: {@link TypeChangeCheck}), the bodies of the trigger functions it arms, and the findings the server
     * made moot when it was prepared ({@link Finding#unless()}: the table of a {@code DROP ... IF EXISTS} may exist
     * by now).
     *
     * @param analysis what {@link #check} returned for the text when it was prepared
     * @param sql the text
     * @throws GuardViolationException when an enforcing guard objects and no break-glass grant is valid; nothing has
     *     been sent to the server
     */
    public void preparedRuns(Analysis analysis, String sql) throws GuardViolationException {
        List<Finding> again = new ArrayList<>(typeChanges.findings(analysis, sql, effects.own(), false));
        if (!analysis.armedFunctions().isEmpty()) {
            again.addAll(effects.armedFunctions(analysis, sql, analyses.settings()));
        }
        for (Finding finding : analysis.findings()) {
            if (finding.unless() != Finding.Unless.NOTHING) {
                again.add(finding);
            }
        }
        if (!again.isEmpty()) {
            enforce(new Analysis(again, false, true), sql, analysis.severalStatements());
        }
    }

    /** Refuses or records what the pair's guards object to in an analysis. */
    private void enforce(Analysis judged, String sql, boolean afterOthers) throws GuardViolationException {
        Verdict verdict = Verdict.of(judged, context.guards(), sql, moot(judged, afterOthers));
        if (!verdict.allowed()) {
            refuse(verdict.enforced(), sql);
        } else if (!verdict.audited().isEmpty()) {
            record(AuditEventType.WOULD_BLOCK, verdict.audited(), sql, null, null);
        }
    }

    /**
     * The findings that do not count on this connection: about its own objects ({@link SessionObjects}), or moot by
     * what the server says now ({@link Finding#unless()}: a {@code DROP ... IF EXISTS} of objects the server does not
     * have, which changes nothing, as vendor schema scripts start with them; a new body for a trigger function no
     * trigger executes). What the server says now holds only for a text that runs alone and at once: not for one of
     * several statements or a batch's texts, whose earlier statements may change it ({@code SET search_path},
     * {@code CREATE TRIGGER}), and a prepared text is judged so again each time it runs ({@link #preparedRuns}).
     *
     * @param afterOthers whether the text may run after other statements that change what the server says
     */
    private Predicate<Finding> moot(Analysis analysis, boolean afterOthers) {
        SessionObjects own = effects.own();
        boolean alone = !afterOthers && !analysis.severalStatements();
        return finding -> own.exempts(finding, analysis) || alone && effects.moot(finding);
    }

    /**
     * Judges {@code Connection.setReadOnly(false)}: refused on a read-only pair (recorded as would-block in audit mode).
     *
     * @throws GuardViolationException on a pair an enforcing guard makes read-only, unless break-glass lets it through
     */
    public void readWriteRequested() throws GuardViolationException {
        Optional<GuardMode> mode = context.guards().readOnly();
        if (mode.isEmpty()) {
            return;
        }
        String call = "Connection.setReadOnly(false)";
        List<Finding> findings = List.of(Verdict.readOnlyFinding("setReadOnly(false)", call));
        if (mode.get() == GuardMode.AUDIT) {
            record(AuditEventType.WOULD_BLOCK, findings, call, null, null);
        } else {
            refuse(findings, call);
        }
    }

    private void refuse(List<Finding> enforced, String sql) throws GuardViolationException {
        refuse(enforced, sql, AuditEventType.BLOCK, null, ViolationMessage.NOTHING_SENT);
    }

    /**
     * Refuses, unless a valid break-glass grant lets it through (recorded as {@code break-glass}).
     *
     * @param outcome what became of the statement, for the message
     */
    private void refuse(List<Finding> enforced, String sql, AuditEventType event, Long rows, String outcome)
            throws GuardViolationException {
        Optional<BreakGlassGrant> grant = context.breakGlass().active(Instant.now());
        if (grant.isPresent()) {
            LOG.log(System.Logger.Level.WARNING, "jdbc-guard break-glass (" + grant.get().reason() + ", until "
                    + grant.get().expires() + "): letting through rule " + enforced.get(0).ruleId() + " for "
                    + context.pair() + ": " + ViolationMessage.shorten(sql));
            record(AuditEventType.BREAK_GLASS, enforced, sql, grant.get(), rows);
            return;
        }
        record(event, enforced, sql, null, rows);
        throw new GuardViolationException(ViolationMessage.of(enforced, context, shape(sql),
                rows == null ? "" : ": " + rows + " rows, max-rows " + context.guards().maxRows().orElse(0L),
                outcome), enforced.get(0).ruleId());
    }

    /**
     * Judges what the server counted a change did to one table (inside a savepoint, see {@link EffectCheck}).
     *
     * @param sql the text
     * @param kind what the statement does to the table, for the finding
     * @param table the table
     * @param rows the rows the server counted, negative when it reported none
     * @param everyRow whether they are every row of the table, or unknown (refused whatever the ceiling)
     * @param why what the server said, for the message
     * @throws GuardViolationException when an enforcing guard refuses and no break-glass grant is valid: the caller
     *     rolls back (in audit mode it is recorded as would-block, and kept)
     */
    void judgeEffect(String sql, String kind, String table, long rows, boolean everyRow, String why)
            throws GuardViolationException {
        judgeEffect(sql, kind, table, rows, everyRow, why, ViolationMessage.ROLLED_BACK);
    }

    /**
     * As {@link #judgeEffect(String, String, String, long, boolean, String)}, saying what became of the statement and
     * of the changes before it.
     *
     * @param outcome what became of the statement, e.g. {@link ViolationMessage#ROLLED_BACK}
     * @throws GuardViolationException as there
     */
    void judgeEffect(String sql, String kind, String table, long rows, boolean everyRow, String why, String outcome)
            throws GuardViolationException {
        Optional<GuardMode> mode = context.guards().rowLimitMode(everyRow ? Long.MAX_VALUE : rows);
        if (mode.isEmpty()) {
            return;
        }
        String because = everyRow ? why : why + ", more than the guard's max-rows "
                + context.guards().maxRows().orElse(Long.MAX_VALUE);
        List<Finding> findings = List.of(new Finding(ROW_LIMIT, kind, List.of(table), because
                + "; raise max-rows for the guard if this is meant, or give it a narrower WHERE", sql));
        Long reported = rows < 0 ? null : rows;
        if (mode.get() == GuardMode.AUDIT) {
            record(AuditEventType.WOULD_BLOCK, findings, sql, null, reported);
            return;
        }
        refuse(findings, sql, AuditEventType.ROW_LIMIT, reported, outcome);
    }

    /**
     * Refuses, before it is sent, a change whose rows the guard cannot have the server count.
     *
     * @param sql the text
     * @param modification the table it changes
     * @param why why it cannot be counted
     * @throws GuardViolationException unless audit mode or break-glass lets it through
     */
    void refuseRows(String sql, Modification modification, String why) throws GuardViolationException {
        Optional<GuardMode> mode = context.guards().rowLimitMode(Long.MAX_VALUE);
        List<Finding> findings = List.of(new Finding(ROW_LIMIT, modification.kind(), List.of(modification.table()),
                "jdbc-guard cannot check how many rows this changes: " + why, sql));
        if (mode.isPresent() && mode.get() == GuardMode.AUDIT) {
            record(AuditEventType.WOULD_BLOCK, findings, sql, null, null);
        } else if (mode.isPresent()) {
            refuse(findings, sql, AuditEventType.ROW_LIMIT, null, ViolationMessage.NOTHING_SENT);
        }
    }

    /**
     * Refuses a read after which the server said the session was no longer read-only (a computed setting name, a
     * function that sets it), unless a valid break-glass grant lets it through; the caller undoes it.
     *
     * @param sql the text
     * @throws GuardViolationException the block, recorded as {@code block}
     */
    void leftReadOnly(String sql) throws GuardViolationException {
        refuse(List.of(Verdict.readOnlyFinding("a statement after which the server said the session was no longer"
                + " read-only", sql)), sql, AuditEventType.BLOCK, null, ViolationMessage.READ_ONLY_KEPT);
    }

    /**
     * @param sql a read-only text run in a read-only transaction
     * @param refusal the server's refusal of a write inside it
     * @return the block to throw, recorded as {@code hidden-write}
     */
    GuardViolationException hiddenWrite(String sql, SQLException refusal) {
        GuardViolationException block = hiddenWrite(sql, "jdbc-guard ran it in a read-only transaction and the"
                + " server refused the write (" + refusal.getMessage() + ")", ViolationMessage.REFUSED_BY_SERVER);
        block.initCause(refusal);
        return block;
    }

    /**
     * @param sql a read-only text run under a savepoint inside the caller's transaction
     * @param writes the writes the server counted while it ran
     * @return the block to throw, recorded as {@code hidden-write}; the caller rolls back to the savepoint
     */
    GuardViolationException hiddenWrite(String sql, long writes) {
        return hiddenWrite(sql, "the server counted " + writes + " write(s) while it ran inside the caller's"
                + " transaction", ViolationMessage.ROLLED_BACK);
    }

    /**
     * @param sql a text that calls a function that may write where the guard cannot undo or see the write (MySQL's
     *     {@code CREATE TABLE ... SELECT}, which the server commits on its own, <a
     *     href="https://mariadb.com/kb/en/sql-statements-that-cause-an-implicit-commit/">implicit commit</a>; a
     *     PostgreSQL cursor {@code WITH HOLD} in the caller's transaction)
     * @param why why, and what to do instead
     * @return the block to throw before anything is sent, recorded as {@code hidden-write}
     */
    GuardViolationException hiddenWriteUncountable(String sql, String why) {
        return hiddenWrite(sql, why + ", or run it from the origin that owns such changes",
                ViolationMessage.NOTHING_SENT);
    }

    /**
     * Records, for audit-mode guards, a read-only text that wrote: it ran and was kept.
     *
     * @param sql the text
     * @param writes the writes the server counted while it ran
     */
    void hiddenWriteAudited(String sql, long writes) {
        record(AuditEventType.WOULD_BLOCK, hiddenWriteFindings(sql, "the server counted " + writes + " write(s) while"
                + " it ran"), sql, null, writes);
    }

    private static List<Finding> hiddenWriteFindings(String sql, String how) {
        return List.of(new Finding(HIDDEN_WRITE, "SELECT", List.of(), "a function it calls tried to change data; "
                + how, sql));
    }

    private GuardViolationException hiddenWrite(String sql, String how, String outcome) {
        List<Finding> findings = hiddenWriteFindings(sql, how);
        record(AuditEventType.HIDDEN_WRITE, findings, sql, null, null);
        return new GuardViolationException(ViolationMessage.of(findings, context, shape(sql), "", outcome),
                HIDDEN_WRITE);
    }

    /** The statement with its literals replaced by {@code ?}, for the first line of a message. */
    private String shape(String sql) {
        return io.jdbcguard.rules.analyzer.StatementShape.of(analyses.settings(), sql);
    }

    private void record(AuditEventType type, List<Finding> findings, String sql, BreakGlassGrant grant, Long rows) {
        String[] database = context.database().productAndUser();
        AuditEvent.Builder event = AuditEvent.builder(type)
                .rules(findings.stream().map(Finding::ruleId).distinct().collect(Collectors.toList()))
                .origin(context.origin().name(), context.origin().reason())
                .targets(context.target().environments(), String.join("; ", context.target().reasons()))
                .database(database[0], context.target().hosts(), database[1])
                .statement(analyses.settings(), sql);
        if (grant != null) {
            event.breakGlass(grant.reason(), grant.expires());
        }
        if (rows != null) {
            event.rows(rows);
        }
        context.audit().record(event.build());
    }

    /**
     * Called when a checked text is about to run (each execution of a prepared statement, a batch): if it may change
     * the session's reading settings, they are read again before the next text is judged.
     *
     * @param analysis what {@link #check} returned for the text
     */
    public void ran(Analysis analysis) {
        if (analysis.changesSession()) {
            sessionTouched = true;
            rereadPending = true;
            effects.sessionChanged();
        }
    }

    /** Called when the caller's transaction ended: a {@code SET} inside it may have been undone. */
    public void transactionEnded() {
        effects.transactionEnded();
        if (sessionTouched) {
            rereadPending = true;
            effects.sessionChanged();
        }
    }

    /** Called when the caller changed the session's current schema or catalog through JDBC. */
    public void namesMoved() {
        effects.sessionChanged();
    }

    private void refresh() {
        rereadPending = false;
        SessionSettings current = analyses.settings();
        try {
            analyses = state.analyses(settingsReader.read());
        } catch (SQLException | RuntimeException e) {
            analyses = state.analyses(current.unknown());
            LOG.log(System.Logger.Level.DEBUG, "jdbc-guard could not re-read the session settings", e);
        }
    }
}
