package io.jdbcguard.enforce;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The one place that turns an analysis into a verdict for a pair, used by the driver ({@link StatementGuard}) and the
 * CLI's {@code check}, so they never disagree: a finding blocks when the pair's guards enforce its rule and it is not
 * the migration tools' own bookkeeping
 * ({@link Finding#toolBookkeeping()}).
 */
public final class Verdicts {
    private Verdicts() {
    }

    /**
     * @param analysis an analysis of a text
     * @param rules the rule ids enforced for the pair
     * @return the findings that block, in statement order; empty when the text may run
     */
    public static List<Finding> blocking(Analysis analysis, Set<String> rules) {
        List<Finding> blocking = new ArrayList<>();
        for (Finding finding : analysis.findings()) {
            if (rules.contains(finding.ruleId()) && !finding.toolBookkeeping()) {
                blocking.add(finding);
            }
        }
        return blocking;
    }
}
