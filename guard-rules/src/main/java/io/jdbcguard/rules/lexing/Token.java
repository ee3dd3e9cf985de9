package io.jdbcguard.rules.lexing;

import java.util.Locale;

/**
 * One lexical token of a statement, as {@link SqlLexer} found it. Comments and whitespace are not tokens; the content
 * of a MySQL executable comment is.
 *
 * <p>A value class with the accessors of a record (and its equality). A word's or number's text is cut from the
 * source and a word's upper-case value made only on first use, because most tokens of a text whose shape is known
 * are never looked at: the verdict cache ({@code AnalysisCache}) copies their characters into the shape key
 * ({@link #appendText}) without making a string of each.
 */
public final class Token {
    /** The sorts of token the lexer produces. */
    public enum Kind {
        /** An unquoted identifier or key word. */
        WORD,
        /** A double-quoted (PostgreSQL, MySQL {@code ANSI_QUOTES}) or backtick (MySQL) identifier. */
        QUOTED_IDENTIFIER,
        /** A string literal in any of the dialect's notations, dollar quoting included. */
        STRING,
        /** A numeric literal. */
        NUMBER,
        /** A positional parameter such as PostgreSQL {@code $1}. */
        PARAMETER,
        /** Any other single character: operators, parentheses, braces, commas, {@code ;}, {@code ?}. */
        SYMBOL
    }

    private final Kind kind;
    private String text;
    private String value;
    /** For a token cut from its source on first use: the source and the token's range in it; else null and 0. */
    private final String source;
    private final int start;
    private final int end;
    private final int depth;
    private final boolean spaceBefore;

    /**
     * @param kind what sort of token it is
     * @param text the token as written in the source (for strings: with quotes, prefix and escapes)
     * @param value for {@link Kind#STRING}: the decoded string value; for {@link Kind#WORD}: the word in upper case;
     *     for {@link Kind#QUOTED_IDENTIFIER}: the identifier without quotes; otherwise the text
     * @param depth the parenthesis depth the token is at (an opening parenthesis is at the depth outside it)
     * @param spaceBefore whether whitespace or a comment separates it from the previous token
     */
    public Token(Kind kind, String text, String value, int depth, boolean spaceBefore) {
        this(kind, text, value, null, 0, 0, depth, spaceBefore);
    }

    private Token(Kind kind, String text, String value, String source, int start, int end, int depth,
            boolean spaceBefore) {
        this.kind = kind;
        this.text = text;
        this.value = value;
        this.source = source;
        this.start = start;
        this.end = end;
        this.depth = depth;
        this.spaceBefore = spaceBefore;
    }

    /** Creates a word token; its value is the upper-cased text, made on first use. */
    public static Token word(String text, int depth, boolean spaceBefore) {
        return new Token(Kind.WORD, text, null, depth, spaceBefore);
    }

    /**
     * Creates a word or number token for {@code source[start, end)}, its text cut from the source on first use.
     *
     * @param kind {@link Kind#WORD} (value: the upper-cased text) or {@link Kind#NUMBER} (value: the text)
     * @param source the text being lexed
     * @param start the index of the token's first character
     * @param end the index after its last character
     * @param depth as {@link #Token(Kind, String, String, int, boolean)}
     * @param spaceBefore as {@link #Token(Kind, String, String, int, boolean)}
     * @return the token
     */
    static Token of(Kind kind, String source, int start, int end, int depth, boolean spaceBefore) {
        return new Token(kind, null, null, source, start, end, depth, spaceBefore);
    }

    /** @return what sort of token it is */
    public Kind kind() {
        return kind;
    }

    /** @return the token as written in the source */
    public String text() {
        String known = text;
        if (known == null) {
            known = source.substring(start, end);
            text = known;
        }
        return known;
    }

    /** @return the decoded string, the upper-case word, the identifier without quotes, or the text */
    public String value() {
        String known = value;
        if (known == null) {
            known = kind == Kind.WORD ? text().toUpperCase(Locale.ROOT) : text();
            value = known;
        }
        return known;
    }

    /** @return the number of characters of {@link #text()}, without making it */
    public int length() {
        String known = text;
        return known != null ? known.length() : end - start;
    }

    /**
     * The string {@link #text()} lies in, to read its characters without making it (with {@link #textStart()} and
     * {@link #length()}).
     *
     * @return the source a word or number is cut from, else the text it was made with: never the lazily cut text,
     *     so this and {@link #textStart()} always agree
     */
    public String textSource() {
        return source != null ? source : text;
    }

    /** @return the index of {@link #text()}'s first character in {@link #textSource()} */
    public int textStart() {
        return source != null ? start : 0;
    }

    /**
     * Appends {@link #text()} to {@code out} without making it.
     *
     * @param out where to append
     */
    public void appendText(StringBuilder out) {
        String known = text;
        if (known != null) {
            out.append(known);
        } else {
            out.append(source, start, end);
        }
    }

    /** @return the parenthesis depth the token is at */
    public int depth() {
        return depth;
    }

    /** @return whether whitespace or a comment separates it from the previous token */
    public boolean spaceBefore() {
        return spaceBefore;
    }

    /**
     * Whether this is the unquoted key word {@code upperCaseWord}. A word cut from its source and not yet upper-cased
     * is compared in place when it is ASCII (upper-casing maps each ASCII character to one character): the first
     * checks of every statement of every literal text look at its first word this way, and most never need its
     * value. A word with other characters compares its {@link #value()} (upper-casing may change its length, as
     * {@code ß} to {@code SS}).
     *
     * @param upperCaseWord the key word in upper case
     * @return whether this token is that word
     */
    public boolean isWord(String upperCaseWord) {
        if (kind != Kind.WORD) {
            return false;
        }
        if (value != null || source == null) {
            return value().equals(upperCaseWord);
        }
        int length = end - start;
        boolean sameLength = length == upperCaseWord.length();
        for (int i = 0; i < length; i++) {
            char c = source.charAt(start + i);
            if (c > 0x7f) {
                return value().equals(upperCaseWord);
            }
            char upper = c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
            if (sameLength && upper != upperCaseWord.charAt(i)) {
                return false;
            }
        }
        return sameLength;
    }

    /** Whether this is the single-character symbol {@code symbol}. */
    public boolean isSymbol(char symbol) {
        return kind == Kind.SYMBOL && text.length() == 1 && text.charAt(0) == symbol;
    }

    /** This token with a different text, e.g. a JDBC escape key word replaced by its SQL equivalent. */
    public Token withText(String newText) {
        String newValue = kind == Kind.WORD ? null : newText;
        return new Token(kind, newText, newValue, depth, spaceBefore);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Token token && kind == token.kind && depth == token.depth
                && spaceBefore == token.spaceBefore && text().equals(token.text()) && value().equals(token.value());
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, text(), value(), depth, spaceBefore);
    }

    @Override
    public String toString() {
        return "Token[kind=" + kind + ", text=" + text() + ", value=" + value() + ", depth=" + depth + ", spaceBefore="
                + spaceBefore + "]";
    }
}
