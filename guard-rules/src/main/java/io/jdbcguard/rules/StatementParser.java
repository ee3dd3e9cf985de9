package io.jdbcguard.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.parser.AbstractJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParser;
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
 * <p>The parser is set to JSQLParser's dialect of the same name. It reads the text {@link ParserText} writes, in which
 * comments are gone and every string is a standard {@code '...'} literal, so its backslash-escape and hash-comment
 * switches stay off whatever the session's {@code sql_mode}.
 */
final class StatementParser {
    /** The deepest parenthesis nesting that is parsed. */
    static final int MAX_DEPTH = 100;
    /**
     * The most tokens a statement, and all statements of one text together, may have to be parsed: about 50 ms of
     * JSQLParser time here (a 5,000-element IN list).
     */
    static final int MAX_TOKENS = 10_000;
    private static final int MAX_PROBLEM_LENGTH = 160;

    private final Dialect dialect;

    /** @param dialect the dialect whose JSQLParser settings to use */
    StatementParser(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * The outcome of parsing: the statements, or why there are none.
     *
     * @param statements the parsed statements (usually one); empty when parsing failed
     * @param problem the parser's complaint, shortened and without the statement text; null on success
     */
    record Result(List<Statement> statements, String problem) {
        /** Copies the list. */
        Result {
            statements = List.copyOf(statements);
        }
    }

    /**
     * @return a budget for parsing the statements of one text
     */
    Budget budget() {
        return new Budget();
    }

    /** The parses of one analysed text: a cache by statement text and the tokens left to parse. Not thread-safe. */
    final class Budget {
        private final Map<String, Result> parsed = new HashMap<>();
        private int remainingTokens = MAX_TOKENS;

        private Budget() {
        }

        /**
         * @param tokens the tokens of one statement, after rewriting
         * @return the parsed statements, or the problem that prevented parsing
         */
        Result parse(List<Token> tokens) {
            int depth = tokens.stream().mapToInt(Token::depth).max().orElse(0);
            if (depth > MAX_DEPTH) {
                return new Result(List.of(), "parentheses nested " + depth + " deep, more than the " + MAX_DEPTH
                        + " the guard parses");
            }
            if (tokens.size() > MAX_TOKENS) {
                return new Result(List.of(), tokens.size() + " tokens, more than the " + MAX_TOKENS
                        + " the guard parses");
            }
            String text = ParserText.of(tokens, dialect);
            Result cached = parsed.get(text);
            if (cached != null) {
                return cached;
            }
            if (tokens.size() > remainingTokens) {
                return new Result(List.of(), "the text's statements have more than the " + MAX_TOKENS
                        + " tokens the guard parses in one text");
            }
            remainingTokens -= tokens.size();
            Result result = parseText(text);
            parsed.put(text, result);
            return result;
        }
    }

    private Result parseText(String text) {
        List<Statement> statements;
        try {
            statements = parser(text, false).Statements();
        } catch (ParseException | RuntimeException | StackOverflowError simpleFailure) {
            try {
                statements = parser(text, true).Statements();
            } catch (ParseException | RuntimeException | StackOverflowError failure) {
                return new Result(List.of(), shorten(failure));
            }
        }
        return statements.isEmpty() ? new Result(List.of(), "the parser found no statement")
                : new Result(statements, null);
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
