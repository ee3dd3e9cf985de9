package io.jdbcguard.rules;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
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

/**
 * Evaluates an expression when its value does not depend on the row: constant folding with SQL's three-valued logic.
 *
 * <p>It folds literals ({@code NULL}, {@code TRUE}, numbers, strings), parentheses, {@code AND}, {@code OR},
 * {@code XOR}, {@code NOT}, comparisons, {@code IN} lists, {@code BETWEEN}, {@code LIKE}, {@code IS [NOT] NULL},
 * {@code IS [NOT] TRUE/FALSE}, {@code IS [NOT] DISTINCT FROM}, MySQL {@code <=>}, {@code EXISTS} of a query
 * without FROM ({@code EXISTS (SELECT 1)}), arithmetic, casts to boolean,
 * number and text, and {@code COALESCE}/{@code IFNULL}/{@code NVL}. Conversions follow the dialect: MySQL reads a
 * string as the number its numeric prefix spells ({@code '1a'} is 1) and compares strings case-insensitively
 * (<a href="https://dev.mysql.com/doc/refman/8.4/en/type-conversion.html">Type Conversion in Expression
 * Evaluation</a>); PostgreSQL reads {@code 't'}, {@code 'yes'}, {@code 'on'}, {@code '1'} and their unique
 * prefixes as booleans (<a href="https://www.postgresql.org/docs/current/datatype-boolean.html">Boolean Type</a>).
 *
 * <p>A column compared with itself ({@code x = x}, {@code t.x >= t.x}, {@code x <=> x}) counts as true, and so do
 * {@code x IS NULL OR x IS NOT NULL} and {@code x LIKE '%'}: strictly they are NULL for a NULL {@code x}, but written in a WHERE clause they are
 * accidents that match (nearly) every row.
 */
final class ConstantFolder {
    private static final Set<String> COALESCING_FUNCTIONS = Set.of("COALESCE", "IFNULL", "NVL");
    private static final Set<String> NUMBER_TYPES = Set.of("INT", "INTEGER", "BIGINT", "SMALLINT", "SIGNED",
            "UNSIGNED", "NUMERIC", "DECIMAL", "REAL", "FLOAT", "DOUBLE", "INT2", "INT4", "INT8", "FLOAT4", "FLOAT8");
    private static final Set<String> TEXT_TYPES = Set.of("TEXT", "CHAR", "VARCHAR", "CHARACTER", "STRING");
    private static final Pattern NUMERIC_PREFIX = Pattern.compile("^\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private static final int MAX_SCALE = 1000;

    private final Dialect dialect;

    /** @param dialect whose conversion and comparison rules to apply */
    ConstantFolder(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * @param condition a WHERE or ON condition
     * @return true when the condition is true for every row
     */
    boolean isAlwaysTrue(Expression condition) {
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

    /** The constant value of an expression, or empty when it depends on the row or cannot be folded. */
    private Optional<SqlValue> fold(Expression expression) {
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
            return condition(n.getExpression()).map(v -> v.isNull() ? v : SqlValue.of(!(Boolean) v.value()));
        } else if (e instanceof AndExpression || e instanceof OrExpression || e instanceof XorExpression) {
            return logical((BinaryExpression) e);
        } else if (e instanceof CosineSimilarity c && dialect == Dialect.MYSQL) {
            return nullSafeEquality(c.getLeftExpression(), c.getRightExpression(), true);
        } else if (e instanceof ComparisonOperator c) {
            return comparison(c);
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
        } else if (e instanceof Addition || e instanceof Subtraction || e instanceof Multiplication
                || e instanceof Division || e instanceof Modulo) {
            return arithmetic((BinaryExpression) e);
        } else if (e instanceof CastExpression cast) {
            return cast(cast);
        } else if (e instanceof Function f && f.getName() != null
                && COALESCING_FUNCTIONS.contains(f.getName().toUpperCase(Locale.ROOT))) {
            return coalesce(f);
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

    private Optional<SqlValue> comparison(ComparisonOperator c) {
        if (sameColumn(c.getLeftExpression(), c.getRightExpression())) {
            boolean reflexive = c instanceof EqualsTo || c instanceof GreaterThanEquals || c instanceof MinorThanEquals;
            return Optional.of(SqlValue.of(reflexive));
        }
        Optional<Integer> order = compare(c.getLeftExpression(), c.getRightExpression());
        if (order.isEmpty()) {
            return nullIfEitherNull(c.getLeftExpression(), c.getRightExpression());
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

    /** The order of two constant, non-NULL values, or empty when either is not constant, is NULL or cannot convert. */
    private Optional<Integer> compare(Expression left, Expression right) {
        Optional<SqlValue> l = fold(left);
        Optional<SqlValue> r = fold(right);
        if (l.isEmpty() || r.isEmpty() || l.get().isNull() || r.get().isNull()) {
            return Optional.empty();
        }
        return compareValues(l.get(), r.get());
    }

    private Optional<Integer> compareValues(SqlValue l, SqlValue r) {
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

    private Optional<SqlValue> in(InExpression in) {
        if (!(in.getRightExpression() instanceof ExpressionList<?> list)) {
            return Optional.empty();
        }
        boolean unknown = false;
        boolean sawNull = false;
        for (Expression item : list) {
            Optional<SqlValue> equal = sameColumn(in.getLeftExpression(), item) ? Optional.of(SqlValue.TRUE)
                    : compare(in.getLeftExpression(), item).map(o -> SqlValue.of(o == 0))
                            .or(() -> nullIfEitherNull(in.getLeftExpression(), item));
            if (equal.isEmpty()) {
                unknown = true;
            } else if (equal.get().equals(SqlValue.TRUE)) {
                return Optional.of(SqlValue.of(!in.isNot()));
            } else if (equal.get().isNull()) {
                sawNull = true;
            }
        }
        if (unknown) {
            return Optional.empty();
        }
        return Optional.of(sawNull ? SqlValue.NULL : SqlValue.of(in.isNot()));
    }

    /**
     * {@code EXISTS (SELECT ...)} of a query without FROM, HAVING or row limits: it returns one row when its WHERE is
     * absent or true and none when its WHERE is false or NULL.
     */
    private Optional<SqlValue> exists(ExistsExpression exists) {
        Expression query = unparenthesized(exists.getRightExpression());
        Select select = query instanceof ParenthesedSelect parenthesed ? parenthesed.getSelect() : null;
        if (!(select instanceof PlainSelect plain) || plain.getFromItem() != null || plain.getHaving() != null
                || plain.getLimit() != null || plain.getOffset() != null || plain.getFetch() != null) {
            return Optional.empty();
        }
        Optional<SqlValue> rows = plain.getWhere() == null ? Optional.of(SqlValue.TRUE) : condition(plain.getWhere());
        return rows.map(where -> SqlValue.of(where.equals(SqlValue.TRUE) != exists.isNot()));
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
            return value.map(v -> v.isNull() || v.value() instanceof String ? v : new SqlValue(text(v)));
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

    /** A value as a boolean (TRUE, FALSE or NULL), or empty when the dialect cannot convert it. */
    private Optional<SqlValue> asBoolean(SqlValue value) {
        Object v = value.value();
        if (v == null || v instanceof Boolean) {
            return Optional.of(value);
        }
        if (v instanceof BigDecimal number) {
            return Optional.of(SqlValue.of(number.signum() != 0));
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
