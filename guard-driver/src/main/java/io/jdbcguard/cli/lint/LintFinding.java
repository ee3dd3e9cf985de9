package io.jdbcguard.cli.lint;

import java.nio.file.Path;

/**
 * One finding of {@code lint}: a rule's objection to a statement of a migration, where the statement starts.
 *
 * @param file the file
 * @param line the line the statement starts on, from 1
 * @param column its column on that line, from 1
 * @param rule the rule's id ({@code lint} for a problem with a review comment itself)
 * @param blocks whether the pair's guards enforce the rule (else they only audit it)
 * @param message what the rule says of the statement, as the driver says it
 * @param statement the statement as written
 * @param allowedBecause the reason of the review comment that allows this finding, or null when none does
 */
public record LintFinding(Path file, int line, int column, String rule, boolean blocks, String message,
        String statement, String allowedBecause) {
    /** @return whether a review comment allows it */
    public boolean allowed() {
        return allowedBecause != null;
    }
}
