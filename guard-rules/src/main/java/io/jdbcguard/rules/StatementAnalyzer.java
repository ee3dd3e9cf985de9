package io.jdbcguard.rules;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.statement.Statement;

/**
 * Analyses SQL text of one dialect and reports every rule's findings. Thread-safe; parsing runs on the calling thread.
 *
 * <p>The text is lexed by the dialect's rules ({@link SqlLexer}) and cut into statements at each {@code ;} outside
 * strings and comments. For each statement, JDBC escapes are rewritten ({@link JdbcEscapes}), wrappers such as
 * {@code EXPLAIN ANALYZE} and {@code PREPARE} are opened ({@link StatementEnvelope}), the statement is parsed with
 * JSQLParser within depth and length limits ({@link StatementParser}), and every rule of {@link Rules} checks it,
 * from the syntax tree or, when parsing failed, from the tokens. Time and stack use are bounded by the text's length.
 */
public final class StatementAnalyzer {
    /** How deep wrappers ({@code EXPLAIN ANALYZE PREPARE ...}) may nest before the statement counts as unparseable. */
    private static final int MAX_NESTING = 8;

    private final Dialect dialect;
    private final SqlLexer lexer;
    private final StatementParser parser;

    /**
     * @param dialect the dialect to lex and parse with
     * @param backslashEscapes for {@link Dialect#MYSQL}: whether backslash escapes characters in string literals
     *     (false when the session's {@code sql_mode} has {@code NO_BACKSLASH_ESCAPES}); ignored for PostgreSQL
     */
    public StatementAnalyzer(Dialect dialect, boolean backslashEscapes) {
        this.dialect = dialect;
        this.lexer = new SqlLexer(dialect, backslashEscapes);
        this.parser = new StatementParser(dialect);
    }

    /**
     * Analyses every statement in {@code sql}.
     *
     * @param sql one or more statements separated by {@code ;}; not null
     * @return all findings of all rules, in statement order; {@link Analysis#CLEAN} when no rule objects
     * @throws NullPointerException if {@code sql} is null
     */
    public Analysis analyze(String sql) {
        List<Finding> findings = new ArrayList<>();
        for (LexedStatement statement : lexer.statements(sql)) {
            findings.addAll(analyze(statement.tokens(), statement.text(), 0));
        }
        return findings.isEmpty() ? Analysis.CLEAN : new Analysis(findings);
    }

    private List<Finding> analyze(List<Token> lexed, String text, int nesting) {
        List<Token> tokens = ParserWorkarounds.apply(JdbcEscapes.rewrite(lexed), dialect);
        if (tokens.isEmpty()) {
            return List.of();
        }
        if (nesting > MAX_NESTING) {
            return check(new StatementContext(dialect, text, tokens, null,
                    "statements nested more than " + MAX_NESTING + " deep"));
        }
        StatementEnvelope.Content content = StatementEnvelope.open(tokens, dialect);
        if (content instanceof StatementEnvelope.Nothing) {
            return List.of();
        }
        if (content instanceof StatementEnvelope.InnerTokens inner) {
            return analyze(inner.tokens(), text, nesting + 1);
        }
        if (content instanceof StatementEnvelope.InnerText inner) {
            List<Finding> findings = new ArrayList<>();
            for (LexedStatement statement : lexer.statements(inner.text())) {
                findings.addAll(analyze(statement.tokens(), text, nesting + 1));
            }
            return findings;
        }
        StatementParser.Result result = parser.parse(tokens);
        if (result.statements().isEmpty()) {
            return check(new StatementContext(dialect, text, tokens, null, result.problem()));
        }
        List<Finding> findings = new ArrayList<>();
        for (Statement statement : result.statements()) {
            findings.addAll(check(new StatementContext(dialect, text, tokens, statement, null)));
        }
        return findings;
    }

    private static List<Finding> check(StatementContext statement) {
        List<Finding> findings = new ArrayList<>();
        for (StatementCheck rule : Rules.checks()) {
            findings.addAll(rule.check(statement));
        }
        return findings;
    }
}
