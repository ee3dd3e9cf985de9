package io.jdbcguard.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.DateValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeValue;
import net.sf.jsqlparser.expression.TimestampValue;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;

/**
 * The pieces of a WHERE clause that say which rows of a statement's target table it restricts: its top-level
 * AND-conjuncts, the values a column can be compared with, and which table a column belongs to.
 */
final class WherePredicates {
    private WherePredicates() {
    }

    /**
     * @param where a WHERE or ON condition; null for none
     * @return its top-level AND-conjuncts without enclosing parentheses, in order; empty for null
     */
    static List<Expression> conjuncts(Expression where) {
        List<Expression> out = new ArrayList<>();
        List<Expression> pending = new ArrayList<>();
        if (where != null) {
            pending.add(where);
        }
        while (!pending.isEmpty()) {
            Expression e = unparenthesized(pending.remove(pending.size() - 1));
            if (e instanceof AndExpression and) {
                pending.add(and.getRightExpression());
                pending.add(and.getLeftExpression());
            } else {
                out.add(e);
            }
        }
        return out;
    }

    /** The expression inside any number of single-element parentheses. */
    static Expression unparenthesized(Expression expression) {
        Expression e = expression;
        while (e instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
            e = list.get(0);
        }
        return e;
    }

    /**
     * Whether an expression is one value for the whole statement: a literal (also signed, cast or typed, such as
     * {@code -5}, {@code 'a'::uuid}, {@code DATE '2024-01-01'}), a parameter ({@code ?}, {@code $1},
     * {@code :name}) or a MySQL user variable ({@code @id}). NULL is not: nothing equals it.
     *
     * @param expression an expression
     * @return true for a literal or parameter
     */
    static boolean isLiteralOrParameter(Expression expression) {
        Expression e = unparenthesized(expression);
        if (e instanceof SignedExpression signed) {
            return isLiteralOrParameter(signed.getExpression());
        }
        if (e instanceof CastExpression cast) {
            return isLiteralOrParameter(cast.getLeftExpression());
        }
        return e instanceof LongValue || e instanceof DoubleValue || e instanceof StringValue
                || e instanceof BooleanValue || e instanceof HexValue || e instanceof DateValue
                || e instanceof TimeValue || e instanceof TimestampValue || e instanceof DateTimeLiteralExpression
                || e instanceof JdbcParameter || e instanceof JdbcNamedParameter || e instanceof UserVariable;
    }

    /**
     * Whether a column belongs to a table of the statement: it is unqualified (the server resolves it to the only
     * table that has it; the guard, without the schema, takes it for the target), or its qualifier names the table
     * or its alias. Compared without quotes and case-insensitively.
     *
     * @param column a column of the statement
     * @param table a table of the statement, with its alias if any
     * @return true when the column is the table's
     */
    static boolean belongsTo(Column column, Table table) {
        Table qualifier = column.getTable();
        if (qualifier == null || qualifier.getName() == null) {
            return true;
        }
        String name = unquoted(qualifier.getName());
        return table.getAlias() != null ? name.equals(unquoted(table.getAlias().getName()))
                : name.equals(unquoted(table.getName()))
                        && (qualifier.getSchemaName() == null || table.getSchemaName() == null
                                || unquoted(qualifier.getSchemaName()).equals(unquoted(table.getSchemaName())));
    }

    private static String unquoted(String name) {
        return name.replace("\"", "").replace("`", "").toLowerCase(Locale.ROOT);
    }
}
