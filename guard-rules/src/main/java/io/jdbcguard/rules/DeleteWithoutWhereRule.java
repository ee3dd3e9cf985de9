package io.jdbcguard.rules;

import static io.jdbcguard.rules.RuleExample.mysql;
import static io.jdbcguard.rules.RuleExample.postgresql;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeDelete;

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
 * WHERE (it removes n arbitrary rows); and {@code MERGE} whose {@code ON} is always true with an unconditional
 * {@code WHEN MATCHED THEN DELETE}. A WHERE that is always true is reported by {@code always-true-where}.
 *
 * <p>Allowed: any DELETE with a WHERE that depends on the row, and plain {@code EXPLAIN DELETE}, which does not run it.
 */
final class DeleteWithoutWhereRule implements StatementCheck {
    @Override
    public String id() {
        return "delete-without-where";
    }

    @Override
    public String summary() {
        return "DELETE without a WHERE clause, also in CTEs, EXPLAIN ANALYZE, PREPARE and MERGE ... ON true";
    }

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
                mysql("PREPARE s FROM 'DELETE FROM users'", "the prepared text is checked"));
    }

    @Override
    public List<RuleExample> allows() {
        return List.of(
                postgresql("DELETE FROM users WHERE id <> 5", ""),
                postgresql("EXPLAIN DELETE FROM users", "plain EXPLAIN only plans"),
                postgresql("DELETE FROM orders o USING users u WHERE o.user_id = u.id AND u.name = 'x'", ""),
                mysql("DELETE FROM users WHERE id = 5 LIMIT 1", ""),
                mysql("DELETE u FROM users u JOIN orders o ON u.id = o.user_id WHERE o.total > 100", ""));
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
            }
        }
        for (Merge merge : DataModifications.merges(statement.parsed())) {
            if (UnscopedMerges.hasUnscoped(merge, MergeDelete.class, statement.folder())) {
                List<String> tables = TableNames.of(List.of(merge.getTable()));
                findings.add(statement.finding(this, "MERGE", tables, "MERGE with an always-true ON and "
                        + "WHEN MATCHED THEN DELETE removes every row of " + String.join(", ", tables)));
            }
        }
        return findings;
    }
}
