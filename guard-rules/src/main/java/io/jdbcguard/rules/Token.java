package io.jdbcguard.rules;

import java.util.Locale;

/**
 * One lexical token of a statement, as {@link SqlLexer} found it. Comments and whitespace are not tokens; the content
 * of a MySQL executable comment is.
 *
 * @param kind what sort of token it is
 * @param text the token as written in the source (for strings: with quotes, prefix and escapes)
 * @param value for {@link Kind#STRING}: the decoded string value; for {@link Kind#WORD}: the word in upper case; for
 *     {@link Kind#QUOTED_IDENTIFIER}: the identifier without quotes; otherwise the text
 * @param depth the parenthesis depth the token is at (an opening parenthesis is at the depth outside it)
 * @param spaceBefore whether whitespace or a comment separates it from the previous token
 */
record Token(Kind kind, String text, String value, int depth, boolean spaceBefore) {

    /** The sorts of token the lexer produces. */
    enum Kind {
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

    /** Creates a word token; its value is the upper-cased text. */
    static Token word(String text, int depth, boolean spaceBefore) {
        return new Token(Kind.WORD, text, text.toUpperCase(Locale.ROOT), depth, spaceBefore);
    }

    /** Whether this is the unquoted key word {@code upperCaseWord}. */
    boolean isWord(String upperCaseWord) {
        return kind == Kind.WORD && value.equals(upperCaseWord);
    }

    /** Whether this is the single-character symbol {@code symbol}. */
    boolean isSymbol(char symbol) {
        return kind == Kind.SYMBOL && text.length() == 1 && text.charAt(0) == symbol;
    }

    /** This token with a different text, e.g. a JDBC escape key word replaced by its SQL equivalent. */
    Token withText(String newText) {
        String newValue = kind == Kind.WORD ? newText.toUpperCase(Locale.ROOT) : newText;
        return new Token(kind, newText, newValue, depth, spaceBefore);
    }
}
