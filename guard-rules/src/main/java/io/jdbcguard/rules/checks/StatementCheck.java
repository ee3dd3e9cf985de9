package io.jdbcguard.rules.checks;

import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.Rule;
import java.util.List;

/**
 * A {@link Rule} together with its check of one statement; what
 * {@link io.jdbcguard.rules.analyzer.StatementAnalyzer} runs.
 */
public interface StatementCheck extends Rule {
    /**
     * @param statement the statement to check, parsed or not
     * @return this rule's findings about it; empty when it does not object
     */
    List<Finding> check(StatementContext statement);
}
