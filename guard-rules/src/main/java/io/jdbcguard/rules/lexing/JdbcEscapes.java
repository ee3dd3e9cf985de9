package io.jdbcguard.rules.lexing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rewrites JDBC escape syntax (JDBC 4.3 specification, chapter 13 "Statements", section 13.4 "Escape Syntax") into
 * the SQL the driver would send, so that escaped statements are analysed like plain ones.
 *
 * <p>{@code {call p(?)}} and {@code {? = call f(?)}} become {@code call p(?)} / {@code call f(?)}; {@code {d '...'}},
 * {@code {t '...'}} and {@code {ts '...'}} become {@code DATE}, {@code TIME} and {@code TIMESTAMP} literals;
 * {@code {fn f(x)}} and {@code {oj ...}} become their content; {@code {escape '\'}} becomes {@code ESCAPE '\'}; and
 * {@code {limit n}} becomes {@code LIMIT n}. Other braces are left alone.
 */
public final class JdbcEscapes {
    private static final Map<String, String> KEYWORDS = Map.of(
            "CALL", "CALL", "D", "DATE", "T", "TIME", "TS", "TIMESTAMP", "ESCAPE", "ESCAPE", "LIMIT", "LIMIT");

    private JdbcEscapes() {
    }

    /**
     * @param tokens the tokens of one statement
     * @return the tokens with every recognised escape replaced; the same list when there is none
     */
    public static List<Token> rewrite(List<Token> tokens) {
        if (tokens.stream().noneMatch(t -> t.isSymbol('{'))) {
            return tokens;
        }
        List<Token> out = new ArrayList<>(tokens.size());
        int open = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isSymbol('{') && escapeLength(tokens, i + 1) > 0) {
                int length = escapeLength(tokens, i + 1);
                Token keyword = tokens.get(i + length);
                String replacement = KEYWORDS.get(keyword.value());
                if (replacement != null) {
                    out.add(new Token(Token.Kind.WORD, replacement, replacement, keyword.depth(), true));
                }
                i += length;
                open++;
            } else if (token.isSymbol('}') && open > 0) {
                open--;
            } else {
                out.add(token);
            }
        }
        return out;
    }

    /**
     * The number of tokens after {@code {} up to and including the escape key word, or 0 when the brace does not
     * start an escape.
     */
    private static int escapeLength(List<Token> tokens, int at) {
        if (at >= tokens.size()) {
            return 0;
        }
        Token first = tokens.get(at);
        if (first.kind() == Token.Kind.WORD
                && (KEYWORDS.containsKey(first.value()) || first.isWord("FN") || first.isWord("OJ"))) {
            return 1;
        }
        boolean functionCall = first.isSymbol('?') && at + 2 < tokens.size() && tokens.get(at + 1).isSymbol('=')
                && tokens.get(at + 2).isWord("CALL");
        return functionCall ? 3 : 0;
    }
}
