/**
 * Stage 5, the entry points the driver calls: {@code StatementAnalyzer} runs a text through the stages and the rules
 * and returns its {@link io.jdbcguard.rules.Analysis}; {@code Rules} is the one registry of rules;
 * {@code StatementShape} gives a text's shape (literals as {@code ?}) for caches and the audit trail;
 * {@code TypeConversions} judges a column type change against the live column's type. Uses every other package.
 */
package io.jdbcguard.rules.analyzer;
