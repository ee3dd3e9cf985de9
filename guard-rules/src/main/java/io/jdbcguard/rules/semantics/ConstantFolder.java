package io.jdbcguard.rules.semantics;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.parsing.ParserText;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.AnyType;
import net.sf.jsqlparser.expression.ArrayConstructor;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.CollateExpression;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.IntervalExpression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.CosineSimilarity;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsDistinctExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.Values;

/**
 * Evaluates an expression when its value does not depend on the row: constant folding with SQL's three-valued logic.
 *
 * <p>It folds literals ({@code NULL}, {@code TRUE}, numbers, strings), parentheses, {@code AND}, {@code OR},
 * {@code XOR}, {@code NOT}, comparisons, {@code IN} lists, {@code BETWEEN}, {@code LIKE}, {@code IS [NOT] NULL},
 * {@code IS [NOT] TRUE/FALSE}, {@code IS [NOT] DISTINCT FROM}, MySQL {@code <=>}, {@code EXISTS} of a query
 * without FROM ({@code EXISTS (SELECT 1)}, {@code EXISTS (VALUES (1))}), arithmetic, casts to boolean,
 * number, text, date and timestamp, and {@code COALESCE}/{@code IFNULL}/{@code NVL}; also row constructors
 * ({@code (1, 2) = (1, 2)}), {@code = ANY}/{@code ALL} of an {@code ARRAY[...]} or of a query without FROM,
 * {@code IN} such a query, {@code CASE}, {@code GREATEST}/{@code LEAST}, a query without FROM as a value
 * ({@code (SELECT 1)}), {@code COLLATE} under collations that compare as the folder does, and ISO 8601 dates and
 * timestamps with interval arithmetic ({@code DATE '2020-01-01' + INTERVAL '1 day'}). Functions whose value the
 * folder does not know ({@code now()}, {@code current_date}) are never constant. Conversions follow the dialect: MySQL reads a
 * string as the number its numeric prefix spells ({@code '1a'} is 1) and compares strings case-insensitively
 * (<a href="https://dev.mysql.com/doc/refman/8.4/en/type-conversion.html">Type Conversion in Expression
 * Evaluation</a>); PostgreSQL reads {@code 't'}, {@code 'yes'}, {@code 'on'}, {@code '1'} and their unique
 * prefixes as booleans (<a href="https://www.postgresql.org/docs/current/datatype-boolean.html">Boolean Type</a>).
 *
 * <p>A column compared with itself ({@code x = x}, {@code t.x >= t.x}, {@code x <=> x}) counts as true, and so do
 * {@code x IS NULL OR x IS NOT NULL}, {@code x BETWEEN x AND x}, {@code (a, b) = (a, b)} and {@code x LIKE '%'}: strictly they are NULL for a NULL {@code x}, but written in a WHERE clause they are
 * accidents that match (nearly) every row.
 *
 * <p>Each expression node is evaluated once per folder, so folding takes time linear in the expression's size.
 */
