package io.jdbcguard.rules.semantics;

import io.jdbcguard.rules.Dialect;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Whether the conditions of a DELETE, UPDATE or MERGE certainly do not restrict the rows of its target table
 * (issue #13, "scope is an effect"). Three answers: restricted, certainly unrestricted (a finding of
 * {@code delete-without-where} or {@code update-without-where}), or undecidable without the schema or the data, which
 * the guard leaves to the driver's row-limit check.
 *
 * <p>The conditions are cut into top-level AND-conjuncts (WHERE, and the ON of joins). A conjunct restricts a
 * relation (the target, a joined table, a FROM or USING item) when it compares a column of that relation, and of no
 * other, with a value that does not depend on the row (a literal, parameter, function of constants, scalar
 * subquery): {@code =}, {@code <>}, {@code <}, {@code >}, {@code LIKE}, {@code BETWEEN}, {@code IN} a list,
 * {@code IS [NOT] NULL}; when it compares two different columns of the relation; when it is {@code IN} a subquery
 * that is not a whole table; a PostgreSQL boolean column as a conjunct; a constantly false or NULL conjunct; or an
 * OR of conjuncts that restrict the same relation. A conjunct {@code a.x = b.y} pairs two relations: the target is
 * restricted when it is restricted itself or paired, at any distance, with a restricted relation ({@code USING u
 * WHERE t.k = u.id AND u.name = 'x'}). A FROM or USING item that is not a table (a subquery, {@code VALUES}, a
 * function) counts as restricted.
 *
 * <p>Certainly restricts nothing of the target: a conjunct that is always true; a column compared with itself
 * however qualified ({@code t.id = id}); a parameter as a conjunct ({@code WHERE ?}); in MySQL a bare column or
 * arithmetic on columns, which MySQL reads as a truth value (<a
 * href="https://dev.mysql.com/doc/refman/8.4/en/where-optimization.html">true for every non-zero value</a>);
 * {@code [NOT] EXISTS} of a subquery that does not refer to the outer statement (all of its columns qualified with
 * its own tables); {@code IN} a whole table ({@code IN (SELECT id FROM accounts)}, no WHERE, join, grouping or
 * limit); conditions on other relations only; and pairings with relations that nothing restricts
 * ({@code DELETE FROM t USING u WHERE t.k = u.id}). The target is certainly unrestricted when every conjunct is of
 * these kinds and no pairing leads to a restricted relation.
 *
 * <p>Undecidable, so neither: an unqualified column when the statement has several relations (which one it belongs
 * to depends on the schema), a correlated subquery, {@code NOT IN} a subquery, functions and CASE as conjuncts, and
 * MySQL comparisons that depend on column types ({@code name = 0} is true for every name that does not start with a
 * digit when {@code name} is a string column, a real restriction when it is a number).
 */
public final class TargetScope {
    /** What one conjunct does, for one relation or none. */
    private record Verdict(Kind kind, FromItem relation, FromItem other, String reason) {
        enum Kind { RESTRICTS, PAIRS, NOTHING, UNKNOWN }

        static final Verdict UNKNOWN = new Verdict(Kind.UNKNOWN, null, null, null);

        static Verdict restricts(FromItem relation) {
            return relation == null ? UNKNOWN : new Verdict(Kind.RESTRICTS, relation, null, null);
        }

        static Verdict nothing(String reason) {
            return new Verdict(Kind.NOTHING, null, null, reason);
        }
    }

    private final ConstantFolder folder;
    private final Dialect dialect;

    /**
     * @param folder the constant folder of the statement's dialect
     * @param dialect the statement's dialect
     */
    public TargetScope(ConstantFolder folder, Dialect dialect) {
        this.folder = folder;
        this.dialect = dialect;
    }

    /**
     * @param condition a condition
     * @return true when it is true for every row ({@link ConstantFolder#isAlwaysTrue})
     */
    boolean isAlwaysTrue(Expression condition) {
        return folder.isAlwaysTrue(condition);
    }

