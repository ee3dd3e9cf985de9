package io.jdbcguard.rules.parsing;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.lexing.Token;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.sf.jsqlparser.parser.AbstractJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.statement.Statement;

/**
 * Parses one lexed statement with JSQLParser on the calling thread, within bounds.
 *
 * <p>JSQLParser's own entry points {@code CCJSqlParserUtil.parse} and {@code parseStatements} start a thread per call
 * and {@code parse} ignores all but the first statement, so this uses {@code newParser(text).Statements()}: first
 * with complex parsing off (fast), then, on a parse error, with it on. Statements nested deeper than
 * {@link #MAX_DEPTH} parentheses or longer than {@link #MAX_TOKENS} tokens are not parsed at all, because JSQLParser
 * needs about a second for 1000 nested parentheses and overflows the stack at 2000; a {@link StackOverflowError} that
 * happens anyway is caught and reported as a parse failure. Long chains of operators parse slowly (a 24,000-element
 * {@code IN} list takes about a second), hence the token limit.
 *
 * <p>One analysed text is parsed through one {@link Budget}: it parses each distinct statement once (a text read in
 * several ways, or repeating a statement, costs one parse per distinct statement) and stops parsing when the text's
 * statements together exceed {@link #MAX_TOKENS} tokens, so a megabyte of short statements is answered in bounded
 * time as well.
 *
 * <p>When JSQLParser rejects a statement at a word that the server reads as an identifier there but JSQLParser's
 * grammar reserves ({@code DELETE FROM hosts WHERE uuid = 'abc'}), the statement is parsed again: first with every
 * word quoted that JSQLParser's lexer takes for a key word and the server reads as an identifier, then, from the
 * original text, with the word at each complaint quoted in turn ({@link KeywordIdentifiers}), at most {@link #MAX_KEYWORD_RETRIES} times and within the text's token budget; a
 * statement that parses needs no retry, so the cost falls only on statements that fail.
 *
 * <p>A statement with a quoted name that holds a dot ({@code DROP TABLE "odd.name"}) is not parsed: JSQLParser's
 * {@code Table} splits such a name at the dot ({@code "odd"."name"}, table {@code name} of schema {@code odd}), so the
 * guard would judge and measure another object; the statement is then judged as one the guard cannot parse.
 *
 * <p>The parser is set to JSQLParser's dialect of the same name. It reads the text {@link ParserText} writes, in which
 * comments are gone and every string is a standard {@code '...'} literal, so its backslash-escape and hash-comment
 * switches stay off whatever the session's {@code sql_mode}.
 */
public final class StatementParser {
    /** The deepest parenthesis nesting that is parsed. */
    static final int MAX_DEPTH = 100;
    /**
     * The most tokens a statement, and all statements of one text together, may have to be parsed: about 50 ms of
     * JSQLParser time here (a 5,000-element IN list).
     */
    public static final int MAX_TOKENS = 10_000;
    /**
     * The most times a statement JSQLParser rejects is parsed again with one more key word quoted as an identifier
     * ({@link KeywordIdentifiers}): a statement naming this many such columns still parses.
     */
    public static final int MAX_KEYWORD_RETRIES = 12;
    private static final int MAX_PROBLEM_LENGTH = 160;

    private final Dialect dialect;
    private final Consumer<Budget> onBudget;

    /** @param dialect the dialect whose JSQLParser settings to use */
    public StatementParser(Dialect dialect) {
        this(dialect, budget -> { });
    }

    /**
     * A parser that shows each budget it hands out, so a test can assert how much parsing a text cost.
     *
     * @param dialect the dialect whose JSQLParser settings to use
     * @param onBudget called with each new budget before it is used
     */
    public StatementParser(Dialect dialect, Consumer<Budget> onBudget) {
        this.dialect = dialect;
        this.onBudget = onBudget;
    }

    /**
     * The outcome of parsing: the statements, or why there are none.
     *
     * @param statements the parsed statements (usually one); empty when parsing failed
     * @param problem the parser's complaint, shortened and without the statement text; null on success
     */
    public record Result(List<Statement> statements, String problem) {
        /** Copies the list. */
        public Result {
            statements = List.copyOf(statements);
        }
    }

