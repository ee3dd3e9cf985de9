/**
 * Statement analysis for jdbc-guard: SQL text and a {@link io.jdbcguard.rules.Dialect} in, an
 * {@link io.jdbcguard.rules.Analysis} of {@link io.jdbcguard.rules.Finding}s out. No JDBC.
 *
 * <p>Entry point: {@link io.jdbcguard.rules.StatementAnalyzer}. The rules, their ids and their documented examples
 * are listed by {@link io.jdbcguard.rules.Rules}; {@code docs/rules.md} is generated from them.
 *
 * <p>Inside, a statement goes through: {@code SqlLexer} (dialect-exact tokens and statement splitting, following
 * MySQL compound statements with {@code CompoundStatements}), {@code JdbcEscapes} and {@code ParserWorkarounds}
 * (token rewrites), {@code StatementEnvelope} (EXPLAIN ANALYZE, PREPARE and similar wrappers), {@code StoredCode}
 * (stored programs, triggers, events and rules, whose armed bodies are judged statement by statement for
 * {@code ArmedCodeRule}), {@code StatementParser} (JSQLParser, bounded), and each rule's check over a
 * {@code StatementContext}. Whether a WHERE restricts its target's rows is decided by {@code TargetScope}; what
 * the statements change, create and add, for the driver's judgement by effect, is collected by
 * {@code StatementEffects}.
 */
package io.jdbcguard.rules;
