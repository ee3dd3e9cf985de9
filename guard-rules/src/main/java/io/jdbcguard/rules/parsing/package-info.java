/**
 * Stage 2, parsing: tokens to JSQLParser statements, with a budget so no text can make the parser run long
 * ({@code StatementParser}). {@code ParserWorkarounds} and {@code KeywordIdentifiers} rewrite tokens JSQLParser
 * cannot read (keywords used as names, dialect forms it lacks) into equivalent ones, and {@code ParserText} renders
 * tokens back into the text the parser gets. Uses the vocabulary and lexing.
 */
package io.jdbcguard.rules.parsing;
