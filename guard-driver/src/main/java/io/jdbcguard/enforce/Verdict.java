package io.jdbcguard.enforce;

import io.jdbcguard.policy.GuardMode;
import io.jdbcguard.policy.PairGuards;
import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one place that turns an analysis into a verdict for a pair, used by the driver ({@link StatementGuard}) and the
 * CLI's {@code check}, so they never disagree: a finding counts when a guard of the pair applies its rule and it is
 * not the migration tools' own bookkeeping ({@link Finding#toolBookkeeping()}); it is {@code enforced} when an
 * enforcing guard applies the rule and {@code audited} when only audit-mode guards do. On a read-only pair a text that
 * does not only read ({@link Analysis#readOnly()}) is a finding of rule {@value #READ_ONLY}.
 *
 * @param enforced the findings that block (unless break-glass lets them through)
 * @param audited the findings only audit-mode guards object to: the statement runs and is recorded as would-block
 */
public record Verdict(List<Finding> enforced, List<Finding> audited) {
    /** The rule id of statements refused on a read-only pair. */
    public static final String READ_ONLY = "read-only";

    /** Copies the lists. */
    public Verdict {
        enforced = List.copyOf(enforced);
        audited = List.copyOf(audited);
    }

    /**
     * @param analysis an analysis of a text
     * @param guards the pair's guards
     * @param sql the text, quoted by a read-only finding
     * @return the verdict
     */
    public static Verdict of(Analysis analysis, PairGuards guards, String sql) {
        return of(analysis, guards, sql, finding -> false);
    }

    /**
     * @param analysis an analysis of a text
     * @param guards the pair's guards
     * @param sql the text, quoted by a read-only finding
     * @param moot the findings that do not count on this connection (about its own objects, or about objects the
     *     server does not have, where the statement then changes nothing)
     * @return the verdict
     */
    public static Verdict of(Analysis analysis, PairGuards guards, String sql, Predicate<Finding> moot) {
        List<Finding> enforced = new ArrayList<>();
        List<Finding> audited = new ArrayList<>();
        for (Finding finding : analysis.findings()) {
            if (!finding.toolBookkeeping() && !moot.test(finding)) {
                guards.modeFor(finding.ruleId()).ifPresent(mode -> (mode == GuardMode.ENFORCE ? enforced : audited)
                        .add(finding));
            }
        }
        Optional<GuardMode> readOnly = guards.readOnly();
        if (readOnly.isPresent() && !analysis.readOnly()) {
            (readOnly.get() == GuardMode.ENFORCE ? enforced : audited).add(readOnlyFinding("a statement that writes",
                    sql));
        }
        return new Verdict(enforced, audited);
    }

    /**
     * @param what what was refused, e.g. {@code setReadOnly(false)}
     * @param statement the statement text or call quoted
     * @return a finding of rule {@value #READ_ONLY}
     */
    public static Finding readOnlyFinding(String what, String statement) {
        return new Finding(READ_ONLY, "WRITE", List.of(), "the policy makes this connection read-only (read-only:"
                + " true) and " + what + " may change data or turn read-only off", statement);
    }

    /** @return whether the text may run as it is (nothing enforced objects) */
    public boolean allowed() {
        return enforced.isEmpty();
    }
}
