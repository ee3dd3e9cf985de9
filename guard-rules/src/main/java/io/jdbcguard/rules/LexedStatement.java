package io.jdbcguard.rules;

import java.util.List;

/**
 * One statement of a SQL text, cut at a {@code ;} outside strings, identifiers and comments that ends a statement
 * ({@link SqlLexer}).
 *
 * @param text the statement as written, from its first token to its last, comments inside included
 * @param tokens its tokens, without the terminating {@code ;} (with the {@code ;} inside a stored program's body or
 *     a PostgreSQL rule's action list); never empty
 */
record LexedStatement(String text, List<Token> tokens) {
    /** Copies the token list. */
    LexedStatement {
        tokens = List.copyOf(tokens);
    }
}
