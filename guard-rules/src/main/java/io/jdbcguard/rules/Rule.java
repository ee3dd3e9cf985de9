package io.jdbcguard.rules;

import java.util.List;

/**
 * A named rule of the guard. Every rule is registered in {@link io.jdbcguard.rules.analyzer.Rules}; its id is what
 * policies and messages use. A rule declares its id and summary with {@link RuleInfo} on its class.
 *
 * <p>Each rule documents itself with examples of statements it blocks and statements it deliberately allows; these
 * examples are the ones {@code docs/rules.md} lists, and the module's tests assert that each really behaves as
 * documented.
 */
public interface Rule {
    /**
     * The stable id, used by policies and error messages.
     *
     * @return lower case with dashes, e.g. {@code delete-without-where}
     */
    String id();

    /**
     * What the rule blocks, for people.
     *
     * @return one line, without a final period
     */
    String summary();

    /**
     * Statements this rule reports.
     *
     * @return examples, at least one per dialect where the rule applies
     */
    List<RuleExample> blocks();

    /**
     * Statements this rule deliberately does not report, typically look-alikes of what it blocks.
     *
     * @return examples
     */
    List<RuleExample> allows();
}
