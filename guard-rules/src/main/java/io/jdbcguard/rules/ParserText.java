package io.jdbcguard.rules;

import java.util.List;

/**
 * Writes a statement's tokens back as text for JSQLParser, in a form it reads the way the server does.
 *
 * <p>Comments are gone (so MySQL executable-comment content is plain code and optimizer hints vanish). Every string
 * becomes a standard {@code '...'} literal with {@code ''} for a quote, so the parser needs no knowledge of
 * {@code E'...'} strings, dollar quoting, MySQL backslash escapes or MySQL double-quoted strings. Tokens
 * are separated by one space where the source had whitespace or a comment, and where gluing them would make a
 * comment marker that the source did not have (MySQL {@code 0--1}) or merge a rewritten key word with its neighbour.
 */
final class ParserText {
    private ParserText() {
    }

    /**
     * @param tokens the tokens of one statement
     * @param dialect the dialect JSQLParser reads the text in
     * @return the text to parse
     */
    static String of(List<Token> tokens, Dialect dialect) {
        StringBuilder text = new StringBuilder();
        Token previous = null;
        for (Token token : tokens) {
            String written = written(token, dialect);
            if (previous != null && (token.spaceBefore() || wouldChangeMeaning(text, written))) {
                text.append(' ');
            }
            text.append(written);
            previous = token;
        }
        return text.toString();
    }

    /**
     * A string as a standard literal; a MySQL identifier as a backtick identifier, whatever quotes it had: under
     * {@code ANSI_QUOTES} the lexer reads {@code "name"} as an identifier, which JSQLParser's MySQL dialect would read
     * as a string.
     */
    private static String written(Token token, Dialect dialect) {
        if (token.kind() == Token.Kind.STRING) {
            return "'" + token.value().replace("'", "''") + "'";
        }
        if (token.kind() == Token.Kind.QUOTED_IDENTIFIER && dialect == Dialect.MYSQL) {
            return "`" + token.value().replace("`", "``") + "`";
        }
        return token.text();
    }

    /** Whether gluing {@code next} to the text would make a comment marker or merge two words into one. */
    private static boolean wouldChangeMeaning(StringBuilder text, String next) {
        if (text.length() == 0 || next.isEmpty()) {
            return false;
        }
        char last = text.charAt(text.length() - 1);
        char first = next.charAt(0);
        boolean mergesWords = isWordCharacter(last) && isWordCharacter(first);
        return mergesWords || (last == '-' && first == '-') || (last == '/' && first == '*')
                || (last == '*' && first == '/');
    }

    private static boolean isWordCharacter(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
