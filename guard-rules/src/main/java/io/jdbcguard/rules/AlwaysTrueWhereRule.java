package io.jdbcguard.rules;

import static io.jdbcguard.rules.RuleExample.mysql;
import static io.jdbcguard.rules.RuleExample.postgresql;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.update.Update;

/**
 * Rule {@code always-true-where}: a {@code DELETE} or {@code UPDATE} whose WHERE is true for every row, so it acts
 * like one without WHERE.
 *
 * <p>The WHERE is folded as a constant by {@link ConstantFolder}: comparisons, arithmetic, {@code AND}/{@code OR}/
 * {@code NOT}/{@code XOR}, {@code IN}, {@code BETWEEN}, {@code LIKE '%'}, {@code IS [NOT] NULL}, casts such as
 * {@code 'true'::boolean}, {@code COALESCE}, MySQL truthiness of numbers and strings ({@code WHERE 1},
 * {@code WHERE '1a'}; <a href="https://dev.mysql.com/doc/refman/8.4/en/type-conversion.html">Type Conversion</a>),
 * a column compared with itself ({@code x = x}, NULL for a NULL {@code x} but clearly an accident) and parentheses at
 * any depth.
 *
 * <p>Allowed: an always-true conjunct AND-ed with a real predicate ({@code WHERE 1=1 AND id = 2}), an always-false
 * WHERE, and always-true WHERE clauses of {@code SELECT}, which change nothing.
 */
final class AlwaysTrueWhereRule implements StatementCheck {
    @Override
    public String id() {
        return "always-true-where";
    }

    @Override
    public String summary() {
        return "DELETE or UPDATE whose WHERE is a constant truth, such as WHERE 1=1 or WHERE id = id";
    }

    @Override
    public List<RuleExample> blocks() {
        return List.of(
                postgresql("DELETE FROM users WHERE 1 = 1", ""),
                postgresql("UPDATE users SET name = 'x' WHERE id = id", "true for every non-NULL id"),
                postgresql("DELETE FROM users WHERE 'true'::boolean", ""),
                postgresql("DELETE FROM users WHERE id = 5 OR ((2 > 1))", "OR with a constant truth"),
                postgresql("DELETE FROM users WHERE EXISTS (SELECT 1)", "the subquery always returns a row"),
                mysql("DELETE FROM users WHERE 1", "MySQL reads 1 as true"),
                mysql("DELETE FROM users WHERE '1a'", "MySQL reads '1a' as the number 1"),
                mysql("DELETE FROM users WHERE id = 5 /*!OR 1=1*/", "executable comment content is code"),
                mysql("UPDATE users SET name = 'x' WHERE name LIKE '%'", ""));
    }

    @Override
    public List<RuleExample> allows() {
        return List.of(
                postgresql("UPDATE users SET name = 'x' WHERE 1 = 1 AND id = 2", "the real predicate scopes it"),
                postgresql("DELETE FROM users WHERE 1 = 0", "an always-false WHERE deletes nothing"),
                postgresql("SELECT * FROM users WHERE 1 = 1", "a query changes nothing"),
                mysql("DELETE FROM users WHERE id = 5 /* OR 1=1 */", "an ordinary comment is not code"),
                mysql("DELETE FROM users WHERE id = 0--1", "MySQL reads --1 as minus minus one, not a comment"));
    }

    @Override
    public List<Finding> check(StatementContext statement) {
        if (statement.parsed() == null) {
            return List.of();
        }
        ConstantFolder folder = statement.folder();
        List<Finding> findings = new ArrayList<>();
        for (Delete delete : DataModifications.deletes(statement.parsed())) {
            if (isAlwaysTrue(folder, delete.getWhere())) {
                findings.add(finding(statement, "DELETE", TableNames.of(List.of(delete.getTable())),
                        delete.getWhere()));
            }
        }
        for (Update update : DataModifications.updates(statement.parsed())) {
            if (isAlwaysTrue(folder, update.getWhere())) {
                findings.add(finding(statement, "UPDATE", TableNames.of(List.of(update.getTable())),
                        update.getWhere()));
            }
        }
        return findings;
    }

    private static boolean isAlwaysTrue(ConstantFolder folder, Expression where) {
        return where != null && folder.isAlwaysTrue(where);
    }

    private Finding finding(StatementContext statement, String kind, List<String> tables, Expression where) {
        return statement.finding(this, kind, tables, kind + " with WHERE " + abbreviated(where)
                + ", which is true for every row, acts on all of " + String.join(", ", tables));
    }

    private static String abbreviated(Expression where) {
        String text = where.toString();
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
