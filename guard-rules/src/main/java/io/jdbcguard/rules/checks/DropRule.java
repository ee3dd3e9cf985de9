package io.jdbcguard.rules.checks;

import static io.jdbcguard.rules.RuleExample.mysql;
import static io.jdbcguard.rules.RuleExample.postgresql;

import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.RuleExample;
import io.jdbcguard.rules.RuleInfo;
import io.jdbcguard.rules.semantics.TableNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.drop.Drop;

/**
 * Rule {@code drop}: a statement that removes a database object together with what it holds.
 *
 * <p>Reports every {@code DROP} statement (table, view, index, schema, database, sequence, function, role, user,
 * tablespace, ... and PostgreSQL {@code DROP OWNED}, which drops everything a role owns;
 * <a href="https://www.postgresql.org/docs/current/sql-drop-owned.html">DROP OWNED</a>), MariaDB
 * {@code CREATE OR REPLACE TABLE}, which drops the existing table first
 * (<a href="https://mariadb.com/kb/en/create-table/#create-or-replace">CREATE OR REPLACE</a>), and
 * {@code ALTER TABLE ... DROP PARTITION} and {@code ALTER TABLE ... DROP INDEX|KEY}, which drop a part of a table
 * (a dropped partition's rows are deleted:
 * <a href="https://dev.mysql.com/doc/refman/8.4/en/partitioning-management-range-list.html">Management of RANGE and
 * LIST Partitions</a>), and MySQL {@code ALTER TABLE ... DISCARD TABLESPACE} / {@code DISCARD PARTITION ...
 * TABLESPACE}, which delete the data files
 * (<a href="https://dev.mysql.com/doc/refman/8.4/en/innodb-table-import.html">Importing InnoDB Tables</a>).
 * Statements JSQLParser cannot parse ({@code DROP USER}, {@code DROP TABLESPACE},
 * {@code DROP DATABASE x WITH (FORCE)}) are recognised from their tokens.
 *
 * <p>Allowed: MySQL {@code DROP TEMPORARY TABLE} (only session-local tables;
 * <a href="https://dev.mysql.com/doc/refman/8.4/en/drop-table.html">DROP TABLE</a>), MySQL {@code DROP PREPARE}
 * (deallocates a prepared statement), PostgreSQL {@code CREATE TEMP TABLE ... ON COMMIT DROP},
 * {@code ALTER TABLE ... DETACH PARTITION} (the partition stays as a table) and the MySQL/MariaDB partition changes
 * that keep every row ({@code REMOVE PARTITIONING}, {@code COALESCE PARTITION}, {@code REORGANIZE PARTITION},
 * {@code EXCHANGE PARTITION}, MariaDB {@code CONVERT PARTITION ... TO TABLE}; <a
 * href="https://mariadb.com/kb/en/partition-maintenance/">Partition Maintenance</a>), renaming tables ({@code RENAME TABLE},
 * {@code ALTER TABLE ... RENAME}: no data is lost and a rename can be undone, although it breaks clients of the old
 * name), and {@code DROP} in names, strings and comments. A {@code DROP ... IF EXISTS} of tables, views, sequences
 * or indexes is marked {@link Finding.Unless#OBJECTS_ABSENT}: the driver asks the server and lets it through when none of them
 * exists, since it then changes nothing.
 */
@RuleInfo(id = "drop",
        summary = "DROP of any object, DROP OWNED, CREATE OR REPLACE TABLE, ALTER TABLE ... DROP PARTITION"
        + " / DROP INDEX")
public final class DropRule extends AnnotatedRule implements StatementCheck {
    /**
     * The kinds of object whose {@code DROP ... IF EXISTS} the driver can see to be a no-op from the catalog (one
     * name lookup each: PostgreSQL relations, MySQL/MariaDB tables, views and sequences).
     */
    private static final Set<String> RELATIONS = Set.of("TABLE", "VIEW", "SEQUENCE", "INDEX", "MATERIALIZED VIEW",
            "FOREIGN TABLE");
    @Override
    public List<RuleExample> blocks() {
        return List.of(
                postgresql("DROP TABLE users", ""),
                postgresql("DROP SCHEMA app CASCADE", ""),
                postgresql("DROP OWNED BY app_user", "drops every object the role owns"),
                postgresql("DROP DATABASE app WITH (FORCE)", "not parseable by JSQLParser; recognised from tokens"),
                postgresql("SELECT 'x\\'; DROP TABLE users; --'", "a backslash does not escape in a standard string"),
                mysql("DROP TABLE IF EXISTS users", ""),
                mysql("/*!DROP TABLE users*/", "executable comment: MySQL and MariaDB run its content"),
                mysql("CREATE OR REPLACE TABLE users (id INT)", "MariaDB drops the existing table first"),
                mysql("ALTER TABLE orders DROP PARTITION p2019", "deletes the partition's rows"),
                mysql("ALTER TABLE users DISCARD TABLESPACE", "deletes the table's data file"));
    }

