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
        this(new SessionSettings(dialect, true, 0, false, dialect == Dialect.MYSQL && backslashEscapes, false));
    }

    /**
     * @param settings the session state that decides how text is read (dialect, string escapes, quotes, server
     *     version)
     */
    public StatementAnalyzer(SessionSettings settings) {
        this.dialect = settings.dialect();
        this.lexer = new SqlLexer(dialect, settings.backslashEscapes());
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
        boolean changesSession = false;
        for (LexedStatement statement : lexer.statements(sql)) {
            findings.addAll(analyze(statement.tokens(), statement.text(), 0));
            changesSession |= mayChangeSession(statement.tokens());
        }
        return findings.isEmpty() && !changesSession ? Analysis.CLEAN : new Analysis(findings, changesSession);
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

    /**
     * Whether a statement may change how the session reads later text: {@code SET} and {@code RESET} in any form
     * (PostgreSQL {@code SET standard_conforming_strings}, MySQL {@code SET sql_mode}, {@code SET SESSION ...},
     * {@code SET @@session.sql_mode}), and any statement naming {@code sql_mode} or
     * {@code standard_conforming_strings} (e.g. PostgreSQL {@code SELECT set_config(...)}).
     */
    private static boolean mayChangeSession(List<Token> tokens) {
        Token first = tokens.get(0);
        if (first.isWord("SET") || first.isWord("RESET")) {
            return true;
        }
        for (Token token : tokens) {
            String value = token.kind() == Token.Kind.SYMBOL ? "" : token.value().toUpperCase(java.util.Locale.ROOT);
            if (value.contains("SQL_MODE") || value.contains("STANDARD_CONFORMING_STRINGS")) {
                return true;
            }
        }
        return false;
    }

    private static List<Finding> check(StatementContext statement) {
        List<Finding> findings = new ArrayList<>();
        for (StatementCheck rule : Rules.checks()) {
            findings.addAll(rule.check(statement));
        }
        return findings;
    }
}