    /**
     * @param target the target table, one of {@code relations}
     * @param relations every relation of the statement ({@link WherePredicates#relations})
     * @param conditions the WHERE and join conditions; null elements are skipped
     * @return why the conditions certainly restrict no row of the target; empty when they restrict it or the guard
     *     cannot tell
     */
    public Optional<String> unrestricted(Table target, List<FromItem> relations, List<Expression> conditions) {
        Set<FromItem> restricted = new HashSet<>();
        relations.stream().filter(item -> !(item instanceof Table)).forEach(restricted::add);
        List<Verdict> pairs = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (Expression condition : conditions) {
            for (Expression conjunct : WherePredicates.conjuncts(condition)) {
                Verdict verdict = verdict(conjunct, relations);
                switch (verdict.kind()) {
                    case UNKNOWN -> {
                        return Optional.empty();
                    }
                    case RESTRICTS -> {
                        restricted.add(verdict.relation());
                        if (verdict.relation() != target) {
                            reasons.add(conjunct + " is about " + name(verdict.relation()) + " only");
                        }
                    }
                    case PAIRS -> pairs.add(verdict);
                    default -> reasons.add(verdict.reason());
                }
            }
        }
        boolean grown = true;
        while (grown) {
            grown = false;
            for (Verdict pair : pairs) {
                if (restricted.contains(pair.relation()) != restricted.contains(pair.other())) {
                    restricted.add(pair.relation());
                    restricted.add(pair.other());
                    grown = true;
                }
            }
        }
        if (restricted.contains(target)) {
            return Optional.empty();
        }
        pairs.stream().filter(pair -> pair.relation() == target || pair.other() == target)
                .forEach(pair -> reasons.add(pair.reason()));
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    }

    private Verdict verdict(Expression conjunct, List<FromItem> relations) {
        if (folder.isConstant(conjunct)) {
            return folder.isAlwaysTrue(conjunct) ? Verdict.nothing(conjunct + " is always true")
                    : Verdict.restricts(relations.get(0));
        }
        if (conjunct instanceof JdbcParameter || conjunct instanceof JdbcNamedParameter) {
            return Verdict.nothing("a parameter as a condition is true for every row or for none");
        }
        if (conjunct instanceof Column column) {
            return dialect == Dialect.MYSQL
                    ? Verdict.nothing("MySQL reads the column " + column + " as a truth value")
                    : Verdict.restricts(WherePredicates.owner(column, relations));
        }
        if (conjunct instanceof ExistsExpression exists) {
            return exists(conjunct, exists.getRightExpression());
        }
        if (conjunct instanceof NotExpression not
                && WherePredicates.unparenthesized(not.getExpression()) instanceof ExistsExpression exists) {
            return exists(conjunct, exists.getRightExpression());
        }
        if (conjunct instanceof OrExpression or) {
            Verdict left = verdict(WherePredicates.unparenthesized(or.getLeftExpression()), relations);
            Verdict right = verdict(WherePredicates.unparenthesized(or.getRightExpression()), relations);
            return left.kind() == Verdict.Kind.RESTRICTS && right.kind() == Verdict.Kind.RESTRICTS
                    && left.relation() == right.relation() ? left : Verdict.UNKNOWN;
        }
        if (conjunct instanceof InExpression in && in.getRightExpression() instanceof ParenthesedSelect select) {
            return in.isNot() || !(WherePredicates.unparenthesized(in.getLeftExpression()) instanceof Column column)
                    ? Verdict.UNKNOWN
                    : isWholeTable(select) ? Verdict.nothing(conjunct + " compares with the whole of a table")
                    : Verdict.restricts(WherePredicates.owner(column, relations));
        }
        if (dialect == Dialect.MYSQL && isArithmeticOnColumns(conjunct)) {
            return Verdict.nothing("MySQL reads " + conjunct + " as a truth value");
        }
        List<Expression> sides = sides(conjunct);
        return sides.isEmpty() ? Verdict.UNKNOWN : comparison(conjunct, sides, relations);
    }

    /** The compared sides of a comparison-like conjunct, left first; empty for any other expression. */
    private static List<Expression> sides(Expression conjunct) {
        if (conjunct instanceof ComparisonOperator c) {
            return List.of(c.getLeftExpression(), c.getRightExpression());
        } else if (conjunct instanceof Between b) {
            return List.of(b.getLeftExpression(), b.getBetweenExpressionStart(), b.getBetweenExpressionEnd());
        } else if (conjunct instanceof InExpression in) {
            return List.of(in.getLeftExpression(), in.getRightExpression());
        } else if (conjunct instanceof LikeExpression like) {
            return List.of(like.getLeftExpression(), like.getRightExpression());
        } else if (conjunct instanceof IsNullExpression isNull) {
            return List.of(isNull.getLeftExpression());
        }
        return List.of();
    }

