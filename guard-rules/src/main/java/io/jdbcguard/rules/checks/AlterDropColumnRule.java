package io.jdbcguard.rules.checks;

import static io.jdbcguard.rules.RuleExample.mysql;
import static io.jdbcguard.rules.RuleExample.postgresql;

import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.RuleExample;
import io.jdbcguard.rules.RuleInfo;
import io.jdbcguard.rules.lexing.Token;
import io.jdbcguard.rules.semantics.TableNames;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterOperation;
import net.sf.jsqlparser.statement.alter.AlterType;

/**
 * Rule {@code alter-drop-column}: {@code ALTER TABLE ... DROP [COLUMN] c}, which deletes the column's data in every
 * row.
 *
 * <p>Both dialects accept {@code DROP} without {@code COLUMN}
 * (<a href="https://www.postgresql.org/docs/current/sql-altertable.html">PostgreSQL ALTER TABLE</a>,
 * <a href="https://dev.mysql.com/doc/refman/8.4/en/alter-table.html">MySQL ALTER TABLE</a>).
 *
 * <p>Also PostgreSQL {@code ALTER TYPE ... DROP ATTRIBUTE a}, which deletes the attribute's values from every column
 * of the composite type and, with {@code CASCADE}, the column {@code a} of every typed table (<a
 * href="https://www.postgresql.org/docs/15/sql-altertype.html">ALTER TYPE</a>).
 *
 * <p>Allowed: dropping what holds no data ({@code DROP CONSTRAINT}, {@code DROP PRIMARY KEY},
 * {@code DROP FOREIGN KEY}, {@code DROP CHECK}, {@code ALTER COLUMN ... DROP DEFAULT} / {@code DROP NOT NULL}), and
 * {@code ADD COLUMN}. {@code DROP INDEX} and {@code DROP PARTITION} are reported by {@code drop}.
 */
@RuleInfo(id = "alter-drop-column",
        summary = "ALTER TABLE ... DROP [COLUMN] and ALTER TYPE ... DROP ATTRIBUTE, which delete a column and its data")
public final class AlterDropColumnRule extends AnnotatedRule implements StatementCheck {
    /** Words after {@code DROP} in ALTER TABLE that name something other than a column. */
    private static final Set<String> NOT_A_COLUMN = Set.of("CONSTRAINT", "INDEX", "KEY", "PRIMARY", "FOREIGN",
            "PARTITION", "CHECK", "DEFAULT", "NOT", "IDENTITY", "EXPRESSION", "SYSTEM", "PERIOD", "UNIQUE");

    @Override
    public List<RuleExample> blocks() {
        return List.of(
                postgresql("ALTER TABLE users DROP COLUMN name", ""),
                postgresql("ALTER TABLE users ADD COLUMN email TEXT, DROP COLUMN IF EXISTS name CASCADE", ""),
                mysql("ALTER TABLE users DROP name", "COLUMN is optional"),
                mysql("ALTER TABLE `users` DROP COLUMN `drop_date`", ""),
                postgresql("ALTER TYPE address DROP ATTRIBUTE zip", "deletes zip from every address value"));
    }

    @Override
    public List<RuleExample> allows() {
        return List.of(
                postgresql("ALTER TABLE users ADD COLUMN email TEXT", ""),
                postgresql("ALTER TABLE users ALTER COLUMN name DROP NOT NULL", "a constraint, no data"),
                postgresql("ALTER TABLE orders DROP CONSTRAINT orders_user_fk", "a constraint, no data"),
                mysql("ALTER TABLE orders DROP FOREIGN KEY orders_user_fk", "a constraint, no data"),
                mysql("ALTER TABLE users ALTER COLUMN name DROP DEFAULT", "a default, no data"),
                postgresql("ALTER TYPE address ADD ATTRIBUTE country text", ""));
    }

    @Override
    public List<Finding> check(StatementContext statement) {
        if (statement.parsed() instanceof Alter alter && alter.getAlterExpressions() != null) {
            List<String> columns = alter.getAlterExpressions().stream()
                    .filter(e -> e.getOperation() == AlterOperation.DROP && e.getColumnName() != null)
                    .map(AlterExpression::getColumnName).toList();
            return columns.isEmpty() ? List.of() : List.of(finding(statement, TableNames.of(List.of(alter.getTable())),
                    "the columns " + String.join(", ", columns)));
        }
        if (statement.parsed() instanceof AlterType type && type.getAttributeChanges() != null) {
            List<String> attributes = type.getAttributeChanges().stream()
                    .filter(c -> c.getKind() == AlterType.AttributeChange.Kind.DROP)
                    .map(c -> c.getAttribute().getName()).toList();
            return attributes.isEmpty() ? List.of() : List.of(statement.finding(this, "ALTER TYPE DROP ATTRIBUTE",
                    List.of(type.getName()), "ALTER TYPE drops the attributes " + String.join(", ", attributes)
                            + " with their values in every column and typed table of the type"));
        }
        if (statement.parsed() == null && statement.firstWord().equals("ALTER")) {
            for (int i = 0; i + 1 < statement.tokens().size(); i++) {
                Token token = statement.tokens().get(i);
                boolean columnDrop = token.depth() == 0 && token.isWord("DROP")
                        && !statement.wordAt(i - 1).equals("ALTER")
                        && !NOT_A_COLUMN.contains(statement.wordAt(i + 1));
                if (columnDrop && !isAlterColumnClause(statement, i)) {
                    return List.of(finding(statement, List.of(), "columns"));
                }
            }
        }
        return List.of();
    }

    /** Whether the DROP at {@code index} belongs to {@code ALTER [COLUMN] c DROP ...}, which drops no column. */
    private static boolean isAlterColumnClause(StatementContext statement, int index) {
        for (int i = index - 1; i > 1; i--) {
            Token token = statement.tokens().get(i);
            if (token.isSymbol(',')) {
                return false;
            }
            if (token.isWord("ALTER") || token.isWord("MODIFY")) {
                return true;
            }
        }
        return false;
    }

    private Finding finding(StatementContext statement, List<String> tables, String what) {
        return statement.finding(this, "ALTER TABLE DROP COLUMN", tables,
                "ALTER TABLE drops " + what + " with all their data");
    }
}
