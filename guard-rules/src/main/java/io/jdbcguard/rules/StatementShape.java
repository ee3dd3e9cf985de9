package io.jdbcguard.rules;

import java.util.Set;

/**
 * The shape of a SQL text: its statements with every string and number literal replaced by {@code ?}, comments
 * dropped and whitespace collapsed, e.g. {@code DELETE FROM users WHERE email = ?} for
 * {@code DELETE FROM users WHERE email = 'ann@example.com'}. Shapes group the same statement with different values
 * and can be logged without the values.
 */
public final class StatementShape {
    private static final String LITERAL = "?";
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
