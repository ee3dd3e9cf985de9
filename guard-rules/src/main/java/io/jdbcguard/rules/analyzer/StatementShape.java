package io.jdbcguard.rules.analyzer;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
import io.jdbcguard.rules.lexing.LexedStatement;
import io.jdbcguard.rules.lexing.SqlLexer;
import io.jdbcguard.rules.lexing.Token;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The shape of a SQL text: its statements with every string and number literal replaced by {@code ?}, comments
 * dropped and whitespace collapsed, e.g. {@code DELETE FROM users WHERE email = ?} for
 * {@code DELETE FROM users WHERE email = 'ann@example.com'}. Shapes group the same statement with different values
 * and can be logged without the values ({@link #of}); {@link #key} is the exact form a cache of analyses keys by.
 */
public final class StatementShape {
    private static final String LITERAL = "?";
    /** The kind number of a literal placeholder in {@link #key}, after those of {@link Token.Kind}. */
    private static final int LITERAL_KIND = Token.Kind.values().length;
    /** Starts each statement in {@link #key}; no token's kind-and-space character has this value. */
    private static final char STATEMENT = (char) ((LITERAL_KIND + 1) * 2);
    private static final Set<String> OPERATOR_PAIRS = Set.of("<=", ">=", "<>", "!=", "::", "||", ":=", "->", ">>",
            "<<", "&&");

    private StatementShape() {
    }

    /**
     * @param settings the session settings the text is read under (dialect and backslash escapes decide where
     *     strings end)
     * @param sql any SQL text
     * @return its statements' tokens, literals as {@code ?}, separated by single spaces except around {@code .},
     *     {@code ,} and inside parentheses and two-character operators (so {@code COUNT(*)} prints as
     *     {@code COUNT (*)}); statements joined by {@code "; "}; empty
     *     for a text of only comments and whitespace
     */
    public static String of(SessionSettings settings, String sql) {
        StringBuilder shape = new StringBuilder();
        for (LexedStatement statement : new SqlLexer(settings).statements(sql)) {
            if (shape.length() > 0) {
                shape.append("; ");
            }
            Token previous = null;
            for (Token token : statement.tokens()) {
                String text = isLiteral(token) ? LITERAL : token.text();
                if (previous != null && spaced(previous, token, text)) {
                    shape.append(' ');
                }
                shape.append(text);
                previous = token;
            }
        }
        return shape.toString();
    }

    /**
     * The key under which an analysis of {@code sql} that is {@link io.jdbcguard.rules.Analysis#reusableByShape()
     * reusable by shape}
     * holds for every other text with the same key. Two texts have the same key exactly when the session's lexer
     * ({@link SqlLexer}, with {@code settings}) cuts them into the same statements of the same tokens, each token
     * with the same kind, the same text and the same "whitespace or comment before it" flag
     * ({@link io.jdbcguard.rules.parsing.ParserText} and {@link io.jdbcguard.rules.parsing.ParserWorkarounds} read that
     * flag), except that string and number literals are
     * compared by type only: a string by its notation ({@code '}, {@code "}, {@code E'}, {@code B'}, {@code X'},
     * {@code U&'}, dollar quoting), a number by its form (an integer of at most 18 digits, a decimal, a decimal
     * with exponent). {@code NULL}, {@code TRUE}, {@code FALSE} and signs are words and symbols and stay in the key.
     * The key holds no literal value. The settings are not in the key: callers keep one cache per settings.
     *
     * <p>There is no key (null) when a literal's value, not only its type, could change how the text is read before
     * any rule sees it:
     * <ul>
     *   <li>the settings are not known (then backslashes and quotes in literals decide the verdict);
     *   <li>a MySQL text holds {@code /*!} or {@code /*M!} anywhere: {@link ServerReadings} counts versions written
     *       there, also inside strings;
     *   <li>a string's value holds an underscore: the checks that read string values from the tokens of any
     *       statement look for names that all have one ({@code sql_mode}, {@code standard_conforming_strings},
     *       {@code set_config} for {@link io.jdbcguard.rules.Analysis#changesSession()}, {@code read_only} for
     *       {@link io.jdbcguard.rules.Analysis#readOnly()});
     *   <li>a string's value holds a backslash: JSQLParser 5.4 misreads some such strings whatever
     *       {@link io.jdbcguard.rules.parsing.ParserText} writes (a backslash before a quote), so whether the statement
     * parses depends on the
     *       value;
     *   <li>a number of another form ({@code 0x1F}, MySQL {@code 1abc}, more than 18 digits), or a token longer
     *       than 65,535 characters.
     * </ul>
     *
     * @param settings the session settings the text is read with
     * @param sql any SQL text
     * @return the key, or null when the text has none; time linear in the text's length (one lexer pass)
     */
    public static Key key(SessionSettings settings, String sql) {
        return hasKey(settings, sql) ? key(new SqlLexer(settings).statements(sql), sql.length()) : null;
    }

    /**
     * @param settings the session settings the text is read with
     * @param sql any SQL text
     * @return false when the text has no {@link #key} whatever its tokens: unknown settings, MySQL executable comments
     */
    static boolean hasKey(SessionSettings settings, String sql) {
        return settings.known() && !(settings.dialect() == Dialect.MYSQL
                && (sql.contains("/*!") || sql.contains("/*M!")));
    }

    /**
     * @param statements the statements of a text for which {@link #hasKey} holds, as the session's lexer cut them
     * @param length the text's length, to size the key (each token adds two characters, each statement one)
     * @return the text's {@link #key}, or null
     */
    static Key key(List<LexedStatement> statements, int length) {
        int capacity = length;
        for (int s = 0; s < statements.size(); s++) {
            capacity += 1 + 2 * statements.get(s).tokens().size();
        }
        StringBuilder key = new StringBuilder(capacity);
        boolean literals = false;
        for (int s = 0; s < statements.size(); s++) {
            key.append(STATEMENT);
            List<Token> tokens = statements.get(s).tokens();
            for (int t = 0; t < tokens.size(); t++) {
                Token token = tokens.get(t);
                String type = literalType(token);
                if (type == null) {
                    return null;
                }
                char space = (char) (token.spaceBefore() ? 1 : 0);
                if (type.isEmpty()) {
                    int tokenLength = token.length();
                    if (tokenLength > Character.MAX_VALUE) {
                        return null;
                    }
                    key.append((char) (token.kind().ordinal() * 2 + space)).append((char) tokenLength);
                    token.appendText(key);
                } else {
                    literals = true;
                    key.append((char) (LITERAL_KIND * 2 + space)).append((char) type.length()).append(type);
                }
            }
        }
        return new Key(key.toString(), literals);
    }

    /**
     * A text's shape as {@link #key} computes it.
     *
     * @param value the key: every token as a kind-and-space character, a length character and its text or literal
     *     type; holds no literal value
     * @param hasLiterals whether the text had a string or number literal, i.e. other texts share the key
     */
    public record Key(String value, boolean hasLiterals) {
    }

    /**
     * The literal type a token is keyed by: empty for a token that is not a string or number literal (keyed by its
     * text), null for a literal whose value could matter before any rule runs (see {@link #key}).
     */
    private static String literalType(Token token) {
        if (token.kind() == Token.Kind.STRING) {
            if (token.value().indexOf('_') >= 0 || token.value().indexOf('\\') >= 0) {
                return null;
            }
            String text = token.text();
            switch (text.charAt(0)) {
                case '$':
                    return "$";
                case '\'':
                    return "'";
                case '"':
                    return "\"";
                default:
                    break;
            }
            int quote = 0;
            while (quote < text.length() && text.charAt(quote) != '\'' && text.charAt(quote) != '"') {
                quote++;
            }
            return text.substring(0, Math.min(quote + 1, text.length())).toUpperCase(Locale.ROOT);
        }
        if (token.kind() == Token.Kind.NUMBER) {
            int start = token.textStart();
            return numberType(token.textSource(), start, start + token.length());
        }
        return "";
    }

    /**
     * The type of a number literal: {@code I} for an integer of 1 to 18 digits, {@code D} for a decimal
     * ({@code [0-9]{0,40}.[0-9]{0,40}}), {@code E} for either with an exponent ({@code [eE][+-]?[0-9]{1,3}}, the
     * mantissa an integer of up to 40 digits or such a decimal); null for anything else (hexadecimal, binary, digits
     * running into letters), whose value could be read differently. Written out by hand: this runs for every number
     * of every new text.
     */
    static String numberType(String text) {
        return numberType(text, 0, text.length());
    }

    /**
     * {@link #numberType(String)} of {@code text[start, end)}, without cutting it out.
     *
     * @param text a string holding the number
     * @param start the index of its first character
     * @param end the index after its last character
     * @return the type, or null
     */
    private static String numberType(String text, int start, int end) {
        int p = digits(text, start, end);
        int integerDigits = p - start;
        if (p == end) {
            return integerDigits >= 1 && integerDigits <= 18 ? "I" : null;
        }
        boolean decimal = text.charAt(p) == '.';
        if (decimal) {
            int fraction = digits(text, p + 1, end);
            if (integerDigits > 40 || fraction - (p + 1) > 40) {
                return null;
            }
            p = fraction;
            if (p == end) {
                return "D";
            }
        } else if (integerDigits < 1 || integerDigits > 40) {
            return null;
        }
        if (text.charAt(p) != 'e' && text.charAt(p) != 'E') {
            return null;
        }
        p++;
        if (p < end && (text.charAt(p) == '+' || text.charAt(p) == '-')) {
            p++;
        }
        int exponentDigits = digits(text, p, end) - p;
        return exponentDigits >= 1 && exponentDigits <= 3 && p + exponentDigits == end ? "E" : null;
    }

    /** @return the index of the first character in {@code text[from, end)} that is not an ASCII digit, or end */
    private static int digits(String text, int from, int end) {
        int p = from;
        while (p < end && text.charAt(p) >= '0' && text.charAt(p) <= '9') {
            p++;
        }
        return p;
    }

    private static boolean isLiteral(Token token) {
        return token.kind() == Token.Kind.STRING || token.kind() == Token.Kind.NUMBER;
    }

    private static boolean spaced(Token previous, Token token, String text) {
        String before = previous.text();
        if (before.equals("(") || before.equals(".") || text.equals(")") || text.equals(",") || text.equals(".")) {
            return false;
        }
        return !(previous.kind() == Token.Kind.SYMBOL && token.kind() == Token.Kind.SYMBOL
                && OPERATOR_PAIRS.contains(before + text));
    }
}
