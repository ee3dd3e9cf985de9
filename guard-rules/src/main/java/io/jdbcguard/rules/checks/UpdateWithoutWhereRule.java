package io.jdbcguard.rules.checks;

import static io.jdbcguard.rules.RuleExample.mysql;
import static io.jdbcguard.rules.RuleExample.postgresql;

import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.RuleExample;
import io.jdbcguard.rules.RuleInfo;
import io.jdbcguard.rules.semantics.DataModifications;
import io.jdbcguard.rules.semantics.TableNames;
import io.jdbcguard.rules.semantics.UnscopedMerges;
import io.jdbcguard.rules.semantics.UpsertSources;
import io.jdbcguard.rules.semantics.WherePredicates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Rule {@code update-without-where}: an {@code UPDATE} that is not restricted by a WHERE clause, so it overwrites
 * every row of its table.
 *
 * <p>Reports an UPDATE without WHERE wherever it occurs: as the statement, in a data-modifying {@code WITH}, under
 * {@code EXPLAIN ANALYZE}, in {@code PREPARE}; PostgreSQL {@code UPDATE ONLY} and {@code UPDATE ... FROM}
 * (<a href="https://www.postgresql.org/docs/current/sql-update.html">UPDATE</a>); MySQL multi-table UPDATE, whose
 * join condition does not restrict the target (<a href="https://dev.mysql.com/doc/refman/8.4/en/update.html">UPDATE
 * </a>); MySQL {@code UPDATE ... LIMIT n} without WHERE; and {@code MERGE} whose {@code ON} does not restrict the
 * target with an unconditional {@code WHEN MATCHED THEN UPDATE}. A WHERE that is always true is reported by
 * {@code always-true-where}.
 *
 * <p>Also an UPDATE whose WHERE certainly restricts no row of its target, in the same cases as
 * {@code delete-without-where} ({@link io.jdbcguard.rules.semantics.TargetScope}, issue #13): {@code UPDATE t SET ...
 * FROM o WHERE o.x > 100},
 * join-only conditions, MySQL {@code UPDATE t JOIN u ON ... SET ...} without a condition on either, and the
 * others. The reason says "the WHERE does not restrict rows of t: ...".
 *
 * <p>Also upserts over a query that does not restrict the rows it reads ({@link UpsertSources}, issue #13):
 * PostgreSQL {@code INSERT INTO t SELECT ... FROM t ON CONFLICT ... DO UPDATE}, MySQL {@code INSERT INTO t SELECT ...
 * ON DUPLICATE KEY UPDATE} and {@code REPLACE INTO t SELECT ...} rewrite every row of {@code t} the query returns a
 * conflicting row for; the reason says "its query reads every row of ..." or "its query's conditions do not restrict
 * rows of ...".
 *
 * <p>Allowed: any UPDATE with a WHERE that depends on the row, PostgreSQL {@code INSERT ... VALUES ... ON CONFLICT
 * DO UPDATE} and MySQL {@code INSERT ... VALUES ... ON DUPLICATE KEY UPDATE} and {@code REPLACE ... VALUES} (they
 * rewrite only the rows that conflict with the listed ones), upserts over a query restricted by its WHERE, a
 * {@code DO UPDATE ... WHERE}, grouping, an aggregate or a row limit, {@code INSERT ... SELECT} without an update part
 * or with {@code ON CONFLICT DO NOTHING} (it only adds rows), and {@code SELECT ... FOR UPDATE}.
 */
@RuleInfo(id = "update-without-where",
        summary = "UPDATE without a WHERE clause or with one that restricts no row of its table, also in CTEs, "
        + "EXPLAIN ANALYZE, PREPARE and MERGE")
public final class UpdateWithoutWhereRule extends AnnotatedRule implements StatementCheck {
    @Override
    public List<RuleExample> blocks() {
        return List.of(
                postgresql("UPDATE users SET name = 'x'", ""),
                postgresql("UPDATE users SET name = o.total::text FROM orders o", "FROM does not scope the target"),
                postgresql("WITH x AS (UPDATE orders SET total = 0 RETURNING id) SELECT * FROM x", ""),
                postgresql("MERGE INTO users u USING orders o ON TRUE WHEN MATCHED THEN UPDATE SET name = 'x'", ""),
                mysql("UPDATE users SET name = 'x' LIMIT 10", "LIMIT overwrites 10 arbitrary rows"),
                mysql("UPDATE users u JOIN orders o ON 1 = 1 SET u.name = 'x'", ""),
                postgresql("UPDATE orders SET total = 0 FROM users o WHERE o.id > 100",
                        "a condition on users only"),
                postgresql("MERGE INTO users u USING orders o ON u.id = o.user_id WHEN MATCHED THEN UPDATE SET "
                        + "name = 'x'", "the ON only pairs users with orders, which nothing restricts"),
                postgresql("UPDATE orders o SET total = 0 WHERE o.id = id", "a column compared with itself"),
                mysql("UPDATE orders o JOIN users u ON o.user_id = u.id SET o.total = 0 WHERE o.user_id = u.id",
                        "only the join condition"),
                mysql("UPDATE orders SET total = 0 WHERE id + 0", "MySQL reads the sum as a truth value"),
                postgresql("INSERT INTO users SELECT * FROM users ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name",
                        "every row of users conflicts with itself"),
                postgresql("INSERT INTO users (id, name) SELECT user_id, 'x' FROM orders ON CONFLICT (id) DO UPDATE "
                        + "SET name = EXCLUDED.name", "every user with an order"),
                mysql("INSERT INTO users SELECT * FROM users ON DUPLICATE KEY UPDATE name = 'x'", ""),
                mysql("REPLACE INTO users (id, name) SELECT user_id, 'x' FROM orders WHERE 1 = 1",
                        "REPLACE deletes and re-inserts every conflicting row"));
    }

    @Override
    public List<RuleExample> allows() {
        return List.of(
                postgresql("UPDATE users SET name = 'x' WHERE 1 = 1 AND id = 2", "the real predicate scopes it"),
                postgresql("INSERT INTO users (id, name) VALUES (1, 'a') ON CONFLICT (id) DO UPDATE SET name = 'a'",
                        "updates only the conflicting row"),
                postgresql("SELECT * FROM users WHERE id = 1 FOR UPDATE", "a row lock"),
                mysql("INSERT INTO users (id, name) VALUES (1, 'a') ON DUPLICATE KEY UPDATE name = 'a'",
                        "updates only the conflicting row"),
                mysql("UPDATE users u JOIN orders o ON u.id = o.user_id SET u.name = 'x' WHERE o.total > 10", ""),
                postgresql("UPDATE users SET name = v.name FROM (VALUES (1, 'a'), (2, 'b')) v(id, name) "
                        + "WHERE users.id = v.id", "paired with a VALUES list"),
                postgresql("MERGE INTO users u USING (SELECT ? AS id) s ON u.id = s.id WHEN MATCHED THEN UPDATE "
                        + "SET name = 'x'", "the source is a subquery"),
                postgresql("UPDATE users SET name = ? WHERE id IN (?, ?)", ""),
                mysql("UPDATE users u JOIN orders o ON u.id = o.user_id SET u.name = 'x' WHERE total > 10",
                        "which table total belongs to depends on the schema: left to the driver"),
                postgresql("INSERT INTO users (id, name) SELECT user_id, 'x' FROM orders WHERE total > 100 "
                        + "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name", "the query is restricted"),
                postgresql("INSERT INTO users SELECT * FROM users ON CONFLICT DO NOTHING", "only adds rows"),
                postgresql("INSERT INTO users_copy SELECT * FROM users", "only adds rows"),
                mysql("INSERT INTO users SELECT * FROM users WHERE id = 5 ON DUPLICATE KEY UPDATE name = 'x'", ""),
                mysql("REPLACE INTO users (id, name) VALUES (1, 'a')", "one row"));
    }

    @Override
    public List<Finding> check(StatementContext statement) {
        if (statement.isUnparsedWithoutWhere("UPDATE")) {
            return List.of(statement.finding(this, "UPDATE", List.of(), "UPDATE without WHERE changes every row"));
        }
        if (statement.parsed() == null) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (Update update : DataModifications.updates(statement.parsed())) {
            if (update.getWhere() == null) {
                List<String> tables = TableNames.of(List.of(update.getTable()));
                String limit = update.getLimit() != null ? "; LIMIT only caps how many arbitrary rows change" : "";
                findings.add(statement.finding(this, "UPDATE", tables,
                        "UPDATE without WHERE changes every row of " + String.join(", ", tables) + limit));
            } else if (!statement.folder().isAlwaysTrue(update.getWhere())) {
                List<Expression> conditions = new ArrayList<>(WherePredicates.joinConditions(
                        Arrays.asList(update.getStartJoins(), update.getJoins())));
                conditions.add(update.getWhere());
                Table target = update.getTable();
                statement.scope().unrestricted(target, WherePredicates.relations(update), conditions)
                        .ifPresent(why -> findings.add(statement.finding(this, "UPDATE", TableNames.of(List.of(
                                target)), "the WHERE does not restrict rows of " + target.getFullyQualifiedName()
                                + ": " + why)));
            }
        }
        for (Insert insert : DataModifications.inserts(statement.parsed())) {
            UpsertSources.unscoped(insert, statement.scope()).ifPresent(why -> findings.add(statement.finding(this,
                    insert.getConflictAction() != null ? "INSERT ... ON CONFLICT DO UPDATE"
                            : "INSERT ... ON DUPLICATE KEY UPDATE", TableNames.of(List.of(insert.getTable())),
                    "the upsert rewrites every row of " + insert.getTable().getFullyQualifiedName()
                            + " its query returns a conflicting row for, and " + why)));
        }
        for (Upsert replace : DataModifications.replaces(statement.parsed())) {
            UpsertSources.unscoped(replace, statement.scope()).ifPresent(why -> findings.add(statement.finding(this,
                    "REPLACE", TableNames.of(List.of(replace.getTable())), "REPLACE deletes and re-inserts every row "
                            + "of " + replace.getTable().getFullyQualifiedName() + " its query returns a conflicting "
                            + "row for, and " + why)));
        }
        for (Merge merge : DataModifications.merges(statement.parsed())) {
            UnscopedMerges.unscoped(merge, MergeUpdate.class, statement.scope()).ifPresent(why -> findings.add(
                    statement.finding(this, "MERGE", TableNames.of(List.of(merge.getTable())), "MERGE with "
                            + "WHEN MATCHED THEN UPDATE changes every matched row, and the ON does not restrict rows "
                            + "of " + merge.getTable().getFullyQualifiedName() + ": " + why)));
        }
        return findings;
    }
}
