/**
 * Stage 1, lexing: SQL text to tokens and statements exactly as the server reads them. {@code SqlLexer} follows
 * PostgreSQL's {@code scan.l} and MySQL/MariaDB's {@code sql_lex.cc} per {@link io.jdbcguard.rules.Dialect} and
 * {@link io.jdbcguard.rules.SessionSettings} (standard strings, backslash escapes, ANSI quotes, dollar quotes,
 * executable comments) and splits statements, following MySQL compound statements with {@code CompoundStatements};
 * {@code JdbcEscapes} applies the drivers' {@code {fn ...}} escapes; {@code StatementEnvelope} opens wrappers such as
 * {@code EXPLAIN ANALYZE} and {@code PREPARE ... AS}; {@code PlpgsqlBody} reads a PL/pgSQL body's statements.
 * Uses only the vocabulary package.
 */
package io.jdbcguard.rules.lexing;
