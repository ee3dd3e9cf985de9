package io.jdbcguard.rules;

import java.util.List;

/**
 * The result of analysing one SQL text: every finding of every rule over every statement in it. An empty list means
 * no rule objects. Which findings block is the caller's decision (the policy enables rules per origin and target).
 *
 * @param findings all findings, in statement order; never null
 */
public record Analysis(List<Finding> findings) {
    /** An analysis with no findings. */
    public static final Analysis CLEAN = new Analysis(List.of());

    /**
     * Copies the list.
     *
     * @param findings all findings, in statement order
     * @throws NullPointerException if the list or a finding is null
     */
    public Analysis {
        findings = List.copyOf(findings);
    }
}
