package io.jdbcguard.rules.lexing;

import java.util.Collections;
import java.util.List;

/**
 * One statement of a SQL text, cut at a {@code ;} outside strings, identifiers and comments that ends a statement
 * ({@link SqlLexer}).
 *
 * <p>A value class with the accessors of a record (and its equality): {@code text} is cut from the source when it is
 * read, because a lookup by shape ({@code AnalysisCache}) reads only the tokens of every statement it lexes.
 */
public final class LexedStatement {
    private final String source;
    private final int start;
    private final int end;
    private final List<Token> tokens;

    /**
     * @param source the text being lexed
     * @param start the index of the statement's first character in {@code source}
     * @param end the index after its last character
     * @param tokens its tokens, without the terminating {@code ;} (with the {@code ;} inside a stored program's body
     *     or a PostgreSQL rule's action list); never empty; handed over, not copied: the lexer never changes the list
     *     after it made the statement (a lookup by shape lexes every literal statement, and a copy was a tenth of
     *     its cost), and this statement hands it out unmodifiable
     */
    LexedStatement(String source, int start, int end, List<Token> tokens) {
        this.source = source;
        this.start = start;
        this.end = end;
        this.tokens = Collections.unmodifiableList(tokens);
    }

    /**
     * @return the statement as written, from its first token to its last, comments inside included; cut anew on
     *     each call (only an analysis reads it, a few times)
     */
    public String text() {
        return source.substring(start, end);
    }

    /** @return its tokens, as {@link #LexedStatement} describes them */
    /** @return the index of the statement's first character in the lexed text */
    public int start() {
        return start;
    }

    /** @return the index after its last character */
    public int end() {
        return end;
    }

    public List<Token> tokens() {
        return tokens;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LexedStatement statement && text().equals(statement.text())
                && tokens.equals(statement.tokens);
    }

    @Override
    public int hashCode() {
        return 31 * text().hashCode() + tokens.hashCode();
    }

    @Override
    public String toString() {
        return "LexedStatement[text=" + text() + ", tokens=" + tokens + "]";
    }
}