public final class ConstantFolder {
    private static final Set<String> COALESCING_FUNCTIONS = Set.of("COALESCE", "IFNULL", "NVL");
    private static final Set<String> NUMBER_TYPES = Set.of("INT", "INTEGER", "BIGINT", "SMALLINT", "SIGNED",
            "UNSIGNED", "NUMERIC", "DECIMAL", "REAL", "FLOAT", "DOUBLE", "INT2", "INT4", "INT8", "FLOAT4", "FLOAT8");
    private static final Set<String> TEXT_TYPES = Set.of("TEXT", "CHAR", "VARCHAR", "CHARACTER", "STRING");
    private static final Pattern NUMERIC_PREFIX = Pattern.compile("^\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Set<String> EXTREME_FUNCTIONS = Set.of("GREATEST", "LEAST");
    private static final Set<String> QUANTIFIER_FUNCTIONS = Set.of("ANY", "SOME", "ALL");
    private static final Set<String> TEMPORAL_TYPES = Set.of("DATE", "TIMESTAMP", "DATETIME");
    /** PostgreSQL collations that compare as {@link String#compareTo} does (code point order, deterministic). */
    private static final Set<String> POSTGRESQL_CODE_POINT_COLLATIONS = Set.of("c", "posix", "ucs_basic", "default");
    /** An ISO 8601 date, optionally with a time of day: the only spellings of dates and timestamps that are folded. */
    private static final Pattern ISO_TEMPORAL = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})(?:[ T](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,6}))?)?)?");
    /** An interval of one integer amount of one unit: {@code '3 days'}, or {@code 3} with the unit after it. */
    private static final Pattern INTERVAL = Pattern.compile("([+-]?\\d{1,6})(?:\\s+([a-z]+))?");
    private static final EqualsTo EQUALS = new EqualsTo();

    private static final int MAX_SCALE = 1000;

    private final Dialect dialect;
    /** The value of every expression folded so far, so that each node is folded once and time stays linear. */
    private final Map<Expression, Optional<SqlValue>> folded = new IdentityHashMap<>();

    /** @param dialect whose conversion and comparison rules to apply */
    public ConstantFolder(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * @param condition a WHERE or ON condition
     * @return true when the condition is true for every row
     */
    public boolean isAlwaysTrue(Expression condition) {
        return condition(condition).map(SqlValue.TRUE::equals).orElse(false);
    }

    /**
     * @param condition a condition
     * @return true when the condition has one truth value (TRUE, FALSE or NULL) for every row
     */
    boolean isConstant(Expression condition) {
        return condition(condition).isPresent();
    }

    /** The truth value (TRUE, FALSE or NULL) of an expression, or empty when it depends on the row. */
    private Optional<SqlValue> condition(Expression expression) {
        return fold(expression).flatMap(this::asBoolean);
    }

    /**
     * The constant value of an expression, or empty when it depends on the row or cannot be folded; each expression
     * node is evaluated once (rules fold sides of comparisons more than once, which nesting would make exponential).
     */
    private Optional<SqlValue> fold(Expression expression) {
        Optional<SqlValue> known = folded.get(expression);
        if (known == null) {
            known = evaluate(expression);
            folded.put(expression, known);
        }
        return known;
    }

    private Optional<SqlValue> evaluate(Expression expression) {
        Expression e = unparenthesized(expression);
        if (e instanceof NullValue) {
            return Optional.of(SqlValue.NULL);
        } else if (e instanceof BooleanValue b) {
            return Optional.of(SqlValue.of(b.getValue()));
        } else if (e instanceof LongValue l) {
            return Optional.of(new SqlValue(new BigDecimal(l.getStringValue())));
        } else if (e instanceof DoubleValue d) {
            return Double.isFinite(d.getValue()) ? Optional.of(new SqlValue(BigDecimal.valueOf(d.getValue())))
                    : Optional.empty();
        } else if (e instanceof StringValue s) {
            return Optional.of(new SqlValue(ParserText.stringValue(s.getValue())));
        } else if (e instanceof SignedExpression s) {
            return signed(s);
        } else if (e instanceof NotExpression n) {
            return condition(n.getExpression()).map(ConstantFolder::negated);
        } else if (e instanceof AndExpression || e instanceof OrExpression || e instanceof XorExpression) {
            return logical((BinaryExpression) e);
        } else if (e instanceof CosineSimilarity c && dialect == Dialect.MYSQL) {
            return nullSafeEquality(c.getLeftExpression(), c.getRightExpression(), true);
        } else if (e instanceof ComparisonOperator c) {
            return compared(c, c.getLeftExpression(), c.getRightExpression());
        } else if (e instanceof IsDistinctExpression d) {
            return nullSafeEquality(d.getLeftExpression(), d.getRightExpression(), d.isNot());
        } else if (e instanceof IsNullExpression n) {
            return fold(n.getLeftExpression()).map(v -> SqlValue.of(v.isNull() != n.isNot()));
        } else if (e instanceof IsBooleanExpression b) {
            return condition(b.getLeftExpression()).map(v -> SqlValue.of(
                    (v.equals(SqlValue.of(b.isTrue()))) != b.isNot()));
        } else if (e instanceof InExpression in) {
            return in(in);
        } else if (e instanceof ExistsExpression exists) {
            return exists(exists);
        } else if (e instanceof Between between) {
            return between(between);
        } else if (e instanceof LikeExpression like) {
            return like(like);
        } else if ((e instanceof Addition || e instanceof Subtraction) && isTemporalArithmetic((BinaryExpression) e)) {
            return temporalArithmetic((BinaryExpression) e);
        } else if (e instanceof Addition || e instanceof Subtraction || e instanceof Multiplication
                || e instanceof Division || e instanceof Modulo) {
            return arithmetic((BinaryExpression) e);
        } else if (e instanceof CastExpression cast) {
            return cast(cast);
        } else if (e instanceof Function f && f.getName() != null
                && COALESCING_FUNCTIONS.contains(f.getName().toUpperCase(Locale.ROOT))) {
            return coalesce(f);
        } else if (e instanceof Function f && f.getName() != null
                && EXTREME_FUNCTIONS.contains(f.getName().toUpperCase(Locale.ROOT))) {
            return extreme(f, f.getName().equalsIgnoreCase("GREATEST"));
        } else if (e instanceof CaseExpression c) {
            return caseValue(c);
        } else if (e instanceof CollateExpression c) {
            return collate(c);
        } else if (e instanceof DateTimeLiteralExpression d) {
            return temporalLiteral(d);
        } else if (e instanceof ParenthesedSelect query) {
            return scalar(query);
        }
        return Optional.empty();
    }

    private static Expression unparenthesized(Expression expression) {
        Expression e = expression;
        while (e instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
            e = list.get(0);
        }
        return e;
    }

    private Optional<SqlValue> signed(SignedExpression signed) {
        if (signed.getSign() == '~') {
            return Optional.empty();
        }
        return fold(signed.getExpression()).flatMap(this::asNumber)
                .map(v -> v.isNull() || signed.getSign() == '+' ? v
                        : new SqlValue(((BigDecimal) v.value()).negate()));
    }

    private Optional<SqlValue> logical(BinaryExpression e) {
        Optional<SqlValue> left = condition(e.getLeftExpression());
        Optional<SqlValue> right = condition(e.getRightExpression());
        if (e instanceof AndExpression && (left.equals(Optional.of(SqlValue.FALSE))
                || right.equals(Optional.of(SqlValue.FALSE)))) {
            return Optional.of(SqlValue.FALSE);
        }
        if (e instanceof OrExpression && (left.equals(Optional.of(SqlValue.TRUE))
                || right.equals(Optional.of(SqlValue.TRUE)) || isNullOrNotNull(e))) {
            return Optional.of(SqlValue.TRUE);
        }
        if (left.isEmpty() || right.isEmpty()) {
            return Optional.empty();
        }
        SqlValue l = left.get();
        SqlValue r = right.get();
        if (l.isNull() || r.isNull()) {
            return Optional.of(SqlValue.NULL);
        }
        if (e instanceof XorExpression) {
            return Optional.of(SqlValue.of(!l.equals(r)));
        }
        return Optional.of(e instanceof AndExpression ? SqlValue.TRUE : SqlValue.FALSE);
    }

    /** {@code x IS NULL OR x IS NOT NULL}, in either order: true for every row. */
    private static boolean isNullOrNotNull(BinaryExpression or) {
        return unparenthesized(or.getLeftExpression()) instanceof IsNullExpression l
                && unparenthesized(or.getRightExpression()) instanceof IsNullExpression r
                && l.isNot() != r.isNot() && sameColumn(l.getLeftExpression(), r.getLeftExpression());
    }

    /** {@code left c right} for scalar sides, {@code c} giving the operator only. */
    private Optional<SqlValue> comparison(ComparisonOperator c, Expression left, Expression right) {
        if (sameColumn(left, right)) {
            boolean reflexive = c instanceof EqualsTo || c instanceof GreaterThanEquals || c instanceof MinorThanEquals;
            return Optional.of(SqlValue.of(reflexive));
        }
        Optional<Integer> order = compare(left, right);
        if (order.isEmpty()) {
            return nullIfEitherNull(left, right);
        }
        int o = order.get();
        if (c instanceof EqualsTo) {
            return Optional.of(SqlValue.of(o == 0));
        } else if (c instanceof NotEqualsTo) {
            return Optional.of(SqlValue.of(o != 0));
        } else if (c instanceof GreaterThan) {
            return Optional.of(SqlValue.of(o > 0));
        } else if (c instanceof GreaterThanEquals) {
            return Optional.of(SqlValue.of(o >= 0));
        } else if (c instanceof MinorThan) {
            return Optional.of(SqlValue.of(o < 0));
        } else if (c instanceof MinorThanEquals) {
            return Optional.of(SqlValue.of(o <= 0));
        }
        return Optional.empty();
    }

    /** NULL when either side folds to NULL (any comparison with NULL is NULL), otherwise empty. */
    private Optional<SqlValue> nullIfEitherNull(Expression left, Expression right) {
        boolean eitherNull = fold(left).map(SqlValue::isNull).orElse(false)
                || fold(right).map(SqlValue::isNull).orElse(false);
        return eitherNull ? Optional.of(SqlValue.NULL) : Optional.empty();
    }

    /** {@code <=>} and {@code IS [NOT] DISTINCT FROM}: equality in which NULL equals NULL. */
    private Optional<SqlValue> nullSafeEquality(Expression left, Expression right, boolean wantEqual) {
        if (sameColumn(left, right)) {
            return Optional.of(SqlValue.of(wantEqual));
        }
        Optional<SqlValue> l = fold(left);
        Optional<SqlValue> r = fold(right);
        if (l.isEmpty() || r.isEmpty()) {
            return Optional.empty();
        }
        if (l.get().isNull() || r.get().isNull()) {
            return Optional.of(SqlValue.of((l.get().isNull() && r.get().isNull()) == wantEqual));
        }
        return compare(left, right).map(o -> SqlValue.of((o == 0) == wantEqual));
    }

    /**
     * The order of two constant, non-NULL values, 0 for a column and itself, or empty when either is not constant,
     * is NULL or cannot convert.
     */
    private Optional<Integer> compare(Expression left, Expression right) {
        if (sameColumn(left, right)) {
            return Optional.of(0);
        }
        Optional<SqlValue> l = fold(left);
        Optional<SqlValue> r = fold(right);
        if (l.isEmpty() || r.isEmpty() || l.get().isNull() || r.get().isNull()) {
            return Optional.empty();
        }
        return compareValues(l.get(), r.get());
    }

    private Optional<Integer> compareValues(SqlValue l, SqlValue r) {
        if (l.value() instanceof Temporal || r.value() instanceof Temporal) {
            return compareTemporal(l, r);
        }
        if (l.value() instanceof String a && r.value() instanceof String b) {
            return Optional.of(dialect == Dialect.MYSQL
                    ? a.stripTrailing().compareToIgnoreCase(b.stripTrailing()) : a.compareTo(b));
        }
        if (l.value() instanceof Boolean || r.value() instanceof Boolean) {
            Optional<SqlValue> a = asBoolean(l);
            Optional<SqlValue> b = asBoolean(r);
            return a.isPresent() && b.isPresent()
                    ? Optional.of(Boolean.compare((Boolean) a.get().value(), (Boolean) b.get().value()))
                    : Optional.empty();
        }
        Optional<SqlValue> a = asNumber(l);
        Optional<SqlValue> b = asNumber(r);
        return a.isPresent() && b.isPresent()
                ? Optional.of(((BigDecimal) a.get().value()).compareTo((BigDecimal) b.get().value()))
                : Optional.empty();
    }

    /** {@code x [NOT] IN (list or query)}: {@code x = ANY (...)}, negated for NOT IN. */
    private Optional<SqlValue> in(InExpression in) {
        Optional<List<Expression>> items = in.getRightExpression() instanceof ExpressionList<?> list
                ? Optional.of(List.copyOf(list)) : column(in.getRightExpression());
        return items.flatMap(list -> quantified(list.stream()
                .map(item -> compared(EQUALS, in.getLeftExpression(), item)).toList(), false))
                .map(v -> in.isNot() ? negated(v) : v);
    }

    /**
     * {@code [NOT] EXISTS} of a query that reads no table ({@link #rows}): true when it returns a row.
     */
    private Optional<SqlValue> exists(ExistsExpression exists) {
        return unparenthesized(exists.getRightExpression()) instanceof Select query
                ? rows(query).map(rows -> SqlValue.of(!rows.isEmpty() != exists.isNot())) : Optional.empty();
    }

    private Optional<SqlValue> between(Between between) {
        Optional<Integer> low = compare(between.getLeftExpression(), between.getBetweenExpressionStart());
        Optional<Integer> high = compare(between.getLeftExpression(), between.getBetweenExpressionEnd());
        if (low.isEmpty() || high.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(SqlValue.of((low.get() >= 0 && high.get() <= 0) != between.isNot()));
    }

    private Optional<SqlValue> like(LikeExpression like) {
        Optional<SqlValue> pattern = fold(like.getRightExpression());
        if (pattern.isEmpty() || !(pattern.get().value() instanceof String p)) {
            return Optional.empty();
        }
        if (!p.isEmpty() && p.chars().allMatch(ch -> ch == '%')
                && unparenthesized(like.getLeftExpression()) instanceof Column) {
            return Optional.of(SqlValue.of(!like.isNot()));
        }
        Optional<SqlValue> subject = fold(like.getLeftExpression());
        if (subject.isEmpty() || subject.get().isNull()) {
            return subject;
        }
        if (subject.get().value() instanceof Temporal) {
            return Optional.empty();
        }
        boolean ignoreCase = like.isCaseInsensitive() || dialect == Dialect.MYSQL;
        String text = String.valueOf(subject.get().value());
        Optional<String> escape = escape(like);
        if (escape.isEmpty() || (long) text.length() * (p.length() + 1) > LikePattern.MAX_WORK) {
            return Optional.empty();
        }
        boolean matches = LikePattern.compile(p, escape.get(), ignoreCase).matches(text);
        return Optional.of(SqlValue.of(matches != like.isNot()));
    }

    /**
     * The escape character of a LIKE: a backslash by default in both dialects, the empty string (none) for
     * {@code ESCAPE ''}; empty when the ESCAPE clause is not a constant of at most one character.
     */
    private Optional<String> escape(LikeExpression like) {
        if (like.getEscape() == null) {
            return Optional.of("\\");
        }
        return fold(like.getEscape()).map(SqlValue::value).filter(v -> v instanceof String e && e.length() <= 1)
                .map(String.class::cast);
    }

    private Optional<SqlValue> arithmetic(BinaryExpression e) {
        Optional<SqlValue> l = fold(e.getLeftExpression()).flatMap(this::asNumber);
        Optional<SqlValue> r = fold(e.getRightExpression()).flatMap(this::asNumber);
        if (l.isEmpty() || r.isEmpty()) {
            return Optional.empty();
        }
        if (l.get().isNull() || r.get().isNull()) {
            return Optional.of(SqlValue.NULL);
        }
        BigDecimal a = (BigDecimal) l.get().value();
        BigDecimal b = (BigDecimal) r.get().value();
        if (isHuge(a) || isHuge(b)) {
            return Optional.empty();
        }
        if ((e instanceof Division || e instanceof Modulo) && b.signum() == 0) {
            return Optional.of(SqlValue.NULL);
        }
        BigDecimal result;
        if (e instanceof Addition) {
            result = a.add(b);
        } else if (e instanceof Subtraction) {
            result = a.subtract(b);
        } else if (e instanceof Multiplication) {
            result = a.multiply(b);
        } else if (e instanceof Division) {
            result = a.divide(b, MathContext.DECIMAL64);
        } else {
            result = a.remainder(b);
        }
        return Optional.of(new SqlValue(result));
    }

    /** Whether arithmetic on the number could take long (a literal such as {@code 1e99999999}). */
    private static boolean isHuge(BigDecimal number) {
        return Math.abs(number.scale()) > MAX_SCALE || number.precision() > MAX_SCALE;
    }

    private Optional<SqlValue> cast(CastExpression cast) {
        String type = cast.getColDataType().getDataType().toUpperCase(Locale.ROOT).split("[\\s(]")[0];
        Optional<SqlValue> value = fold(cast.getLeftExpression());
        if (type.startsWith("BOOL")) {
            return value.flatMap(this::asBoolean);
        } else if (NUMBER_TYPES.contains(type)) {
            return value.flatMap(this::asNumber);
        } else if (TEXT_TYPES.contains(type)) {
            return value.filter(v -> !(v.value() instanceof Temporal))
                    .map(v -> v.isNull() || v.value() instanceof String ? v : new SqlValue(text(v)));
        } else if (TEMPORAL_TYPES.contains(type)
                && !cast.getColDataType().getDataType().toUpperCase(Locale.ROOT).contains("ZONE")) {
            return value.flatMap(v -> asTemporal(v, type.equals("DATE")));
        }
        return Optional.empty();
    }

    private static String text(SqlValue value) {
        return value.value() instanceof BigDecimal number ? number.toPlainString() : String.valueOf(value.value());
    }

    private Optional<SqlValue> coalesce(Function function) {
        if (function.getParameters() == null) {
            return Optional.empty();
        }
        for (Expression argument : function.getParameters()) {
            Optional<SqlValue> value = fold(argument);
            if (value.isEmpty() || !value.get().isNull()) {
                return value;
            }
        }
        return Optional.of(SqlValue.NULL);
    }

    /**
     * {@code left c right}, {@code c} giving the operator only; also for rows ({@code (a, b) = (1, 2)}, {@code ROW(...)}:
     * <a href="https://www.postgresql.org/docs/current/functions-comparisons.html#ROW-WISE-COMPARISON">Row Constructor
     * Comparison</a>, MySQL <a href="https://dev.mysql.com/doc/refman/8.4/en/comparison-operators.html">Comparison
     * Operators</a>) and for {@code ANY}/{@code SOME}/{@code ALL} of an {@code ARRAY[...]} or of a query that reads no
     * table (<a href="https://www.postgresql.org/docs/current/functions-comparisons.html">Row and Array
     * Comparisons</a>).
     */
    private Optional<SqlValue> compared(ComparisonOperator c, Expression left, Expression right) {
        List<Expression> leftRow = rowItems(left);
        List<Expression> rightRow = rowItems(right);
        if (leftRow != null || rightRow != null) {
            return leftRow != null && rightRow != null && !leftRow.isEmpty() && leftRow.size() == rightRow.size()
                    ? rowComparison(c, leftRow, rightRow) : Optional.empty();
        }
        Expression r = unparenthesized(right);
        if (r instanceof AnyComparisonExpression any) {
            return column(any.getSelect()).flatMap(items -> quantified(items.stream()
                    .map(item -> compared(c, left, item)).toList(), any.getAnyType() == AnyType.ALL));
        }
        if (r instanceof Function f && f.getName() != null
                && QUANTIFIER_FUNCTIONS.contains(f.getName().toUpperCase(Locale.ROOT)) && f.getParameters() != null
                && f.getParameters().size() == 1
                && unparenthesized(f.getParameters().get(0)) instanceof ArrayConstructor array
                && array.getExpressions() != null) {
            return quantified(array.getExpressions().stream().map(item -> compared(c, left, item)).toList(),
                    f.getName().equalsIgnoreCase("ALL"));
        }
        return comparison(c, left, right);
    }

    /** The items of a row constructor ({@code (a, b)}, {@code ROW(a, b)}), or null for any other expression. */
    private static List<Expression> rowItems(Expression expression) {
        Expression e = unparenthesized(expression);
        if (e instanceof ParenthesedExpressionList<?> list) {
            return List.<Expression>copyOf(list);
        }
        if (e instanceof Function f && "ROW".equalsIgnoreCase(f.getName()) && f.getParameters() != null) {
            return List.<Expression>copyOf(f.getParameters());
        }
        return null;
    }

    /**
     * Two rows of the same size, pair by pair: {@code =} is true when every pair is equal and {@code <>} when some
     * pair is not; {@code < <= > >=} are decided by the first pair that is not equal, NULL when it holds a NULL.
     */
    private Optional<SqlValue> rowComparison(ComparisonOperator c, List<Expression> left, List<Expression> right) {
        if (c instanceof EqualsTo || c instanceof NotEqualsTo) {
            List<Optional<SqlValue>> pairs = new ArrayList<>();
            for (int i = 0; i < left.size(); i++) {
                pairs.add(compared(c, left.get(i), right.get(i)));
            }
            return quantified(pairs, c instanceof EqualsTo);
        }
        for (int i = 0; i < left.size(); i++) {
            Optional<Integer> order = compare(left.get(i), right.get(i));
            if (order.isEmpty()) {
                return nullIfEitherNull(left.get(i), right.get(i));
            }
            if (order.get() != 0 || i == left.size() - 1) {
                return comparison(c, left.get(i), right.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * Combines truth values as ANY ({@code every} false: true when one is true, false when all are false) or as
     * ALL ({@code every} true: false when one is false, true when all are true); otherwise NULL, or empty when one
     * is not constant and none decides.
     */
    private static Optional<SqlValue> quantified(List<Optional<SqlValue>> truths, boolean every) {
        SqlValue decisive = SqlValue.of(!every);
        boolean unknown = false;
        boolean sawNull = false;
        for (Optional<SqlValue> truth : truths) {
            if (truth.isEmpty()) {
                unknown = true;
            } else if (truth.get().equals(decisive)) {
                return truth;
            } else if (truth.get().isNull()) {
                sawNull = true;
            }
        }
        return unknown ? Optional.empty() : Optional.of(sawNull ? SqlValue.NULL : SqlValue.of(every));
    }

    /** The values of a one-column query that reads no table ({@link #rows}), or empty. */
    private Optional<List<Expression>> column(Expression query) {
        if (!(unparenthesized(query) instanceof Select select)) {
            return Optional.empty();
        }
        return rows(select).filter(rows -> rows.stream().allMatch(row -> row.size() == 1))
                .map(rows -> rows.stream().map(row -> row.get(0)).toList());
    }

    /**
     * The rows of a query that reads no table: a {@code VALUES} list, or a {@code SELECT} without FROM (in MySQL
     * also {@code FROM DUAL}, <a href="https://dev.mysql.com/doc/refman/8.4/en/select.html">SELECT</a>), grouping,
     * HAVING, WITH or row limits, which returns one row when its WHERE is absent or true and none when it is false
     * or NULL. Empty when the query reads a table or its WHERE depends on something else.
     */
    private Optional<List<List<Expression>>> rows(Select query) {
        if (query.getWithItemsList() != null || query.getLimit() != null || query.getOffset() != null
                || query.getFetch() != null) {
            return Optional.empty();
        }
        if (query instanceof ParenthesedSelect parenthesed) {
            return rows(parenthesed.getSelect());
        }
        if (query instanceof Values values && values.getExpressions() != null) {
            return Optional.of(values.getExpressions() instanceof ParenthesedExpressionList<?> row
                    ? List.of(List.<Expression>copyOf(row))
                    : values.getExpressions().stream().map(row -> {
                        List<Expression> items = rowItems(row);
                        return items != null ? items : List.of(row);
                    }).toList());
        }
        if (!(query instanceof PlainSelect plain) || !readsNoTable(plain) || plain.getGroupBy() != null
                || plain.getHaving() != null || plain.getIntoTables() != null || plain.getSelectItems() == null) {
            return Optional.empty();
        }
        List<Expression> row = plain.getSelectItems().stream().<Expression>map(SelectItem::getExpression).toList();
        Optional<SqlValue> where = plain.getWhere() == null ? Optional.of(SqlValue.TRUE) : condition(plain.getWhere());
        return where.map(w -> w.equals(SqlValue.TRUE) ? List.of(row) : List.of());
    }

    private boolean readsNoTable(PlainSelect plain) {
        boolean dual = dialect == Dialect.MYSQL && TableNames.isDual(plain.getFromItem());
        return (plain.getFromItem() == null || dual) && (plain.getJoins() == null || plain.getJoins().isEmpty());
    }

    /** A scalar subquery that reads no table ({@link #rows}): the value of its one column, NULL without a row. */
    private Optional<SqlValue> scalar(ParenthesedSelect query) {
        return rows(query).flatMap(rows -> rows.isEmpty() ? Optional.of(SqlValue.NULL)
                : rows.size() == 1 && rows.get(0).size() == 1 ? fold(rows.get(0).get(0)) : Optional.empty());
    }

    /**
     * {@code CASE}: the result of the first WHEN that is true, else of ELSE (NULL without one); a simple
     * {@code CASE x WHEN v} tests {@code x = v} (<a
     * href="https://www.postgresql.org/docs/current/functions-conditional.html#FUNCTIONS-CASE">CASE</a>, MySQL <a
     * href="https://dev.mysql.com/doc/refman/8.4/en/flow-control-functions.html#operator_case">CASE</a>). When a
     * WHEN depends on the row, the value is still constant if every result that can be reached is the same value.
     */
    private Optional<SqlValue> caseValue(CaseExpression expression) {
        List<Optional<SqlValue>> results = new ArrayList<>();
        boolean decided = false;
        for (WhenClause when : expression.getWhenClauses()) {
            Optional<SqlValue> test = expression.getSwitchExpression() == null ? condition(when.getWhenExpression())
                    : compared(EQUALS, expression.getSwitchExpression(), when.getWhenExpression());
            if (test.isEmpty() || test.get().equals(SqlValue.TRUE)) {
                results.add(fold(when.getThenExpression()));
                if (test.isPresent()) {
                    decided = true;
                    break;
                }
            }
        }
        if (!decided) {
            results.add(expression.getElseExpression() == null ? Optional.of(SqlValue.NULL)
                    : fold(expression.getElseExpression()));
        }
        Optional<SqlValue> first = results.get(0);
        return first.isPresent() && results.stream().allMatch(first::equals) ? first : Optional.empty();
    }

    /**
     * {@code GREATEST}/{@code LEAST} of constants of one kind (numbers, strings, booleans, dates): PostgreSQL
     * ignores NULL arguments and returns NULL only when all are (<a
     * href="https://www.postgresql.org/docs/current/functions-conditional.html#FUNCTIONS-GREATEST-LEAST">GREATEST
     * and LEAST</a>), MySQL returns NULL when any is (<a
     * href="https://dev.mysql.com/doc/refman/8.4/en/comparison-operators.html#function_greatest">GREATEST()</a>).
     * Arguments of mixed kinds, which each server converts its own way, are not folded.
     */
    private Optional<SqlValue> extreme(Function function, boolean greatest) {
        if (function.getParameters() == null || function.getParameters().isEmpty()) {
            return Optional.empty();
        }
        SqlValue best = null;
        boolean sawNull = false;
        for (Expression argument : function.getParameters()) {
            Optional<SqlValue> value = fold(argument);
            if (value.isEmpty()) {
                return value;
            }
            SqlValue v = value.get();
            if (v.isNull()) {
                sawNull = true;
            } else if (best == null) {
                best = v;
            } else {
                Optional<Integer> order = kind(v) == kind(best) ? compareValues(v, best) : Optional.empty();
                if (order.isEmpty()) {
                    return Optional.empty();
                }
                best = (greatest ? order.get() > 0 : order.get() < 0) ? v : best;
            }
        }
        return Optional.of(best == null || (sawNull && dialect == Dialect.MYSQL) ? SqlValue.NULL : best);
    }

    private static Class<?> kind(SqlValue value) {
        return value.value() instanceof Temporal ? Temporal.class : value.value().getClass();
    }

    /**
     * A value with {@code COLLATE}: the value, when the collation compares strings as this folder does
     * (PostgreSQL {@code "C"}, {@code "POSIX"}, {@code ucs_basic} and {@code default}, <a
     * href="https://www.postgresql.org/docs/current/collation.html">Collation Support</a>; MySQL's case-insensitive
     * {@code _ci} collations, <a href="https://dev.mysql.com/doc/refman/8.4/en/charset-collation-names.html">Collation
     * Naming Conventions</a>); empty under other collations (binary, case-sensitive, nondeterministic).
     */
    private Optional<SqlValue> collate(CollateExpression collate) {
        String name = collate.getCollate().replace("\"", "").replace("`", "").replace("'", "")
                .toLowerCase(Locale.ROOT);
        boolean known = dialect == Dialect.POSTGRESQL ? POSTGRESQL_CODE_POINT_COLLATIONS.contains(name)
                : name.endsWith("_ci");
        return known ? fold(collate.getLeftExpression()) : Optional.empty();
    }

    /**
     * {@code DATE '...'}, {@code TIMESTAMP '...'} and MySQL {@code DATETIME '...'} (also JDBC's {@code {d '...'}}
     * and {@code {ts '...'}}) in ISO 8601 spelling; not times, nor timestamps with a time zone.
     */
    private static Optional<SqlValue> temporalLiteral(DateTimeLiteralExpression literal) {
        DateTimeLiteralExpression.DateTime type = literal.getType();
        if (literal.getValue() == null || (type != DateTimeLiteralExpression.DateTime.DATE
                && type != DateTimeLiteralExpression.DateTime.TIMESTAMP
                && type != DateTimeLiteralExpression.DateTime.DATETIME)) {
            return Optional.empty();
        }
        String text = literal.getValue().strip();
        if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
            text = ParserText.stringValue(text.substring(1, text.length() - 1));
        }
        return asTemporal(new SqlValue(text), type == DateTimeLiteralExpression.DateTime.DATE);
    }

    /**
     * A value as a date ({@code dateOnly}, a {@link LocalDate}) or a timestamp ({@link LocalDateTime}): another date
     * or timestamp (a timestamp as a date drops its time), or a string in ISO 8601 spelling ({@code 2020-01-31},
     * {@code 2020-01-31 12:00[:00[.fraction]]}); empty for anything else, such as {@code 'today'}, {@code 'epoch'}
     * or a time zone, whose value the folder does not know or that depends on the session.
     */
    private static Optional<SqlValue> asTemporal(SqlValue value, boolean dateOnly) {
        LocalDateTime time;
        if (value.isNull()) {
            return Optional.of(value);
        } else if (value.value() instanceof Temporal temporal) {
            time = dateTime(temporal);
        } else if (value.value() instanceof String text) {
            Matcher m = ISO_TEMPORAL.matcher(text.strip());
            if (!m.matches() || Integer.parseInt(m.group(1)) == 0) {
                return Optional.empty();
            }
            try {
                LocalTime clock = m.group(4) == null ? LocalTime.MIDNIGHT : LocalTime.of(
                        Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                        m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                        m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "00000000").substring(0, 9)));
                time = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3))).atTime(clock);
            } catch (DateTimeException invalid) {
                return Optional.empty();
            }
        } else {
            return Optional.empty();
        }
        return Optional.of(new SqlValue(dateOnly ? time.toLocalDate() : time));
    }

    private static LocalDateTime dateTime(Temporal temporal) {
        return temporal instanceof LocalDate date ? date.atStartOfDay() : (LocalDateTime) temporal;
    }

    /**
     * Orders a date or timestamp against another, a date as its midnight; in PostgreSQL also against a string,
     * which is read as the other side's type (an untyped literal takes the type of the other operand, <a
     * href="https://www.postgresql.org/docs/current/typeconv-oper.html">Operators</a>). Other pairs, such as MySQL's
     * date against a string or a number, are not compared.
     */
    private Optional<Integer> compareTemporal(SqlValue l, SqlValue r) {
        Optional<SqlValue> a = dialect == Dialect.POSTGRESQL && l.value() instanceof String
                ? asTemporal(l, r.value() instanceof LocalDate) : Optional.of(l);
        Optional<SqlValue> b = dialect == Dialect.POSTGRESQL && r.value() instanceof String
                ? asTemporal(r, l.value() instanceof LocalDate) : Optional.of(r);
        if (a.isEmpty() || b.isEmpty() || !(a.get().value() instanceof Temporal x)
                || !(b.get().value() instanceof Temporal y)) {
            return Optional.empty();
        }
        return Optional.of(dateTime(x).compareTo(dateTime(y)));
    }

    /** Whether a sum or difference has an interval or a constant date or timestamp on a side. */
    private boolean isTemporalArithmetic(BinaryExpression e) {
        return unparenthesized(e.getLeftExpression()) instanceof IntervalExpression
                || unparenthesized(e.getRightExpression()) instanceof IntervalExpression
                || fold(e.getLeftExpression()).map(v -> v.value() instanceof Temporal).orElse(false)
                || fold(e.getRightExpression()).map(v -> v.value() instanceof Temporal).orElse(false);
    }

    /**
     * Date arithmetic on constants: a date or timestamp plus or minus an interval of one integer amount of one unit
     * (months and years end at the month's last day, as on both servers; PostgreSQL <a
     * href="https://www.postgresql.org/docs/current/functions-datetime.html">Date/Time Functions and Operators</a>,
     * MySQL <a href="https://dev.mysql.com/doc/refman/8.4/en/expressions.html#temporal-intervals">Temporal
     * Intervals</a>); in PostgreSQL also a date plus or minus whole days and the days between two dates. Anything
     * else, such as MySQL's {@code DATE '2020-01-01' + 1} (the number 20200102), is not folded.
     */
    private Optional<SqlValue> temporalArithmetic(BinaryExpression e) {
        boolean add = e instanceof Addition;
        Expression left = unparenthesized(e.getLeftExpression());
        Expression right = unparenthesized(e.getRightExpression());
        if (add && left instanceof IntervalExpression) {
            Expression swap = left;
            left = right;
            right = swap;
        }
        Optional<SqlValue> base = fold(left);
        if (right instanceof IntervalExpression interval) {
            Optional<Interval> amount = Interval.of(interval);
            if (base.isEmpty() || amount.isEmpty() || !(base.get().isNull() || base.get().value() instanceof Temporal)) {
                return Optional.empty();
            }
            return Optional.of(base.get().isNull() ? base.get() : new SqlValue(dateTime((Temporal) base.get().value())
                    .plus(add ? amount.get().amount() : -amount.get().amount(), amount.get().unit())));
        }
        Optional<SqlValue> other = fold(right);
        if (dialect != Dialect.POSTGRESQL || base.isEmpty() || other.isEmpty()) {
            return Optional.empty();
        }
        if (add && other.get().value() instanceof LocalDate) {
            Optional<SqlValue> swap = base;
            base = other;
            other = swap;
        }
        if (base.get().value() instanceof LocalDate date && other.get().value() instanceof BigDecimal days
                && days.stripTrailingZeros().scale() <= 0 && days.abs().compareTo(BigDecimal.valueOf(1_000_000)) < 0) {
            return Optional.of(new SqlValue(date.plusDays(add ? days.longValue() : -days.longValue())));
        }
        if (!add && base.get().value() instanceof LocalDate date && other.get().value() instanceof LocalDate since) {
            return Optional.of(new SqlValue(BigDecimal.valueOf(ChronoUnit.DAYS.between(since, date))));
        }
        return Optional.empty();
    }

    /** An interval of one integer amount of one unit, as {@code INTERVAL '3 days'} or {@code INTERVAL 3 DAY}. */
    private record Interval(long amount, ChronoUnit unit) {
        private static final Map<String, ChronoUnit> UNITS = Map.of("year", ChronoUnit.YEARS, "month",
                ChronoUnit.MONTHS, "mon", ChronoUnit.MONTHS, "week", ChronoUnit.WEEKS, "day", ChronoUnit.DAYS, "hour",
                ChronoUnit.HOURS, "minute", ChronoUnit.MINUTES, "min", ChronoUnit.MINUTES, "second",
                ChronoUnit.SECONDS, "sec", ChronoUnit.SECONDS);

        /** The interval an expression spells, or empty for several units, fractions, compound units or others. */
        static Optional<Interval> of(IntervalExpression interval) {
            String qualifier = interval.getIntervalQualifier() != null
                    ? interval.getIntervalQualifier().getTrailingField() == null
                            ? interval.getIntervalQualifier().getLeadingField() : "?"
                    : interval.getIntervalType();
            String parameter = interval.getParameter();
            if (parameter == null) {
                return Optional.empty();
            }
            String text = parameter.strip();
            if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
                text = text.substring(1, text.length() - 1).strip();
            }
            Matcher m = INTERVAL.matcher(text.toLowerCase(Locale.ROOT));
            if (!m.matches() || (m.group(2) == null) == (qualifier == null)) {
                return Optional.empty();
            }
            String unit = (m.group(2) != null ? m.group(2) : qualifier).toLowerCase(Locale.ROOT);
            ChronoUnit chrono = UNITS.get(unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit);
            return chrono == null ? Optional.empty() : Optional.of(new Interval(Long.parseLong(m.group(1)), chrono));
        }
    }

    /** NOT of a truth value: NULL stays NULL. */
    private static SqlValue negated(SqlValue truth) {
        return truth.isNull() ? truth : SqlValue.of(!(Boolean) truth.value());
    }

    /** A value as a boolean (TRUE, FALSE or NULL), or empty when the dialect cannot convert it. */
    private Optional<SqlValue> asBoolean(SqlValue value) {
        Object v = value.value();
        if (v == null || v instanceof Boolean) {
            return Optional.of(value);
        }
        if (v instanceof BigDecimal number) {
            return Optional.of(SqlValue.of(number.signum() != 0));
        }
        if (v instanceof Temporal) {
            return Optional.empty();
        }
        String s = ((String) v).strip().toLowerCase(Locale.ROOT);
        if (dialect == Dialect.MYSQL) {
            return asNumber(value).map(n -> SqlValue.of(((BigDecimal) n.value()).signum() != 0));
        }
        if (s.equals("1") || s.equals("on") || (!s.isEmpty() && ("true".startsWith(s) || "yes".startsWith(s)))) {
            return Optional.of(SqlValue.TRUE);
        }
        if (s.equals("0") || s.equals("off") || (!s.isEmpty() && ("false".startsWith(s) || "no".startsWith(s)))) {
            return Optional.of(SqlValue.FALSE);
        }
        return Optional.empty();
    }

    /** A value as a number (or NULL), or empty when the dialect cannot convert it. */
    private Optional<SqlValue> asNumber(SqlValue value) {
        Object v = value.value();
        if (v == null || v instanceof BigDecimal) {
            return Optional.of(value);
        }
        if (v instanceof Boolean b) {
            return Optional.of(new SqlValue(b ? BigDecimal.ONE : BigDecimal.ZERO));
        }
        if (v instanceof Temporal) {
            return Optional.empty();
        }
        String s = (String) v;
        Matcher prefix = NUMERIC_PREFIX.matcher(s);
        if (dialect == Dialect.MYSQL) {
            return Optional.of(new SqlValue(prefix.find() ? new BigDecimal(prefix.group().strip()) : BigDecimal.ZERO));
        }
        return prefix.find() && prefix.end() == s.stripTrailing().length()
                ? Optional.of(new SqlValue(new BigDecimal(prefix.group().strip())))
                : Optional.empty();
    }

    /** Whether both expressions are the same column, ignoring quotes and letter case. */
    private static boolean sameColumn(Expression left, Expression right) {
        Expression l = unparenthesized(left);
        Expression r = unparenthesized(right);
        return l instanceof Column a && r instanceof Column b && normalized(a).equals(normalized(b));
    }

    private static String normalized(Column column) {
        return column.getFullyQualifiedName().replace("\"", "").replace("`", "").toLowerCase(Locale.ROOT);
    }
}
