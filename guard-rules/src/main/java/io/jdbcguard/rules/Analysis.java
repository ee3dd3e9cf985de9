package io.jdbcguard.rules;

import java.util.List;

/**
 * The result of analysing one SQL text: every finding of every rule over every statement in it. An empty list means
 * no rule objects. Which findings block is the caller's decision (the policy enables rules per origin and target).
 *
 * @param findings all findings, in statement order; never null
 * @param changesSession whether a statement of the text may change the session settings that decide how later text
 *     is read ({@link SessionSettings}): the caller re-reads them from the server after running it
 * @param readOnly whether every statement of the text only reads and leaves the session's read-only setting alone
 *     (see {@link ReadOnlyStatements}), for read-only sessions
 */
public record Analysis(List<Finding> findings, boolean changesSession, boolean readOnly) {
    /** An analysis with no findings of a read-only text. */
    public static final Analysis CLEAN = new Analysis(List.of(), false, true);

    /**
     * Copies the list.
     *
     * @param findings all findings, in statement order
     * @param changesSession whether a statement may change the session's reading settings
     * @param readOnly whether every statement only reads
     * @throws NullPointerException if the list or a finding is null
     */
    public Analysis {
        findings = List.copyOf(findings);
    }
}
