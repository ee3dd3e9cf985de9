package io.jdbcguard.enforce;

import io.jdbcguard.GuardViolationException;
import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.SessionSettings;
import java.sql.SQLException;
import java.util.List;

/**
 * Judges the statements of one guarded connection: analyses each text with the session's current reading settings
 * (once per distinct text and settings, see {@link AnalysisCache}), keeps the findings that block for the pair (see
 * {@link Verdicts}) and refuses the text if any remain. All statements of a multi-statement text are judged together:
 * if one is blocked, none runs.
 *
 * <p>The session's settings (MySQL {@code sql_mode}, PostgreSQL {@code standard_conforming_strings}) decide how text
 * is read, so after a text that may change them runs, and when a transaction that ran one ends, they are read again
 * from the server. If they cannot be read, the guard reads later texts as a session in an unknown state (texts whose
 * meaning depends on it are blocked) until a later read succeeds.
 */
public final class StatementGuard {
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

    private final GuardContext context;
    private final SettingsReader settingsReader;
    private volatile AnalysisCache analyses;
    private volatile boolean sessionTouched;

    /**
     * @param context the pair, its guards and rules
     * @param settings the session's settings as read at connect
     * @param settingsReader reads them again after a statement that may have changed them
     */
    public StatementGuard(GuardContext context, SessionSettings settings, SettingsReader settingsReader) {
        this.context = context;
        this.settingsReader = settingsReader;
        this.analyses = AnalysisCache.of(settings);
    }

    /** @return the pair, guards and rules this guard enforces */
    public GuardContext context() {
        return context;
    }

    /**
     * @param sql a statement text about to be prepared, executed or batched
     * @return its analysis, to hand to {@link #executed} once it ran
     * @throws GuardViolationException if a finding blocks for the pair (and no break-glass reason is in force);
     *     nothing has been sent to the server
     */
    public Analysis check(String sql) throws GuardViolationException {
        Analysis analysis = analyses.analyze(sql);
        if (analysis.findings().isEmpty()) {
            return analysis;
        }
        List<Finding> blocking = Verdicts.blocking(analysis, context.rules());
        if (blocking.isEmpty()) {
            return analysis;
        }
        if (context.breakGlass() != null) {
            LOG.log(System.Logger.Level.WARNING, "jdbc-guard break-glass (" + context.breakGlass() + "): letting "
                    + "through rule " + blocking.get(0).ruleId() + " for " + context.pair() + ": "
                    + ViolationMessage.shorten(sql));
            return analysis;
        }
        throw new GuardViolationException(ViolationMessage.of(blocking, context), blocking.get(0).ruleId());
    }

    /**
     * Called after a checked text ran (or failed to): re-reads the session's settings when it may have changed them.
     *
     * @param analysis what {@link #check} returned for the text
     */
    public void executed(Analysis analysis) {
        if (analysis.changesSession()) {
            sessionMayHaveChanged();
        }
    }

    /** Re-reads the session's settings now: a statement that may have changed them ran. */
    public void sessionMayHaveChanged() {
        sessionTouched = true;
        refresh();
    }

    /** Called when the caller's transaction ended: a {@code SET} inside it may have been undone. */
    public void transactionEnded() {
        if (sessionTouched) {
            refresh();
        }
    }

    private void refresh() {
        SessionSettings current = analyses.settings();
        try {
            analyses = AnalysisCache.of(settingsReader.read());
        } catch (SQLException | RuntimeException e) {
            analyses = AnalysisCache.of(current.unknown());
            LOG.log(System.Logger.Level.DEBUG, "jdbc-guard could not re-read the session settings", e);
        }
    }
}
