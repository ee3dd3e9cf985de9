/**
 * Stage 4, the rules: one class per rule, each declaring its id and summary with
 * {@link io.jdbcguard.rules.RuleInfo} and documenting what it blocks and allows with examples, which the tests run
 * and {@code docs/rules.md} lists. A rule checks one statement at a time through {@code StatementContext} (the
 * parsed statement, its tokens, its dialect and the semantics of its WHERE). Rules are registered in
 * {@link io.jdbcguard.rules.analyzer.Rules}. Uses the vocabulary, lexing, parsing and semantics.
 */
package io.jdbcguard.rules.checks;
