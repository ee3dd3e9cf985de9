package io.jdbcguard.rules;

import java.util.List;

/**
 * The result of analysing one SQL text: every finding of every rule over every statement in it. An empty list means
 * no rule objects. Which findings block is the caller's decision (the policy enables rules per origin and target).
 *
 * @param findings all findings, in statement order; never null
 * @param changesSession whether a statement of the text may change the session settings that decide how later text
 *     is read ({@link SessionSettings}): the caller re-reads them from the server after running it
 */
public record Analysis(List<Finding> findings, boolean changesSession) {
    /** An analysis with no findings. */
    public static final Analysis CLEAN = new Analysis(List.of(), false);

    /**
     * Copies the list.
     *
     * @param findings all findings, in statement order
     * @param changesSession whether a statement may change the session's reading settings
     * @throws NullPointerException if the list or a finding is null
     */
    public Analysis {
        findings = List.copyOf(findings);
    }

    /**
     * @param findings all findings, in statement order
     * @throws NullPointerException if the list or a finding is null
     */
    public Analysis(List<Finding> findings) {
        this(findings, false);
    }
}
