package io.jdbcguard.rules.checks;

import static io.jdbcguard.rules.RuleExample.mysql;
import static io.jdbcguard.rules.RuleExample.postgresql;

import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.RuleExample;
import io.jdbcguard.rules.RuleInfo;
import io.jdbcguard.rules.lexing.Token;
import io.jdbcguard.rules.semantics.AlterTableClauses;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rule {@code lossy-alter}: an {@code ALTER TABLE} that deletes rows or overwrites column values although it drops
 * nothing.
 *
 * <ul>
 *   <li>MariaDB {@code ALTER [ONLINE] IGNORE TABLE} (<a href="https://mariadb.com/kb/en/alter-table/#ignore">ALTER
 *       TABLE, IGNORE</a>: "only one row is used of rows with duplicates on a unique key. The other conflicting rows
 *       are deleted. Incorrect values are truncated to the closest matching acceptable value"): with a clause that
 *       adds a unique or primary key ({@code ADD UNIQUE}, {@code ADD PRIMARY KEY}, {@code ADD CONSTRAINT c UNIQUE},
 *       a column added or changed with {@code UNIQUE} or {@code PRIMARY KEY}) the duplicates are deleted; with
 *       {@code PARTITION BY} the rows that fit no partition are (both checked on MariaDB 10.11 by
 *       {@code DestructiveDdlIT}); with {@code MODIFY}, {@code CHANGE} or
 *       {@code ALTER COLUMN ... TYPE} values that do not fit the new type are cut to the closest one.
 *   <li>PostgreSQL {@code ALTER [COLUMN] c [SET DATA] TYPE t USING expression} whose expression does not mention
 *       {@code c}: every row's value is replaced by something not derived from it (<a
 *       href="https://www.postgresql.org/docs/current/sql-altertable.html">ALTER TABLE, SET DATA TYPE</a>).
 * </ul>
 *
 * <p>From the text alone (the command line's {@code check}, and this class), a column type change without
 * {@code IGNORE} or a constant {@code USING} is allowed whatever the new type, because the old type is not known: MySQL
 * also restates a column's full type to change only its nullability or default (Liquibase's
 * {@code addNotNullConstraint} sends {@code MODIFY active BOOLEAN NOT NULL}; Rails sends
 * {@code CHANGE active active tinyint(1) NOT NULL}), so judging by the new type alone would block routine migrations.
 * The driver judges every type change ({@link io.jdbcguard.rules.Analysis#typeChanges()}) against the column's live
 * type instead: a
 * conversion that may round, cut or replace values ({@link io.jdbcguard.rules.analyzer.TypeConversions}: {@code
 * numeric(10,2)} to
 * {@code integer}, {@code timestamp} to {@code date}, {@code USING name::varchar(2)}, a {@code USING} expression that
 * is more than a cast of the column, a MariaDB {@code MODIFY name VARCHAR(2)} without strict mode) of a table that
 * holds rows is a finding of this rule, naming the table, the column, the old and the new type; widenings, restated
 * types and narrowings the server refuses with an error when a value does not fit are allowed. Without
 * {@code IGNORE}, adding a unique key over duplicates and repartitioning over rows that fit no partition fail, deleting
 * nothing.
 */
@RuleInfo(id = "lossy-alter",
        summary = "ALTER IGNORE TABLE adding a unique key, repartitioning or changing a column type, ALTER COLUMN "
        + "TYPE ... USING an expression not derived from the column, and (in the driver, against the live "
        + "column) a column type change that may round, cut or replace values of a table holding rows")
public final class LossyAlterRule extends AnnotatedRule implements StatementCheck {
    @Override
    public List<RuleExample> blocks() {
        return List.of(
                postgresql("ALTER TABLE users ALTER COLUMN name TYPE varchar(20) USING 'anonymous'",
                        "every name is replaced by a constant"),
                postgresql("ALTER TABLE orders ALTER total SET DATA TYPE integer USING 0", ""),
                mysql("ALTER IGNORE TABLE users ADD UNIQUE (name)", "deletes all but one user of each name"),
                mysql("ALTER IGNORE TABLE users ADD CONSTRAINT users_pk PRIMARY KEY (id)", ""),
                mysql("ALTER IGNORE TABLE orders PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (1000))",
                        "deletes the rows that fit no partition"),
                mysql("ALTER IGNORE TABLE users MODIFY name VARCHAR(5)", "cuts longer names instead of failing"));
    }

    @Override
    public List<RuleExample> allows() {
        return List.of(
                postgresql("ALTER TABLE users ALTER COLUMN id TYPE bigint", "a widening; the driver judges every type "
                        + "change against the live column"),
                postgresql("ALTER TABLE users ALTER COLUMN name SET DATA TYPE text", "Hibernate's spelling"),
                postgresql("ALTER TABLE users ALTER COLUMN name TYPE integer USING name::integer",
                        "derived from the column; the driver blocks it on a table holding rows (text to integer "
                        + "is not known to keep every value)"),
                mysql("ALTER TABLE users MODIFY name VARCHAR(200)", "widening when the column was shorter; the "
                        + "driver blocks a shorter type on a table holding rows without strict mode"),
                mysql("ALTER TABLE users MODIFY active BOOLEAN NOT NULL",
                        "restates the type to change nullability; strict mode fails rather than cuts"),
                mysql("ALTER TABLE users ADD UNIQUE (name)", "without IGNORE, duplicates make it fail"),
                mysql("ALTER TABLE orders PARTITION BY HASH (id) PARTITIONS 4",
                        "without IGNORE, repartitioning keeps every row or fails"));
    }

    @Override
    public List<Finding> check(StatementContext statement) {
        Optional<AlterTableClauses.AlterTable> alter = AlterTableClauses.read(statement.tokens());
        if (alter.isEmpty()) {
            return List.of();
        }
        List<String> tables = List.of(alter.get().table());
        List<Finding> findings = new ArrayList<>();
        for (List<Token> clause : alter.get().clauses()) {
            Loss loss = loss(clause, alter.get().ignore());
            if (loss != null) {
                findings.add(statement.finding(this, loss.kind(), tables, loss.reason()));
            }
        }
        if (alter.get().ignore() && statement.hasTopLevelSequence("PARTITION", "BY")) {
            findings.add(statement.finding(this, "ALTER IGNORE TABLE PARTITION BY", tables,
                    "ALTER IGNORE TABLE ... PARTITION BY deletes the rows that fit no new partition"));
        }
        return findings;
    }

    /**
     * What a clause loses.
     *
     * @param kind the statement kind for the finding
     * @param reason why, for the finding
     */
    private record Loss(String kind, String reason) {
    }

    private static Loss loss(List<Token> clause, boolean ignore) {
        Token first = clause.get(0);
        boolean addsOrChanges = first.isWord("ADD") || first.isWord("MODIFY") || first.isWord("CHANGE");
        if (ignore && addsOrChanges && clause.stream().anyMatch(t -> t.depth() == 0
                && (t.isWord("UNIQUE") || t.isWord("PRIMARY")))) {
            return new Loss("ALTER IGNORE TABLE ADD UNIQUE", "ALTER IGNORE TABLE deletes every row that duplicates "
                    + "another on the new unique or primary key");
        }
        boolean typeChange = first.isWord("MODIFY") || first.isWord("CHANGE") || first.isWord("ALTER")
                && clause.stream().anyMatch(t -> t.depth() == 0 && t.isWord("TYPE"));
        if (ignore && typeChange) {
            return new Loss("ALTER IGNORE TABLE " + first.value(), "ALTER IGNORE TABLE cuts the values that do not "
                    + "fit the new column type to the closest value that does, instead of failing");
        }
        Optional<AlterTableClauses.TypeClause> type = AlterTableClauses.typeChange(clause);
        if (first.isWord("ALTER") && type.isPresent() && !type.get().using().isEmpty()) {
            String name = AlterTableClauses.name(type.get().column());
            boolean derived = type.get().using().stream()
                    .anyMatch(t -> (t.kind() == Token.Kind.WORD || t.kind() == Token.Kind.QUOTED_IDENTIFIER)
                            && AlterTableClauses.name(t).equalsIgnoreCase(name));
            return derived ? null : new Loss("ALTER TABLE ALTER COLUMN TYPE USING", "ALTER COLUMN " + name
                    + " TYPE ... USING replaces every row's value of " + name + " by an expression not derived from it");
        }
        return null;
    }
}