    /**
     * @return a budget for parsing the statements of one text
     */
    public Budget budget() {
        Budget budget = new Budget();
        onBudget.accept(budget);
        return budget;
    }

    /** The parses of one analysed text: a cache by statement text and the tokens left to parse. Not thread-safe. */
    public final class Budget {
        private final Map<String, Result> parsed = new HashMap<>();
        private int remainingTokens = MAX_TOKENS;

        private Budget() {
        }

        /**
         * @return how many tokens this budget has handed to JSQLParser, counting each retry; at most
         *     {@link #MAX_TOKENS}
         */
        public int tokensParsed() {
            return MAX_TOKENS - remainingTokens;
        }

        /**
         * @param tokens the tokens of one statement, after rewriting
         * @return the parsed statements, or the problem that prevented parsing
         */
        public Result parse(List<Token> tokens) {
            int depth = tokens.stream().mapToInt(Token::depth).max().orElse(0);
            if (depth > MAX_DEPTH) {
                return new Result(List.of(), "parentheses nested " + depth + " deep, more than the " + MAX_DEPTH
                        + " the guard parses");
            }
            if (tokens.size() > MAX_TOKENS) {
                return new Result(List.of(), tokens.size() + " tokens, more than the " + MAX_TOKENS
                        + " the guard parses");
            }
            for (Token token : tokens) {
                if (token.kind() == Token.Kind.QUOTED_IDENTIFIER && token.value().indexOf('.') >= 0) {
                    return new Result(List.of(), "the quoted name " + token.text() + " holds a dot, and the guard's"
                            + " parser would read it as two names");
                }
            }
            ParserText.Written written = ParserText.written(tokens, dialect);
            String text = written.text();
            Result cached = parsed.get(text);
            if (cached != null) {
                return cached;
            }
            if (tokens.size() > remainingTokens) {
                return new Result(List.of(), "the text's statements have more than the " + MAX_TOKENS
                        + " tokens the guard parses in one text");
            }
            remainingTokens -= tokens.size();
            Attempt first = attempt(text);
            Attempt attempt = first;
            if (first.failure() instanceof ParseException) {
                List<Token> allQuoted = keywordsQuoted(tokens, written);
                if (allQuoted != null && allQuoted.size() <= remainingTokens) {
                    remainingTokens -= allQuoted.size();
                    attempt = attempt(ParserText.of(allQuoted, dialect));
                }
            }
            List<Token> quoted = tokens;
            for (int retry = 0; retry < MAX_KEYWORD_RETRIES && attempt.failure() instanceof ParseException
                    && quoted.size() <= remainingTokens; retry++) {
                ParseException failure = (ParseException) (retry == 0 ? first.failure() : attempt.failure());
                int index = keywordIdentifier(quoted, written, failure);
                if (index < 0) {
                    break;
                }
                quoted = new ArrayList<>(quoted);
                quoted.set(index, KeywordIdentifiers.quoted(quoted.get(index), dialect));
                written = ParserText.written(quoted, dialect);
                remainingTokens -= quoted.size();
                attempt = attempt(written.text());
            }
            Result result = attempt.failure() == null ? attempt.result() : first.result();
            parsed.put(text, result);
            return result;
        }

        /**
         * The statement with every word quoted that JSQLParser's lexer takes for a key word and the server reads as an
         * identifier ({@link KeywordIdentifiers}); null when there is none or JSQLParser cannot lex the text.
         */
        private List<Token> keywordsQuoted(List<Token> tokens, ParserText.Written written) {
            List<Token> quoted = null;
            try {
                CCJSqlParser lexer = parser(written.text(), false);
                for (net.sf.jsqlparser.parser.Token token = lexer.getNextToken();
                        token.kind != CCJSqlParserConstants.EOF; token = lexer.getNextToken()) {
                    int index = token.kind == CCJSqlParserConstants.S_IDENTIFIER ? -1 : tokenAt(written, token);
                    if (index >= 0 && tokens.get(index).text().equalsIgnoreCase(token.image)
                            && KeywordIdentifiers.isIdentifier(tokens, index, dialect)) {
                        quoted = quoted == null ? new ArrayList<>(tokens) : quoted;
                        quoted.set(index, KeywordIdentifiers.quoted(tokens.get(index), dialect));
                    }
                }
            } catch (RuntimeException lexicalError) {
                return null;
            }
            return quoted;
        }

