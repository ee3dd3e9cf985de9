package io.jdbcguard.rules.checks;

import static io.jdbcguard.rules.RuleExample.mysql;
import static io.jdbcguard.rules.RuleExample.postgresql;

import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.RuleExample;
import io.jdbcguard.rules.RuleInfo;
import io.jdbcguard.rules.semantics.ConstantFolder;
import io.jdbcguard.rules.semantics.DataModifications;
import io.jdbcguard.rules.semantics.TableNames;
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
 * a column compared with itself ({@code x = x}, {@code x BETWEEN x AND x}, {@code (a, b) = (a, b)}: NULL for a NULL
 * {@code x} but clearly an accident), row constructors ({@code (1, 2) = (1, 2)}), {@code = ANY(ARRAY[...])} and
 * {@code <> ALL(...)} of constants, {@code CASE} with constant conditions or equal branches, {@code GREATEST}/
 * {@code LEAST}, {@code (SELECT 1)} as a value, {@code EXISTS (VALUES ...)}, {@code COLLATE "C"} (PostgreSQL) and
 * {@code _ci} collations (MySQL) on constants, ISO 8601 dates and timestamps and interval arithmetic on them
 * ({@code DATE '2020-01-01' < DATE '2030-01-01'}), and parentheses at any depth.
 *
 * <p>Allowed: an always-true conjunct AND-ed with a real predicate ({@code WHERE 1=1 AND id = 2}), an always-false
 * WHERE, always-true WHERE clauses of {@code SELECT}, which change nothing, and conditions on values the guard does
 * not know: {@code now() > DATE '1900-01-01'} is true in practice, but {@code now()} is not a constant the guard
 * folds (the driver's row-limit check judges such a statement by its effect), nor are {@code 'today'}, binary or
 * case-sensitive collations, or MySQL's {@code DATE '2020-01-01' + 1} (arithmetic on the number 20200101).
 */
@RuleInfo(id = "always-true-where",
        summary = "DELETE or UPDATE whose WHERE is a constant truth, such as WHERE 1=1, WHERE id = id or "
        + "WHERE (1, 2) = (1, 2)")
public final class AlwaysTrueWhereRule extends AnnotatedRule implements StatementCheck {
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
                mysql("UPDATE users SET name = 'x' WHERE name LIKE '%'", ""),
                postgresql("DELETE FROM users WHERE (id, name) = (id, name)", "a row compared with itself"),
                postgresql("DELETE FROM users WHERE 1 = ANY(ARRAY[1, 2])", ""),
                postgresql("UPDATE users SET name = 'x' WHERE CASE WHEN id = 1 THEN TRUE ELSE TRUE END",
                        "every branch is true"),
                mysql("DELETE FROM users WHERE GREATEST(1, 2) = 2", ""),
                postgresql("DELETE FROM users WHERE id BETWEEN id AND id", ""),
                postgresql("DELETE FROM users WHERE (SELECT 1) = 1", "a query without FROM is a constant"),
                postgresql("DELETE FROM users WHERE EXISTS (VALUES (1))", ""),
                postgresql("DELETE FROM users WHERE DATE '2020-01-01' + INTERVAL '1 day' < DATE '2030-01-01'", ""),
                mysql("DELETE FROM users WHERE 'a' COLLATE utf8mb4_general_ci = 'A'", "a case-insensitive collation"));
    }

    @Override
    public List<RuleExample> allows() {
        return List.of(
                postgresql("UPDATE users SET name = 'x' WHERE 1 = 1 AND id = 2", "the real predicate scopes it"),
                postgresql("DELETE FROM users WHERE 1 = 0", "an always-false WHERE deletes nothing"),
                postgresql("SELECT * FROM users WHERE 1 = 1", "a query changes nothing"),
                mysql("DELETE FROM users WHERE id = 5 /* OR 1=1 */", "an ordinary comment is not code"),
                mysql("DELETE FROM users WHERE id = 0--1", "MySQL reads --1 as minus minus one, not a comment"),
                postgresql("DELETE FROM users WHERE (id, name) = (1, 'a')", "a row compared with constants"),
                postgresql("DELETE FROM users WHERE id = ANY(ARRAY[1, 2])", ""),
                postgresql("DELETE FROM users WHERE CASE WHEN id = 1 THEN TRUE ELSE FALSE END", ""),
                postgresql("DELETE FROM users WHERE now() > DATE '1900-01-01'",
                        "now() is not a constant the guard knows: left to the driver's row-limit check"),
                mysql("DELETE FROM users WHERE drop_date < DATE '2020-01-01' + INTERVAL 1 DAY", ""),
                mysql("DELETE FROM users WHERE 'a' COLLATE utf8mb4_bin = 'A'", "a binary collation: false"));
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
