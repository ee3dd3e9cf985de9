/**
 * Statement analysis for jdbc-guard: SQL text, a {@link io.jdbcguard.rules.Dialect} and the session's
 * {@link io.jdbcguard.rules.SessionSettings} in, an {@link io.jdbcguard.rules.Analysis} of
 * {@link io.jdbcguard.rules.Finding}s out. No JDBC.
 *
 * <p>This package is the vocabulary every stage and the driver speak (dialect, session settings, findings, the
 * analysis, what a text modifies, the {@link io.jdbcguard.rules.Rule} contract and its {@link
 * io.jdbcguard.rules.RuleInfo} metadata); it depends on no other package of the module. The entry points are in
 * {@link io.jdbcguard.rules.analyzer}. A text goes through the stages in this order, each package using only those
 * before it ({@code StagesTest} checks the imports; guard-driver's {@code RulesApiTest} checks that the driver uses
 * only this package and {@code analyzer}):
 *
 * <pre>
 *   io.jdbcguard.rules            vocabulary: Dialect, SessionSettings, Finding, Analysis, Rule, @RuleInfo
 *     &lt;- lexing                  dialect-exact tokens, statement splitting, JDBC escapes, wrappers (EXPLAIN,
 * PREPARE)
 *     &lt;- parsing                 JSQLParser, bounded, and the token rewrites that work around its gaps
 *     &lt;- semantics               constant folding, WHERE scope, stored code, what statements change and create
 *     &lt;- checks                  the rules, one class each, with @RuleInfo and examples
 *     &lt;- analyzer                StatementAnalyzer (entry point), Rules (the registry), StatementShape,
 *                                  TypeConversions (type changes judged against live columns)
 * </pre>
 *
 * <p>Where a change goes: a new rule is a class in {@code checks} registered in {@code analyzer.Rules}; a lexer fix
 * (quoting, comments, a dialect's literal) goes in {@code lexing}; a statement JSQLParser cannot read goes in
 * {@code parsing.ParserWorkarounds}; a fact about what a statement does (is this WHERE a constant truth, which
 * tables does it change) goes in {@code semantics}. {@code docs/rules.md} is generated from the rule classes.
 */
package io.jdbcguard.rules;
