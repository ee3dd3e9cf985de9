package io.jdbcguard.rules.semantics;

import io.jdbcguard.rules.lexing.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.insert.ConflictActionType;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertConflictAction;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Upserts whose rows come from a query (issue #13, "upserts over a SELECT"): PostgreSQL {@code INSERT INTO t SELECT
 * ... ON CONFLICT ... DO UPDATE} (<a href="https://www.postgresql.org/docs/current/sql-insert.html#SQL-ON-CONFLICT">ON
 * CONFLICT Clause</a>), MySQL {@code INSERT INTO t SELECT ... ON DUPLICATE KEY UPDATE} (<a
 * href="https://dev.mysql.com/doc/refman/8.4/en/insert-on-duplicate.html">INSERT ... ON DUPLICATE KEY UPDATE</a>) and
 * {@code REPLACE INTO t SELECT ...} (<a href="https://dev.mysql.com/doc/refman/8.4/en/replace.html">REPLACE</a>).
 * Each row the query returns that conflicts with an existing row of {@code t} rewrites that row, so such an upsert is
 * like a MERGE whose source is the query: unscoped when the query certainly does not restrict the rows of the table
 * it reads ({@link TargetScope}, the first table of its FROM standing for the target), for example
 * {@code SELECT * FROM t} or {@code SELECT ... FROM other} without WHERE.
 *
 * <p>Scoped, so not reported: a query with a WHERE that restricts its first table or may, a {@code DO UPDATE ...
 * WHERE} that is not always true, a query with {@code GROUP BY}, {@code HAVING}, an aggregate, row limits or
 * {@code WITH} (also the INSERT's own, whose names the query may read), a query that reads no table or reads a
 * subquery or {@code DUAL} (a table of that name in PostgreSQL, so not reported there either), set operations, and
 * {@code VALUES} (one row per tuple). {@code ON CONFLICT DO NOTHING} and a plain {@code INSERT ... SELECT} only add rows.
 *
 * <p>The guard does not parse an INSERT that only adds rows ({@link HarmlessStatements}); {@link #readsQuery} tells
 * from the tokens which upserts must be parsed for this check.
 */
public final class UpsertSources {
    /** Aggregate functions: a query with one in its select list returns one row without GROUP BY. */
    private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "MIN", "MAX", "AVG", "ARRAY_AGG",
            "STRING_AGG", "GROUP_CONCAT", "JSON_AGG", "JSONB_AGG", "JSON_OBJECT_AGG", "JSONB_OBJECT_AGG",
            "JSON_ARRAYAGG", "JSON_OBJECTAGG", "BOOL_AND", "BOOL_OR", "EVERY", "BIT_AND", "BIT_OR", "BIT_XOR",
            "STDDEV", "STDDEV_POP", "STDDEV_SAMP", "VARIANCE", "VAR_POP", "VAR_SAMP", "XMLAGG", "ANY_VALUE");
    private static final Set<String> SOURCE_WORDS = Set.of("SELECT", "WITH", "TABLE", "VALUES", "VALUE", "SET",
            "DEFAULT");

    private UpsertSources() {
    }

    /**
     * Whether the rows of an {@code INSERT} or {@code REPLACE} come from a query: the first of {@code SELECT},
     * {@code WITH}, {@code TABLE}, {@code VALUES}, {@code SET} or {@code DEFAULT VALUES} outside parentheses (or
     * right after an opening one, {@code INSERT INTO t (SELECT ...)}) is one of the first three.
     *
     * @param tokens the tokens of a statement that starts with INSERT or REPLACE
     * @return true when the statement inserts the rows of a query
     */
    static boolean readsQuery(List<Token> tokens) {
        int depth = tokens.get(0).depth();
        for (int i = 1; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            boolean opened = token.depth() == depth + 1 && tokens.get(i - 1).isSymbol('(')
                    && tokens.get(i - 1).depth() == depth;
            if ((token.depth() == depth || opened) && token.kind() == Token.Kind.WORD
                    && SOURCE_WORDS.contains(token.value())) {
                return token.isWord("SELECT") || token.isWord("WITH") || token.isWord("TABLE");
            }
        }
        return false;
    }

    /**
     * @param insert a parsed INSERT
     * @param scope the scope analysis of the statement's dialect
     * @return why the INSERT's {@code ON CONFLICT DO UPDATE} or {@code ON DUPLICATE KEY UPDATE} rewrites rows of
     *     its table that its query does not restrict; empty for other INSERTs
     */
    public static Optional<String> unscoped(Insert insert, TargetScope scope) {
        InsertConflictAction conflict = insert.getConflictAction();
        boolean doUpdate = conflict != null && conflict.getConflictActionType() == ConflictActionType.DO_UPDATE
                && (conflict.getWhereExpression() == null || scope.isAlwaysTrue(conflict.getWhereExpression()));
        boolean duplicateUpdate = insert.getDuplicateUpdateSets() != null && !insert.getDuplicateUpdateSets().isEmpty();
        return (doUpdate || duplicateUpdate) && insert.getWithItemsList() == null
                ? unrestricted(insert.getSelect(), scope) : Optional.empty();
    }

    /**
     * @param replace a parsed MySQL {@code REPLACE}
     * @param scope the scope analysis of the statement's dialect
     * @return why the REPLACE rewrites rows of its table that its query does not restrict; empty when it has no
     *     query or the query restricts them
     */
    public static Optional<String> unscoped(Upsert replace, TargetScope scope) {
        return unrestricted(replace.getSelect(), scope);
    }

    /** Why a query certainly returns a row for every row of the first table it reads; empty when it may not. */
    private static Optional<String> unrestricted(Select query, TargetScope scope) {
        Select select = query;
        while (select instanceof ParenthesedSelect parenthesed && isUnlimited(parenthesed)) {
            select = parenthesed.getSelect();
        }
        if (!(select instanceof PlainSelect plain) || !isUnlimited(plain)
                || !(plain.getFromItem() instanceof Table source) || TableNames.isDual(source)
                || plain.getGroupBy() != null
                || plain.getHaving() != null || hasAggregate(plain.getSelectItems())) {
            return Optional.empty();
        }
        List<List<Join>> joins = plain.getJoins() == null ? List.of() : List.of(plain.getJoins());
        List<FromItem> relations = WherePredicates.relations(source, joins, null);
        List<Expression> conditions = new ArrayList<>(WherePredicates.joinConditions(joins));
        if (plain.getWhere() != null) {
            conditions.add(plain.getWhere());
        }
        String name = source.getFullyQualifiedName();
        if (conditions.isEmpty()) {
            return Optional.of("its query reads every row of " + name);
        }
        return scope.unrestricted(source, relations, conditions)
                .map(why -> "its query's conditions do not restrict rows of " + name + ": " + why);
    }

    private static boolean isUnlimited(Select select) {
        return select.getWithItemsList() == null && select.getLimit() == null && select.getOffset() == null
                && select.getFetch() == null;
    }

    private static boolean hasAggregate(List<SelectItem<?>> items) {
        boolean[] found = {false};
        ExpressionVisitorAdapter<Void> visitor = new ExpressionVisitorAdapter<>() {
            @Override
            public <S> Void visit(Function function, S context) {
                found[0] |= function.getName() != null
                        && AGGREGATES.contains(function.getName().toUpperCase(Locale.ROOT));
                return super.visit(function, context);
            }
        };
        items.forEach(item -> item.getExpression().accept(visitor, null));
        return found[0];
    }
}