    @Override
    public List<RuleExample> allows() {
        return List.of(
                postgresql("CREATE TEMP TABLE scratch (id INT) ON COMMIT DROP", "a temporary table of the session"),
                postgresql("SELECT drop_date FROM users -- DROP TABLE users", "a column name and a comment"),
                postgresql("ALTER TABLE orders DETACH PARTITION orders_2019", "the partition stays as a table"),
                postgresql("ALTER TABLE users RENAME TO customers", "a rename loses no data and can be undone"),
                mysql("DROP TEMPORARY TABLE scratch", "only session-local tables"),
                mysql("SELECT 'x\\'; DROP TABLE users; --'", "one string literal: the backslash escapes the quote"),
                mysql("DROP PREPARE stmt", "deallocates a prepared statement"),
                mysql("ALTER TABLE orders REMOVE PARTITIONING", "keeps every row in one table"),
                mysql("ALTER TABLE orders COALESCE PARTITION 2", "moves the rows into the remaining partitions"),
                mysql("ALTER TABLE orders CONVERT PARTITION p2019 TO TABLE orders_2019",
                        "MariaDB: the partition's rows become a table"),
                mysql("RENAME TABLE users TO customers", "a rename loses no data and can be undone"));
    }

    @Override
    public List<Finding> check(StatementContext statement) {
        if (statement.parsed() == null) {
            return checkTokens(statement);
        }
        if (statement.parsed() instanceof Drop drop) {
            boolean harmless = drop.isUsingTemporary() || "PREPARE".equalsIgnoreCase(drop.getType());
            return harmless ? List.of() : List.of(dropFinding(statement, drop));
        }
        if (statement.parsed() instanceof CreateTable create && create.isOrReplace() && !isTemporary(create)) {
            return List.of(statement.finding(this, "CREATE OR REPLACE TABLE",
                    TableNames.of(List.of(create.getTable())), "CREATE OR REPLACE TABLE drops the existing table "
                            + "and all its rows before creating it again"));
        }
        if (statement.parsed() instanceof Alter alter && alter.getAlterExpressions() != null) {
            List<Finding> findings = new ArrayList<>();
            for (AlterExpression expression : alter.getAlterExpressions()) {
                RemovedPart removed = removedPart(expression);
                if (removed != null) {
                    findings.add(statement.finding(this, "ALTER TABLE " + removed.clause(),
                            TableNames.of(List.of(alter.getTable())), "ALTER TABLE " + removed.effect()));
                }
            }
            return findings;
        }
        return List.of();
    }

    /**
     * A part of a table that an ALTER TABLE clause removes.
     *
     * @param clause the clause, e.g. {@code DROP PARTITION}
     * @param effect what it does, completing "ALTER TABLE ..."
     */
    private record RemovedPart(String clause, String effect) {
    }

    /** What an ALTER TABLE clause removes, or null when it removes nothing this rule covers. */
    private static RemovedPart removedPart(AlterExpression expression) {
        switch (expression.getOperation()) {
            case DROP_PARTITION:
                return new RemovedPart("DROP PARTITION",
                        "drops the partitions " + expression.getPartitions() + " and their rows");
            case DISCARD_PARTITION:
                return new RemovedPart("DISCARD PARTITION",
                        "deletes the data files of the partitions " + expression.getPartitions());
            case DISCARD_TABLESPACE:
                return new RemovedPart("DISCARD TABLESPACE", "deletes the table's data file");
            case DROP:
                return expression.getIndex() == null ? null
                        : new RemovedPart("DROP INDEX", "drops the index " + expression.getIndex().getName());
            default:
                return null;
        }
    }

    private Finding dropFinding(StatementContext statement, Drop drop) {
        String type = drop.getType().toUpperCase(Locale.ROOT);
        List<String> objects = "OWNED".equals(type) && drop.getParameters() != null ? List.copyOf(drop.getParameters())
                : drop.getNames() != null ? TableNames.of(drop.getNames()) : TableNames.of(List.of(drop.getName()));
        Finding finding = statement.finding(this, "DROP " + type, objects,
                "DROP " + type + " removes " + String.join(", ", objects) + " and everything in it");
        return drop.isIfExists() && RELATIONS.contains(type) && !objects.isEmpty() ? finding.unless(Finding.Unless.OBJECTS_ABSENT)
                : finding;
    }

    private static boolean isTemporary(CreateTable create) {
        return create.getCreateOptionsStrings() != null && create.getCreateOptionsStrings().stream()
                .anyMatch(o -> o.equalsIgnoreCase("TEMP") || o.equalsIgnoreCase("TEMPORARY"));
    }

    private List<Finding> checkTokens(StatementContext statement) {
        String first = statement.firstWord();
        String second = statement.wordAt(1);
        if (first.equals("DROP") && !second.equals("TEMPORARY") && !second.equals("PREPARE")) {
            String kind = ("DROP " + second).strip();
            return List.of(statement.finding(this, kind, List.of(), kind + " removes an object and what it holds"));
        }
        if (first.equals("CREATE") && second.equals("OR") && statement.wordAt(2).equals("REPLACE")
                && statement.wordAt(3).equals("TABLE")) {
            return List.of(statement.finding(this, "CREATE OR REPLACE TABLE", List.of(),
                    "CREATE OR REPLACE TABLE drops the existing table and all its rows"));
        }
        if (first.equals("ALTER") && (statement.hasTopLevelSequence("DROP", "PARTITION")
                || statement.hasTopLevelSequence("DISCARD"))) {
            return List.of(statement.finding(this, "ALTER TABLE DROP PARTITION", List.of(),
                    "ALTER TABLE drops or discards partitions or tablespaces, and their rows"));
        }
        if (first.equals("ALTER") && (statement.hasTopLevelSequence("DROP", "INDEX")
                || statement.hasTopLevelSequence("DROP", "KEY"))) {
            return List.of(statement.finding(this, "ALTER TABLE DROP INDEX", List.of(), "ALTER TABLE drops an index"));
        }
        return List.of();
    }
}
