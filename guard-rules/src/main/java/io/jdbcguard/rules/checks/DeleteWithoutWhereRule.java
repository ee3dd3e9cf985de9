package io.jdbcguard.rules.checks;

import static io.jdbcguard.rules.RuleExample.mysql;
import static io.jdbcguard.rules.RuleExample.postgresql;

import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.RuleExample;
import io.jdbcguard.rules.RuleInfo;
import io.jdbcguard.rules.semantics.DataModifications;
import io.jdbcguard.rules.semantics.TableNames;
import io.jdbcguard.rules.semantics.UnscopedMerges;
import io.jdbcguard.rules.semantics.WherePredicates;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeDelete;
import net.sf.jsqlparser.statement.select.FromItem;

/**
 * Rule {@code delete-without-where}: a {@code DELETE} that is not restricted by a WHERE clause, so it removes every
 * row of its table.
 *
 * <p>Reports a DELETE without WHERE wherever it occurs: as the statement, in a data-modifying {@code WITH}
 * (PostgreSQL), under {@code EXPLAIN ANALYZE} (which runs it), in {@code PREPARE}; PostgreSQL
 * {@code DELETE FROM ONLY} and {@code DELETE ... USING} (<a
 * href="https://www.postgresql.org/docs/current/sql-delete.html">DELETE</a>); MySQL multi-table DELETE, where the
 * join condition pairs rows but does not restrict the target (<a
 * href="https://dev.mysql.com/doc/refman/8.4/en/delete.html">DELETE</a>); MySQL {@code DELETE ... LIMIT n} without
 * WHERE (it removes n arbitrary rows); and {@code MERGE} whose {@code ON} does not restrict the target with an
 * unconditional {@code WHEN MATCHED THEN DELETE}. A WHERE that is always true is reported by
 * {@code always-true-where}.
 *
 * <p>Also a DELETE whose WHERE certainly restricts no row of its target ({@link
 * io.jdbcguard.rules.semantics.TargetScope}, issue #13): conditions
 * only on other tables, join conditions pairing the target with tables nothing restricts ({@code USING u WHERE
 * t.k = u.id}, MySQL {@code DELETE t FROM t JOIN u ...}), an uncorrelated {@code [NOT] EXISTS}, {@code IN} a whole
 * table, a column compared with itself however qualified, {@code WHERE ?}, and in MySQL a bare column or arithmetic
 * read as a truth value ({@code WHERE id}). The reason says "the WHERE does not restrict rows of t: ...". What the
 * guard cannot decide without the schema (an unqualified column among several tables, {@code name = 0} in MySQL, a
 * correlated subquery) it leaves to the driver's row-limit check.
 *
 * <p>Allowed: a DELETE with a WHERE that restricts the target's rows or may, and plain {@code EXPLAIN DELETE}, which
 * does not run it.
 */
@RuleInfo(id = "delete-without-where",
        summary = "DELETE without a WHERE clause or with one that restricts no row of its table, also in CTEs, "
        + "EXPLAIN ANALYZE, PREPARE and MERGE")
public final class DeleteWithoutWhereRule extends AnnotatedRule implements StatementCheck {
    @Override
    public List<RuleExample> blocks() {
        return List.of(
                postgresql("DELETE FROM users", ""),
                postgresql("DELETE FROM ONLY users", ""),
                postgresql("WITH gone AS (DELETE FROM orders RETURNING id) SELECT count(*) FROM gone",
                        "a data-modifying CTE runs even under a SELECT"),
                postgresql("EXPLAIN ANALYZE DELETE FROM orders", "EXPLAIN ANALYZE runs the statement"),
                postgresql("PREPARE purge AS DELETE FROM orders", ""),
                postgresql("MERGE INTO users u USING orders o ON 1 = 1 WHEN MATCHED THEN DELETE",
                        "every user matches"),
                mysql("DELETE FROM users LIMIT 100", "LIMIT removes 100 arbitrary rows"),
                mysql("DELETE u FROM users u JOIN orders o ON u.id = o.user_id",
                        "a join condition does not scope a DELETE"),
                mysql("PREPARE s FROM 'DELETE FROM users'", "the prepared text is checked"),
                postgresql("DELETE FROM orders USING users u WHERE orders.user_id = u.id",
                        "the join only pairs orders with users, which nothing restricts"),
                postgresql("DELETE FROM orders WHERE user_id IN (SELECT id FROM users)", "a whole table"),
                postgresql("DELETE FROM orders WHERE EXISTS (SELECT 1 FROM users u WHERE u.name = 'x')",
                        "uncorrelated: true for every row or for none"),
                postgresql("DELETE FROM orders WHERE orders.id = id", "a column compared with itself"),
                postgresql("DELETE FROM orders WHERE ?", "a parameter as the whole condition"),
                mysql("DELETE FROM orders WHERE id", "MySQL reads the column as a truth value"),
                mysql("DELETE o FROM orders o JOIN users u ON o.user_id = u.id WHERE u.id = o.user_id",
                        "only the join condition, twice"));
    }

