package io.jdbcguard.rules.lexing;

import io.jdbcguard.rules.Dialect;
import java.util.List;
import java.util.Locale;

/**
 * Recognises statements that wrap another statement and says what to check instead of the wrapper.
 *
 * <ul>
 *   <li>{@code EXPLAIN} / {@code DESCRIBE} without {@code ANALYZE} only plans the inner statement: nothing to check.
 *   With {@code ANALYZE} (PostgreSQL {@code EXPLAIN ANALYZE} and {@code EXPLAIN (ANALYZE [true|on|1], ...)},
 *   <a href="https://www.postgresql.org/docs/current/sql-explain.html">EXPLAIN</a>; MySQL
 *   <a href="https://dev.mysql.com/doc/refman/8.4/en/explain.html">EXPLAIN ANALYZE</a>) the inner statement runs.</li>
 *   <li>MariaDB {@code ANALYZE [FORMAT=JSON] <statement>} runs the statement
 *   (<a href="https://mariadb.com/kb/en/analyze-statement/">ANALYZE Statement</a>).</li>
 *   <li>PostgreSQL {@code PREPARE name [(types)] AS <statement>}
 *   (<a href="https://www.postgresql.org/docs/current/sql-prepare.html">PREPARE</a>): the inner statement.</li>
 *   <li>MySQL {@code PREPARE name FROM '<text>'} and MariaDB {@code EXECUTE IMMEDIATE '<text>'}
 *   (<a href="https://dev.mysql.com/doc/refman/8.4/en/prepare.html">PREPARE</a>): the statements in the string.
 *   From a variable the text cannot be seen; the {@code opaque} rule reports that.</li>
 *   <li>{@code EXECUTE name [USING ...]} (MySQL) and {@code EXECUTE name(args)} (PostgreSQL) run a statement whose
 *   text was checked when it was prepared: nothing to check.</li>
 * </ul>
 */
public final class StatementEnvelope {
    private StatementEnvelope() {
    }

    /** What to check for a statement. */
    public sealed interface Content permits Itself, Nothing, InnerTokens, InnerText {
    }

    /** The statement is not a wrapper: check it. */
    public record Itself() implements Content {
    }

    /** Nothing new runs: the statement only plans or describes, or runs what was checked when prepared. */
    public record Nothing() implements Content {
    }

    /**
     * The statement runs the statement made of these tokens.
     *
     * @param tokens the inner statement's tokens
     */
    public record InnerTokens(List<Token> tokens) implements Content {
    }

    /**
     * The statement runs the statements in this text.
     *
     * @param text the decoded string literal
     */
    public record InnerText(String text) implements Content {
    }

    /**
     * @param tokens the tokens of one statement, not empty
     * @param dialect its dialect
     * @return what to check
     */
    public static Content open(List<Token> tokens, Dialect dialect) {
        Token first = tokens.get(0);
        if (first.isWord("EXPLAIN") || first.isWord("DESCRIBE") || first.isWord("DESC")) {
            return explain(tokens);
        }
        if (first.isWord("ANALYZE") && dialect == Dialect.MYSQL) {
            int at = skipFormat(tokens, 1);
            return at < tokens.size() && isStatementStart(tokens.get(at))
                    ? new InnerTokens(tokens.subList(at, tokens.size())) : new Itself();
        }
        if (first.isWord("PREPARE")) {
            return prepare(tokens, dialect);
        }
        if (first.isWord("EXECUTE") && tokens.size() > 1 && tokens.get(1).isWord("IMMEDIATE")) {
            return tokens.size() > 2 && tokens.get(2).kind() == Token.Kind.STRING
                    ? new InnerText(tokens.get(2).value()) : new Itself();
        }
        if (first.isWord("EXECUTE")) {
            return new Nothing();
        }
        return new Itself();
    }

    private static Content explain(List<Token> tokens) {
        boolean analyze = false;
        int at = 1;
        while (at < tokens.size()) {
            Token token = tokens.get(at);
            if (token.isSymbol('(')) {
                int close = closingParenthesis(tokens, at);
                analyze |= optionListAnalyzes(tokens.subList(at + 1, close));
                at = close + 1;
            } else if (token.isWord("ANALYZE") || token.isWord("ANALYSE")) {
                analyze = true;
                at++;
            } else if (token.isWord("VERBOSE") || token.isWord("EXTENDED") || token.isWord("PARTITIONS")) {
                at++;
            } else if (token.isWord("FORMAT")) {
                at = skipFormat(tokens, at);
            } else {
                break;
            }
        }
        return analyze && at < tokens.size() ? new InnerTokens(tokens.subList(at, tokens.size())) : new Nothing();
    }

    /**
     * Whether a PostgreSQL option list such as {@code ANALYZE, BUFFERS} or {@code "analyze" off} turns ANALYZE on.
     * An option name may be a word or a quoted identifier ({@code "analyze"}, {@code U&"\0061nalyze"}: the grammar's
     * {@code NonReservedWord}); its value is off only when it is {@code false}, {@code off} or {@code 0} as a word,
     * string or number ({@code defGetBoolean} in {@code src/backend/commands/define.c}); any other value is taken as
     * on, the reading under which the inner statement runs.
     */
    private static boolean optionListAnalyzes(List<Token> options) {
        for (int i = 0; i < options.size(); i++) {
            if (isAnalyzeOption(options.get(i)) && (i == 0 || options.get(i - 1).isSymbol(','))) {
                Token value = i + 1 < options.size() ? options.get(i + 1) : null;
                String setting = value == null || value.kind() == Token.Kind.SYMBOL ? ""
                        : value.value().toLowerCase(Locale.ROOT);
                if (!setting.equals("false") && !setting.equals("off") && !setting.equals("0")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isAnalyzeOption(Token token) {
        if (token.kind() != Token.Kind.WORD && token.kind() != Token.Kind.QUOTED_IDENTIFIER) {
            return false;
        }
        String name = token.value().toLowerCase(Locale.ROOT);
        return name.equals("analyze") || name.equals("analyse");
    }

    private static int closingParenthesis(List<Token> tokens, int open) {
        int depth = tokens.get(open).depth();
        for (int i = open + 1; i < tokens.size(); i++) {
            if (tokens.get(i).isSymbol(')') && tokens.get(i).depth() == depth) {
                return i;
            }
        }
        return tokens.size() - 1;
    }

    /** Skips {@code FORMAT = name} or {@code FORMAT name} at {@code at}, if present. */
    private static int skipFormat(List<Token> tokens, int at) {
        if (at >= tokens.size() || !tokens.get(at).isWord("FORMAT")) {
            return at;
        }
        int next = at + 1;
        if (next < tokens.size() && tokens.get(next).isSymbol('=')) {
            next++;
        }
        return Math.min(next + 1, tokens.size());
    }

    private static boolean isStatementStart(Token token) {
        return token.isWord("SELECT") || token.isWord("UPDATE") || token.isWord("DELETE") || token.isWord("INSERT")
                || token.isWord("REPLACE") || token.isWord("WITH");
    }

    private static Content prepare(List<Token> tokens, Dialect dialect) {
        for (int i = 2; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.depth() != 0) {
                continue;
            }
            if (dialect == Dialect.POSTGRESQL && token.isWord("AS") && i + 1 < tokens.size()) {
                return new InnerTokens(tokens.subList(i + 1, tokens.size()));
            }
            if (dialect == Dialect.MYSQL && token.isWord("FROM") && i + 1 < tokens.size()
                    && tokens.get(i + 1).kind() == Token.Kind.STRING) {
                return new InnerText(tokens.get(i + 1).value());
            }
        }
        return new Itself();
    }
}
