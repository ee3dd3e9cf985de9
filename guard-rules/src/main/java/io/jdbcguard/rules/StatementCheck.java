package io.jdbcguard.rules;

import java.util.List;

/** A {@link Rule} together with its check of one statement; what {@link StatementAnalyzer} runs. */
interface StatementCheck extends Rule {
    /**
     * @param statement the statement to check, parsed or not
     * @return this rule's findings about it; empty when it does not object
     */
    List<Finding> check(StatementContext statement);
}
