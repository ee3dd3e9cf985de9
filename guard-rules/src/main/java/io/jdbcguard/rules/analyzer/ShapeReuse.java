package io.jdbcguard.rules.analyzer;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
import io.jdbcguard.rules.lexing.JdbcEscapes;
import io.jdbcguard.rules.lexing.LexedStatement;
import io.jdbcguard.rules.lexing.SqlLexer;
import io.jdbcguard.rules.lexing.StatementEnvelope;
import io.jdbcguard.rules.lexing.Token;
import io.jdbcguard.rules.parsing.ParserText;
import io.jdbcguard.rules.parsing.ParserWorkarounds;
import io.jdbcguard.rules.parsing.StatementParser;
import io.jdbcguard.rules.semantics.HarmlessStatements;
import io.jdbcguard.rules.semantics.StoredCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Decides {@link Analysis#reusableByShape()}: whether an analysis holds for every text with the same
 * {@link StatementShape#key shape key}, i.e. the same tokens with other literal values of the same types.
 * Conservative: it says yes only for forms in which it can show that no literal value reaches any rule.
 *
 * <p>The argument. {@link StatementAnalyzer} computes an analysis from the session settings, the text's statements
 * and their tokens; a text's key fixes all of these except the literals' values (and comments and whitespace, which
 * only the findings' quoted statement text shows). So an analysis is reusable when nothing on the analyzer's path
 * reads a literal's value. The path, statement by statement, and why each step does not read one here:
 * <ol>
 *   <li>{@link ServerReadings} and the settings dependence: the key exists only for known settings and MySQL texts
 *       without executable comments, so there is one reading and the dependence is not consulted.
 *   <li>Token scans of every statement ({@code mayChangeSession}, {@link
 * io.jdbcguard.rules.semantics.ReadOnlyStatements}): they read string
 *       values only for names with an underscore, and the key does not exist for such strings.
 *   <li>{@link JdbcEscapes} reads words and symbols; {@link ParserWorkarounds} reads one string value, after
 *       {@code CHARSET}, {@code COLLATE} and {@code CHARACTER SET}: such words make the text not reusable.
 *   <li>{@link StatementEnvelope} and {@link StoredCode} read literal values ({@code PREPARE ... FROM '...'},
 *       {@code EXECUTE IMMEDIATE}, {@code EXPLAIN} options, bodies of {@code DO} and functions): every statement
 *       must begin with {@code SELECT}, {@code INSERT}, {@code UPDATE} or {@code DELETE}, which they leave alone.
 *   <li>{@link HarmlessStatements} reads words and token kinds only; a harmless statement gets no finding, whatever
 *       its literals (most {@code SELECT} and {@code INSERT} statements end here).
 *   <li>Any other statement must parse as one {@code UPDATE} or {@code DELETE}. JSQLParser's grammar sees a string
 *       or number only as a token class ({@link ParserText} writes every string the same way; the key fixes each
 *       number's form and bounds its size), so the same-shape texts parse to the same tree with other literal
 *       values. The parse budget cannot run out for any of them when the parsed statements' tokens, times the
 *       most parses one statement can take (the first, one with all key words quoted and
 *       {@link StatementParser#MAX_KEYWORD_RETRIES} retries), stay within {@link StatementParser#MAX_TOKENS}; the
 *       budget skips a repeated statement text, which other values may undo.
 *   <li>The rules read the tree. Here every literal of the statement must sit where no rule reads its value, and
 *       this is checked by finding every literal token of the statement, once, in such a place:
 *       <ul>
 *         <li>an assigned value of {@code UPDATE ... SET}, in arithmetic over columns and literals;
 *         <li>in the {@code WHERE}, below {@code AND}/{@code OR}/parentheses only, as one side of
 *             {@code = <> < <= > >=} whose other side is a plain column, or in an {@code IN} list of literals
 *             tested against a plain column. {@link io.jdbcguard.rules.semantics.ConstantFolder} folds such a
 * comparison to "depends on the
 *             row" whatever the literal's value (the literal is not {@code NULL}: {@code NULL} is a word and in
 *             the key), so the WHERE's folded value, the rules' only use of it, does not depend on literals.
 *       </ul>
 *       A literal anywhere else ({@code WHERE 1 = 1}, {@code WHERE 'x'}, {@code LIKE '%'}, {@code LIMIT 10}, a
 *       function argument, a subquery, {@code DATE '...'}) is not found there, and the analysis is not reusable.
 *   <li>The analysis has no findings (a finding quotes the text) and does not change the session.
 * </ol>
 * Whoever makes the analyzer or a rule read a literal value on this path must extend this argument.
 */
final class ShapeReuse {
    /** {@link Analysis#CLEAN}, reusable by shape: what a clean text of a reusable shape gets, shared. */
    static final Analysis REUSABLE_CLEAN = new Analysis(List.of(), false, true, List.of(), Set.of(), Set.of(),
            List.of(), false, false, false, false, true, List.of(), Analysis.FromQuery.NONE, true, false, List.of());

    private static final Set<String> FIRST_WORDS = Set.of("SELECT", "INSERT", "UPDATE", "DELETE");
    private static final Set<String> CHARSET_WORDS = Set.of("CHARSET", "COLLATE", "CHARACTER");

    private ShapeReuse() {
    }

    /**
     * @param analysis the analysis of {@code sql}, its {@code reusableByShape} false
     * @param settings the settings it was made with
     * @param parser a parser of the settings' dialect
     * @param sql the analysed text
     * @return the analysis, with {@code reusableByShape} true when the argument above holds for it
     *     ({@link #REUSABLE_CLEAN} for {@link Analysis#CLEAN})
     */
    static Analysis mark(Analysis analysis, SessionSettings settings, StatementParser parser, String sql) {
        if (!analysis.findings().isEmpty() || analysis.changesSession() || !StatementShape.hasKey(settings, sql)) {
            return analysis;
        }
        List<LexedStatement> statements = new SqlLexer(settings).statements(sql);
        if (!literalsUnread(settings.dialect(), parser, statements)
                || StatementShape.key(statements, sql.length()) == null) {
            return analysis;
        }
        return analysis == Analysis.CLEAN ? REUSABLE_CLEAN : new Analysis(analysis.findings(),
                analysis.changesSession(), analysis.readOnly(), analysis.modifications(), analysis.createdTables(),
                analysis.addedColumns(), analysis.typeChanges(), analysis.mayHideWrites(), analysis.runsPrepared(),
                analysis.changesSchema(), analysis.severalStatements(), true, analysis.preparedNames(),
                analysis.tableFromQuery(), analysis.queriesOnly(), analysis.holdsCursor(), analysis.armedFunctions());
    }

    private static boolean literalsUnread(Dialect dialect, StatementParser parser, List<LexedStatement> statements) {
        StatementParser.Budget budget = parser.budget();
        int parsedTokens = 0;
        for (LexedStatement statement : statements) {
            List<Token> tokens = ParserWorkarounds.apply(JdbcEscapes.rewrite(statement.tokens()), dialect);
            if (tokens.isEmpty() || !FIRST_WORDS.contains(tokens.get(0).kind() == Token.Kind.WORD
                    ? tokens.get(0).value() : "")
                    || tokens.stream().anyMatch(t -> t.kind() == Token.Kind.WORD && CHARSET_WORDS.contains(t.value()))
                    || !(StatementEnvelope.open(tokens, dialect) instanceof StatementEnvelope.Itself)
                    || StoredCode.of(tokens, dialect).isPresent()) {
                return false;
            }
            if (HarmlessStatements.isHarmless(tokens, dialect)) {
                continue;
            }
            parsedTokens += tokens.size() * (StatementParser.MAX_KEYWORD_RETRIES + 2);
            if (parsedTokens > StatementParser.MAX_TOKENS) {
                return false;
            }
            List<Statement> parsed = budget.parse(tokens).statements();
            if (parsed.size() != 1 || !new Literals(tokens).allUnread(parsed.get(0))) {
                return false;
            }
        }
        return true;
    }

    /** The literal tokens of one statement, each to be found once where no rule reads its value. */
    private static final class Literals {
        /** Each literal token's value, prefixed S or N, with how many tokens have it not yet found. */
        private final Map<String, Integer> unfound = new HashMap<>();
        private boolean stray;

        Literals(List<Token> tokens) {
            for (Token token : tokens) {
                if (token.kind() == Token.Kind.STRING) {
                    unfound.merge("S" + token.value(), 1, Integer::sum);
                } else if (token.kind() == Token.Kind.NUMBER) {
                    unfound.merge("N" + token.text(), 1, Integer::sum);
                }
            }
        }

        /** Whether every literal token of the statement is in a place listed in the class comment. */
        boolean allUnread(Statement statement) {
            if (statement instanceof Update update && update.getClass() == Update.class) {
                for (UpdateSet set : update.getUpdateSets()) {
                    for (Expression value : set.getValues()) {
                        assigned(value);
                    }
                }
                condition(update.getWhere());
            } else if (statement instanceof Delete delete && delete.getClass() == Delete.class) {
                condition(delete.getWhere());
            } else {
                return false;
            }
            return !stray && unfound.isEmpty();
        }

        /** An assigned value: literals, columns and arithmetic over them. */
        private void assigned(Expression e) {
            if (e instanceof Addition || e instanceof Subtraction || e instanceof Multiplication
                    || e instanceof Division) {
                BinaryExpression b = (BinaryExpression) e;
                assigned(b.getLeftExpression());
                assigned(b.getRightExpression());
            } else if (e instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
                assigned(list.get(0));
            } else if (e instanceof SignedExpression s && !isLiteral(e)) {
                assigned(s.getExpression());
            } else if (isLiteral(e)) {
                found(e);
            } else if (!(e instanceof Column || e instanceof NullValue || e instanceof TimeKeyExpression)) {
                stray = true;
            }
        }

        /** A WHERE condition: only AND, OR and parentheses are entered; literals are found at comparisons. */
        private void condition(Expression e) {
            if (e instanceof AndExpression || e instanceof OrExpression) {
                BinaryExpression b = (BinaryExpression) e;
                condition(b.getLeftExpression());
                condition(b.getRightExpression());
            } else if (e instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
                condition(list.get(0));
            } else if (e instanceof EqualsTo || e instanceof NotEqualsTo || e instanceof GreaterThan
                    || e instanceof GreaterThanEquals || e instanceof MinorThan || e instanceof MinorThanEquals) {
                BinaryExpression b = (BinaryExpression) e;
                if (b.getLeftExpression() instanceof Column && isLiteral(b.getRightExpression())) {
                    found(b.getRightExpression());
                } else if (b.getRightExpression() instanceof Column && isLiteral(b.getLeftExpression())) {
                    found(b.getLeftExpression());
                }
            } else if (e instanceof InExpression in && in.getLeftExpression() instanceof Column
                    && in.getRightExpression() instanceof ExpressionList<?> list
                    && list.stream().allMatch(ShapeReuse::isLiteral)) {
                list.forEach(item -> found((Expression) item));
            }
        }

        private void found(Expression literal) {
            Expression e = literal instanceof SignedExpression s ? s.getExpression() : literal;
            String key = e instanceof StringValue s ? "S" + ParserText.stringValue(s.getValue()) : "N" + e;
            Integer left = unfound.get(key);
            if (left == null) {
                stray = true;
            } else if (left == 1) {
                unfound.remove(key);
            } else {
                unfound.put(key, left - 1);
            }
        }
    }

    /** A string or number literal, possibly signed: the only nodes a literal token becomes in the found places. */
    private static boolean isLiteral(Object e) {
        Object unsigned = e instanceof SignedExpression s && s.getSign() != '~' ? s.getExpression() : e;
        return unsigned instanceof StringValue || unsigned instanceof LongValue || unsigned instanceof DoubleValue;
    }
}