    private Verdict comparison(Expression conjunct, List<Expression> sides, List<FromItem> relations) {
        Set<FromItem> owners = new HashSet<>();
        List<Column> columns = new ArrayList<>();
        for (Expression side : sides) {
            List<Column> sideColumns = columns(side);
            for (Column column : sideColumns) {
                FromItem owner = WherePredicates.owner(column, relations);
                if (owner == null) {
                    return Verdict.UNKNOWN;
                }
                owners.add(owner);
            }
            columns.addAll(sideColumns);
        }
        if (owners.size() == 1 && sides.size() == 2 && columns.size() == 2
                && WherePredicates.unparenthesized(sides.get(0)) instanceof Column a
                && WherePredicates.unparenthesized(sides.get(1)) instanceof Column b
                && unquoted(a.getColumnName()).equals(unquoted(b.getColumnName()))) {
            boolean reflexive = conjunct instanceof EqualsTo || conjunct instanceof GreaterThanEquals
                    || conjunct instanceof MinorThanEquals;
            return reflexive ? Verdict.nothing(conjunct + " compares a column with itself")
                    : Verdict.restricts(owners.iterator().next());
        }
        if (owners.size() == 1) {
            return Verdict.restricts(owners.iterator().next());
        }
        if (owners.size() == 2 && conjunct instanceof EqualsTo && columns.size() == 2) {
            List<FromItem> pair = columns.stream().map(c -> WherePredicates.owner(c, relations)).toList();
            return new Verdict(Verdict.Kind.PAIRS, pair.get(0), pair.get(1), conjunct + " only pairs rows of "
                    + name(pair.get(0)) + " with " + name(pair.get(1)) + ", which nothing restricts");
        }
        return Verdict.UNKNOWN;
    }

    /** {@code [NOT] EXISTS (subquery)}: restricts nothing when the subquery does not refer to the outer statement. */
    private static Verdict exists(Expression conjunct, Expression subquery) {
        if (!(subquery instanceof ParenthesedSelect select) || !(select.getSelect() instanceof PlainSelect plain)
                || plain.getFromItem() == null) {
            return Verdict.UNKNOWN;
        }
        List<FromItem> inner = WherePredicates.relations(plain.getFromItem() instanceof Table table ? table : null,
                List.of(plain.getJoins() == null ? List.of() : plain.getJoins()), null);
        if (inner.contains(null) || inner.stream().anyMatch(item -> !(item instanceof Table))) {
            return Verdict.UNKNOWN;
        }
        List<Expression> conditions = new ArrayList<>(WherePredicates.joinConditions(List.of(
                plain.getJoins() == null ? List.of() : plain.getJoins())));
        if (plain.getWhere() != null) {
            conditions.add(plain.getWhere());
        }
        for (Expression condition : conditions) {
            if (columns(condition).stream().anyMatch(c -> c.getTable() == null
                    || c.getTable().getName() == null || WherePredicates.owner(c, inner) == null)) {
                return Verdict.UNKNOWN;
            }
        }
        return Verdict.nothing(conjunct + " does not depend on the row");
    }

    /** A subquery that returns a column of every row of one table. */
    private static boolean isWholeTable(ParenthesedSelect select) {
        return select.getSelect() instanceof PlainSelect plain && plain.getFromItem() instanceof Table
                && plain.getWhere() == null && (plain.getJoins() == null || plain.getJoins().isEmpty())
                && plain.getGroupBy() == null && plain.getHaving() == null && plain.getLimit() == null
                && plain.getOffset() == null && plain.getFetch() == null && plain.getWithItemsList() == null;
    }

    /** Whether an expression is arithmetic on at least one column. */
    private static boolean isArithmeticOnColumns(Expression expression) {
        return (expression instanceof Addition || expression instanceof Subtraction
                || expression instanceof Multiplication || expression instanceof Division
                || expression instanceof Modulo) && !columns(expression).isEmpty();
    }

    /** The columns of an expression outside subqueries (a subquery is one value and adds none). */
    private static List<Column> columns(Expression expression) {
        List<Column> columns = new ArrayList<>();
        expression.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(Column column, S context) {
                columns.add(column);
                return null;
            }

            @Override
            public <S> Void visit(Select select, S context) {
                return null;
            }
        }, null);
        return columns;
    }

    private static String name(FromItem relation) {
        return relation instanceof Table table ? table.getFullyQualifiedName()
                : relation.getAlias() != null ? relation.getAlias().getName() : "a subquery";
    }

    private static String unquoted(String name) {
        return name.replace("\"", "").replace("`", "").toLowerCase(Locale.ROOT);
    }
}
