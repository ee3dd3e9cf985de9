package io.jdbcguard.rules.parsing;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.lexing.Token;
import java.util.List;
import java.util.Set;

/**
 * Writes a statement's tokens back as text for JSQLParser, in a form it reads the way the server does.
 *
 * <p>Comments are gone (so MySQL executable-comment content is plain code and optimizer hints vanish). Every string
 * becomes a standard {@code '...'} literal with {@code ''} for a quote, so the parser needs no knowledge of
 * {@code E'...'} strings, dollar quoting, MySQL backslash escapes or MySQL double-quoted strings. Tokens
 * are separated by one space where the source had whitespace or a comment, and where gluing them would make a
 * comment marker that the source did not have (MySQL {@code 0--1}) or merge a rewritten key word with its neighbour.
 * A data statement's string literal longer than {@link #LONG_LITERAL} becomes a parameter {@code ?}.
 */
public final class ParserText {
    /**
     * The length, in characters of source text, above which a string literal of a data statement is written as a
     * parameter {@code ?}: its value is then not judged statically, as a prepared statement's parameter is not, and
     * the server still measures what the statement changes. JSQLParser's lexer reads a literal character by
     * character through its automaton (a 10 MB literal: about 0.3 s per parse); no rule needs the value of a
     * literal this long.
     */
    public static final int LONG_LITERAL = 65_536;
    /** The first words of the statements whose long literals are written as parameters. */
    private static final Set<String> DATA_STATEMENTS = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE",
            "WITH", "REPLACE", "VALUES");

    private ParserText() {
    }

    /**
     * @param tokens the tokens of one statement
     * @param dialect the dialect JSQLParser reads the text in
     * @return the text to parse
     */
    public static String of(List<Token> tokens, Dialect dialect) {
        return written(tokens, dialect).text();
    }

    /**
     * The text to parse and where each token starts in it, so a parser complaint can be traced to its token.
     *
     * @param text the text to parse
     * @param starts for each token of the statement, the offset in {@code text} where it starts
     */
    record Written(String text, int[] starts) {
    }

    /**
     * @param tokens the tokens of one statement
     * @param dialect the dialect JSQLParser reads the text in
     * @return the text to parse with each token's offset in it
     */
    static Written written(List<Token> tokens, Dialect dialect) {
        StringBuilder text = new StringBuilder();
        int[] starts = new int[tokens.size()];
        boolean data = !tokens.isEmpty() && DATA_STATEMENTS.contains(tokens.get(0).value());
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            String written = data && token.kind() == Token.Kind.STRING && token.length() > LONG_LITERAL ? "?"
                    : written(token, dialect);
            if (i > 0 && (token.spaceBefore() || wouldChangeMeaning(text, written))) {
                text.append(' ');
            }
            starts[i] = text.length();
            text.append(written);
        }
        return new Written(text.toString(), starts);
    }

    /**
     * The value of a string literal as this class wrote it, from the literal's content between its quotes.
     *
     * @param content the literal's text without the enclosing quotes, as JSQLParser's {@code StringValue} holds it
     * @return the string's value
     */
    public static String stringValue(String content) {
        StringBuilder value = new StringBuilder(content.length());
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            value.append(c);
            if ((c == '\\' || c == '\'') && i + 1 < content.length() && content.charAt(i + 1) == c) {
                i++;
            }
        }
        return value.toString();
    }

    /**
     * A string as a standard literal with every quote and every backslash doubled: JSQLParser 5.4 cannot lex a
     * literal in which a backslash precedes a closing quote (Hibernate's {@code like replace(?,'\\','\\\\')} on
     * MySQL) whatever its backslash setting, and reads a doubled one; {@link #stringValue} reads the value back. A
     * MySQL identifier as a backtick identifier, whatever quotes it had: under {@code ANSI_QUOTES} the lexer reads
     * {@code "name"} as an identifier, which JSQLParser's MySQL dialect would read as a string.
     */
    private static String written(Token token, Dialect dialect) {
        if (token.kind() == Token.Kind.STRING) {
            return "'" + token.value().replace("\\", "\\\\").replace("'", "''") + "'";
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