        /**
         * The index of the word JSQLParser stopped at, or of the one it read just before, when the server reads that
         * word as an identifier ({@link KeywordIdentifiers}); -1 when there is none.
         */
        private int keywordIdentifier(List<Token> tokens, ParserText.Written written,
                ParseException failure) {
            net.sf.jsqlparser.parser.Token current = failure.currentToken;
            if (current == null) {
                return -1;
            }
            for (net.sf.jsqlparser.parser.Token candidate : new net.sf.jsqlparser.parser.Token[] {current.next,
                    current}) {
                int index = candidate == null ? -1 : tokenAt(written, candidate);
                if (index >= 0 && tokens.get(index).text().equalsIgnoreCase(candidate.image)
                        && KeywordIdentifiers.isIdentifier(tokens, index, dialect)) {
                    return index;
                }
            }
            return -1;
        }
    }

    /**
     * One parse of a text: the statements, or the failure.
     *
     * @param statements the statements parsed; empty on failure
     * @param failure the parser's exception or error; null on success
     */
    private record Attempt(List<Statement> statements, Throwable failure) {
        Result result() {
            if (failure != null) {
                return new Result(List.of(), shorten(failure));
            }
            return statements.isEmpty() ? new Result(List.of(), "the parser found no statement")
                    : new Result(statements, null);
        }
    }

    private Attempt attempt(String text) {
        try {
            return new Attempt(parser(text, false).Statements(), null);
        } catch (ParseException | RuntimeException | StackOverflowError simpleFailure) {
            try {
                return new Attempt(parser(text, true).Statements(), null);
            } catch (ParseException | RuntimeException | StackOverflowError failure) {
                return new Attempt(List.of(), failure);
            }
        }
    }

    /**
     * The index of the token that starts where JSQLParser's token {@code token} starts (JavaCC counts lines and
     * columns from 1, a line ending at {@code \n}, {@code \r} or {@code \r\n}), or -1.
     */
    private static int tokenAt(ParserText.Written written, net.sf.jsqlparser.parser.Token token) {
        String text = written.text();
        int line = 1;
        int offset = 0;
        while (line < token.beginLine && offset < text.length()) {
            char c = text.charAt(offset++);
            if (c == '\n' || (c == '\r' && (offset >= text.length() || text.charAt(offset) != '\n'))) {
                line++;
            }
        }
        int start = offset + token.beginColumn - 1;
        int index = Arrays.binarySearch(written.starts(), start);
        return index >= 0 ? index : -1;
    }

    private CCJSqlParser parser(String text, boolean complex) {
        CCJSqlParser parser = CCJSqlParserUtil.newParser(text).withAllowComplexParsing(complex);
        return dialect == Dialect.POSTGRESQL ? parser.withDialect(AbstractJSqlParser.Dialect.POSTGRESQL)
                : parser.withDialect(AbstractJSqlParser.Dialect.MYSQL);
    }

    /** The first line of the parser's message, which names the offending token; never the whole statement. */
    private static String shorten(Throwable failure) {
        if (failure instanceof StackOverflowError) {
            return "the parser ran out of stack";
        }
        String message = String.valueOf(failure.getMessage()).strip();
        int cut = message.indexOf(" in lexical state");
        if (cut < 0) {
            cut = message.indexOf('\n');
        }
        if (cut > 0) {
            message = message.substring(0, cut);
        }
        if (message.length() > MAX_PROBLEM_LENGTH) {
            message = message.substring(0, MAX_PROBLEM_LENGTH) + "...";
        }
        return message.endsWith(",") ? message.substring(0, message.length() - 1) : message;
    }
}
