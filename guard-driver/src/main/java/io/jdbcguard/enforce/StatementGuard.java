package io.jdbcguard.enforce;

import io.jdbcguard.GuardViolationException;
import io.jdbcguard.rules.Finding;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Judges the statements of one guarded connection: analyses each text (once per distinct text, see
 * {@link AnalysisCache}), keeps the findings of the rules the policy enforces for the pair (less the migration tools'
 * bookkeeping, see {@link ToolBookkeeping}), and refuses the text if any remain. All statements of a multi-statement text are judged together: if one is blocked, none runs.
 */
public final class StatementGuard {
    private static final System.Logger LOG = System.getLogger(StatementGuard.class.getName());

    private final AnalysisCache analyses;
    private final GuardContext context;

    /**
     * @param analyses the analyses for the connection's dialect
     * @param context the pair, its guards and rules
     */
    public StatementGuard(AnalysisCache analyses, GuardContext context) {
        this.analyses = analyses;
        this.context = context;
    }

    /** @return the pair, guards and rules this guard enforces */
    public GuardContext context() {
        return context;
    }

    /**
     * @param sql a statement text about to be prepared, executed or batched
     * @throws GuardViolationException if an enforced rule objects to any statement in it (and no break-glass reason
     *     is in force); nothing has been sent to the server
     */
    public void check(String sql) throws GuardViolationException {
        List<Finding> findings = analyses.analyze(sql).findings();
        if (findings.isEmpty()) {
            return;
        }
        List<Finding> blocking = findings.stream()
                .filter(finding -> context.rules().contains(finding.ruleId()))
                .filter(finding -> !ToolBookkeeping.isBookkeeping(finding))
                .collect(Collectors.toList());
        if (blocking.isEmpty()) {
            return;
        }
        if (context.breakGlass() != null) {
            LOG.log(System.Logger.Level.WARNING, "jdbc-guard break-glass (" + context.breakGlass() + "): letting "
                    + "through rule " + blocking.get(0).ruleId() + " for " + context.origin().name() + " -> "
                    + context.target().describe() + ": " + ViolationMessage.shorten(sql));
            return;
        }
        throw new GuardViolationException(ViolationMessage.of(blocking, context), blocking.get(0).ruleId());
    }
}
