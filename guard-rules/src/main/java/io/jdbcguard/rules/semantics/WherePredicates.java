package io.jdbcguard.rules.semantics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
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
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.update.Update;

/**
 * The pieces of a DELETE or UPDATE that say which rows of its target table it restricts: its relations (target,
 * joined tables, {@code FROM}, {@code USING}), the top-level AND-conjuncts of its conditions, the values a column
 * can be compared with, and which relation a column belongs to.
 */
public final class WherePredicates {
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

    /**
     * What a DELETE or UPDATE reads and writes: its target first, then joined items and those of {@code FROM} or
     * {@code USING}.
     *
     * @param target the statement's target table
     * @param joinLists its joins (MySQL multi-table joins, PostgreSQL {@code FROM} joins); null lists are skipped
     * @param more further items ({@code FROM}, {@code USING}); null lists and elements are skipped
     * @return the relations, the target first
     */
    public static List<FromItem> relations(Table target, List<List<Join>> joinLists, List<? extends FromItem> more) {
        List<FromItem> relations = new ArrayList<>();
        relations.add(target);
        if (more != null) {
            more.stream().filter(Objects::nonNull).forEach(relations::add);
        }
        joinLists.stream().filter(Objects::nonNull).flatMap(List::stream).map(Join::getFromItem)
                .forEach(relations::add);
        return relations;
    }

    /**
     * @param update an UPDATE
     * @return its relations ({@link #relations}): the target, MySQL's joined tables, PostgreSQL's {@code FROM}
     */
    public static List<FromItem> relations(Update update) {
        return relations(update.getTable(), Arrays.asList(update.getStartJoins(), update.getJoins()),
                Collections.singletonList(update.getFromItem()));
    }

    /**
     * @param delete a DELETE
     * @return its relations ({@link #relations}): the target, MySQL's joined tables, PostgreSQL's {@code USING}
     */
    public static List<FromItem> relations(Delete delete) {
        return relations(delete.getTable(), Collections.singletonList(delete.getJoins()), delete.getUsingList());
    }

    /**
     * The tables a DELETE removes rows from: MySQL's multi-table targets ({@code DELETE a, b FROM ...}, named by
     * alias or name), otherwise its table.
     *
     * @param delete a DELETE
     * @param relations its relations ({@link #relations(Delete)})
     * @return the target tables, without duplicates
     */
    public static List<Table> targets(Delete delete, List<FromItem> relations) {
        if (delete.getTables() == null || delete.getTables().isEmpty()) {
            return List.of(delete.getTable());
        }
        return delete.getTables().stream().map(target -> owner(new Column(target, "*"), relations) instanceof Table
                table ? table : target).distinct().toList();
    }

    /**
     * @param joinLists a statement's join lists; null lists are skipped
     * @return the {@code ON} conditions of the joins
     */
    public static List<Expression> joinConditions(List<List<Join>> joinLists) {
        return joinLists.stream().filter(Objects::nonNull).flatMap(List::stream)
                .filter(join -> join.getOnExpressions() != null).flatMap(join -> join.getOnExpressions().stream())
                .toList();
    }

    /**
     * The relation a column belongs to: the one its qualifier names, or for an unqualified column the only
     * relation.
     *
     * @param column a column of the statement
     * @param relations the statement's relations ({@link #relations})
     * @return the relation, or null when the column is unqualified among several relations or names none of them
     */
    static FromItem owner(Column column, List<FromItem> relations) {
        if (column.getTable() == null || column.getTable().getName() == null) {
            return relations.size() == 1 ? relations.get(0) : null;
        }
        for (FromItem item : relations) {
            if (item instanceof Table table ? belongsTo(column, table) : item.getAlias() != null
                    && unquoted(item.getAlias().getName()).equals(unquoted(column.getTable().getName()))) {
                return item;
            }
        }
        return null;
    }

    private static String unquoted(String name) {
        return name.replace("\"", "").replace("`", "").toLowerCase(Locale.ROOT);
    }
}
