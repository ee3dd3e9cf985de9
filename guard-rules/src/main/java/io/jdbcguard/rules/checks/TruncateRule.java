package io.jdbcguard.rules.checks;

import static io.jdbcguard.rules.RuleExample.mysql;
import static io.jdbcguard.rules.RuleExample.postgresql;

import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.RuleExample;
import io.jdbcguard.rules.RuleInfo;
import io.jdbcguard.rules.semantics.TableNames;
import java.util.List;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterOperation;
import net.sf.jsqlparser.statement.truncate.Truncate;

/**
 * Rule {@code truncate}: a statement that empties tables or partitions.
 *
 * <p>Reports {@code TRUNCATE} in every form: several tables, {@code ONLY}, {@code CASCADE} (which also empties
 * referencing tables), {@code RESTART IDENTITY}
 * (<a href="https://www.postgresql.org/docs/current/sql-truncate.html">PostgreSQL TRUNCATE</a>,
 * <a href="https://dev.mysql.com/doc/refman/8.4/en/truncate-table.html">MySQL TRUNCATE TABLE</a>), and MySQL
 * {@code ALTER TABLE ... TRUNCATE PARTITION}
 * (<a href="https://dev.mysql.com/doc/refman/8.4/en/alter-table-partition-operations.html">Partitioning
 * Operations</a>). {@code ALTER TABLE ... DROP PARTITION} is reported by {@code drop}, because it removes the
 * partition as well as its rows.
 *
 * <p>Allowed: {@code truncate} as a name, in strings and comments, and functions such as {@code TRUNCATE(x, 2)} in a
 * query.
 */
@RuleInfo(id = "truncate",
        summary = "TRUNCATE of tables and ALTER TABLE ... TRUNCATE PARTITION")
public final class TruncateRule extends AnnotatedRule implements StatementCheck {
    @Override
    public List<RuleExample> blocks() {
        return List.of(
                postgresql("TRUNCATE users", ""),
                postgresql("TRUNCATE TABLE ONLY orders, users CASCADE", ""),
                postgresql("TRUNCATE users RESTART IDENTITY", "also resets the id sequences"),
                mysql("TRUNCATE TABLE users", ""),
                mysql("ALTER TABLE orders TRUNCATE PARTITION p2019", "empties a partition"));
    }

    @Override
    public List<RuleExample> allows() {
        return List.of(
                postgresql("SELECT trunc(total) FROM orders", "a function in a query"),
                mysql("SELECT TRUNCATE(total, 0) FROM orders", "MySQL's numeric TRUNCATE function"),
                mysql("INSERT INTO users (id, name) VALUES (1, 'TRUNCATE users')", "a string literal"));
    }

    @Override
    public List<Finding> check(StatementContext statement) {
        if (statement.parsed() instanceof Truncate truncate) {
            List<String> tables = TableNames.of(truncate.getTables() != null ? truncate.getTables()
                    : List.of(truncate.getTable()));
            return List.of(statement.finding(this, "TRUNCATE", tables,
                    "TRUNCATE removes every row of " + String.join(", ", tables)));
        }
        if (statement.parsed() instanceof Alter alter && alter.getAlterExpressions() != null
                && alter.getAlterExpressions().stream()
                        .anyMatch(e -> e.getOperation() == AlterOperation.TRUNCATE_PARTITION)) {
            return List.of(truncatePartition(statement, TableNames.of(List.of(alter.getTable()))));
        }
        if (statement.parsed() == null) {
            if (statement.firstWord().equals("TRUNCATE")) {
                return List.of(statement.finding(this, "TRUNCATE", List.of(), "TRUNCATE removes every row"));
            }
            if (statement.firstWord().equals("ALTER") && statement.hasTopLevelSequence("TRUNCATE", "PARTITION")) {
                return List.of(truncatePartition(statement, List.of()));
            }
        }
        return List.of();
    }

    private Finding truncatePartition(StatementContext statement, List<String> tables) {
        return statement.finding(this, "ALTER TABLE TRUNCATE PARTITION", tables,
                "TRUNCATE PARTITION removes every row of the partitions");
    }
}