    @Override
    public List<RuleExample> allows() {
        return List.of(
                postgresql("DELETE FROM users WHERE id <> 5", ""),
                postgresql("EXPLAIN DELETE FROM users", "plain EXPLAIN only plans"),
                postgresql("DELETE FROM orders o USING users u WHERE o.user_id = u.id AND u.name = 'x'", ""),
                mysql("DELETE FROM users WHERE id = 5 LIMIT 1", ""),
                mysql("DELETE u FROM users u JOIN orders o ON u.id = o.user_id WHERE o.total > 100",
                        "paired with restricted orders"),
                postgresql("DELETE FROM orders WHERE user_id IN (SELECT id FROM users WHERE name = 'closed')",
                        "the subquery is restricted"),
                postgresql("DELETE FROM orders WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = orders.user_id)",
                        "a correlated subquery"),
                postgresql("DELETE FROM orders WHERE total = 0 AND created < now() - interval '1 day'", ""),
                postgresql("DELETE FROM users WHERE active", "a PostgreSQL boolean column is a real condition"),
                mysql("DELETE FROM users WHERE name = 0",
                        "depends on the column's type: left to the driver's row-limit check"),
                mysql("DELETE t FROM orders t LEFT JOIN users u ON t.user_id = u.id WHERE u.id IS NULL",
                        "orphans: paired with restricted users"));
    }

    @Override
    public List<Finding> check(StatementContext statement) {
        if (statement.isUnparsedWithoutWhere("DELETE")) {
            return List.of(statement.finding(this, "DELETE", List.of(), "DELETE without WHERE removes every row"));
        }
        if (statement.parsed() == null) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (Delete delete : DataModifications.deletes(statement.parsed())) {
            if (delete.getWhere() == null) {
                List<String> tables = TableNames.of(delete.getTables() != null && !delete.getTables().isEmpty()
                        ? delete.getTables() : List.of(delete.getTable()));
                String limit = delete.getLimit() != null ? "; LIMIT only caps how many arbitrary rows go" : "";
                findings.add(statement.finding(this, "DELETE", tables,
                        "DELETE without WHERE removes every row of " + String.join(", ", tables) + limit));
            } else if (!statement.folder().isAlwaysTrue(delete.getWhere())) {
                List<FromItem> relations = WherePredicates.relations(delete);
                List<Expression> conditions = new ArrayList<>(WherePredicates.joinConditions(
                        Collections.singletonList(delete.getJoins())));
                conditions.add(delete.getWhere());
                for (Table target : WherePredicates.targets(delete, relations)) {
                    statement.scope().unrestricted(target, relations, conditions).ifPresent(why -> findings.add(
                            statement.finding(this, "DELETE", TableNames.of(List.of(target)), "the WHERE does not "
                                    + "restrict rows of " + target.getFullyQualifiedName() + ": " + why)));
                }
            }
        }
        for (Merge merge : DataModifications.merges(statement.parsed())) {
            UnscopedMerges.unscoped(merge, MergeDelete.class, statement.scope()).ifPresent(why -> findings.add(
                    statement.finding(this, "MERGE", TableNames.of(List.of(merge.getTable())), "MERGE with "
                            + "WHEN MATCHED THEN DELETE removes every matched row, and the ON does not restrict rows "
                            + "of " + merge.getTable().getFullyQualifiedName() + ": " + why)));
        }
        return findings;
    }
}
