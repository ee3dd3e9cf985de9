package io.jdbcguard.rules.checks;

import static io.jdbcguard.rules.RuleExample.mysql;
import static io.jdbcguard.rules.RuleExample.postgresql;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.RuleExample;
import io.jdbcguard.rules.RuleInfo;
import io.jdbcguard.rules.lexing.CompoundStatements;
import java.util.List;
import java.util.Optional;

/**
 * Rule {@code opaque}: a statement that runs code the guard cannot see into, so it may do anything.
 *
 * <p>Reports PostgreSQL {@code DO} blocks (<a href="https://www.postgresql.org/docs/current/sql-do.html">DO</a>),
 * MariaDB compound statements run outside stored programs ({@code BEGIN NOT ATOMIC ... END}, {@code IF},
 * {@code CASE}, {@code LOOP}, {@code WHILE}, {@code REPEAT}, {@code FOR}; <a
 * href="https://mariadb.com/kb/en/using-compound-statements-outside-of-stored-programs/">Using Compound Statements
 * Outside of Stored Programs</a>, {@link CompoundStatements}),
 * {@code CALL} of a procedure in both dialects (also the JDBC escape {@code {call p(?)}}), MySQL
 * {@code PREPARE s FROM @variable} and MariaDB {@code EXECUTE IMMEDIATE @variable}, whose text is only known to the
 * server (<a href="https://dev.mysql.com/doc/refman/8.4/en/prepare.html">PREPARE</a>).
 *
 * <p>Allowed: {@code PREPARE} and {@code EXECUTE IMMEDIATE} of a string literal (the literal is checked as SQL),
 * {@code EXECUTE} of a prepared statement (its text was checked at {@code PREPARE}), creating functions and
 * procedures, and user-defined functions called in a query: they are too common to block, so a function that
 * deletes rows is a known gap.
 */
@RuleInfo(id = "opaque",
        summary = "DO blocks and compound statements, CALL of procedures, PREPARE or EXECUTE IMMEDIATE of text held in "
        + "a variable")
public final class OpaqueRule extends AnnotatedRule implements StatementCheck {
    @Override
    public List<RuleExample> blocks() {
        return List.of(
                postgresql("DO $$ BEGIN EXECUTE 'DROP TABLE users'; END $$", "an anonymous code block"),
                postgresql("CALL archive_orders(2019)", "a procedure may do anything"),
                mysql("{call archive_orders(?)}", "JDBC escape for CALL"),
                mysql("BEGIN NOT ATOMIC DECLARE n INT DEFAULT 0; SELECT count(*) INTO n FROM orders; END",
                        "a MariaDB anonymous block, one statement"),
                mysql("PREPARE s FROM @sql", "the text is in a server variable"),
                mysql("EXECUTE IMMEDIATE @sql", "MariaDB: the text is in a server variable"));
    }

    @Override
    public List<RuleExample> allows() {
        return List.of(
                postgresql("SELECT my_function(id) FROM users", "functions in queries are not inspected"),
                postgresql("EXECUTE fetch_user(1)", "runs a statement checked at PREPARE"),
                mysql("PREPARE s FROM 'SELECT * FROM users WHERE id = ?'", "the literal text is checked"),
                mysql("EXECUTE s USING @id", "runs a statement checked at PREPARE"),
                mysql("CREATE PROCEDURE archive_orders(IN y INT) BEGIN DELETE FROM orders WHERE year = y; END",
                        "creating a procedure runs nothing"));
    }

    @Override
    public List<Finding> check(StatementContext statement) {
        return kind(statement).map(kind -> List.of(statement.finding(this, kind, List.of(),
                kind + " runs code the guard cannot inspect"))).orElse(List.of());
    }

    /**
     * Recognises an opaque statement from its tokens, parsed or not.
     *
     * @param statement the statement
     * @return the kind of opaque statement, e.g. {@code CALL}; empty when it is not opaque
     */
    static Optional<String> kind(StatementContext statement) {
        String first = statement.firstWord();
        if (first.equals("DO") && statement.dialect() == Dialect.POSTGRESQL) {
            return Optional.of("DO");
        }
        if (statement.dialect() == Dialect.MYSQL && CompoundStatements.isAnonymousBlock(statement.tokens())) {
            return Optional.of(first + " compound statement");
        }
        if (first.equals("CALL")) {
            return Optional.of("CALL");
        }
        if (first.equals("PREPARE") && statement.dialect() == Dialect.MYSQL) {
            return Optional.of("PREPARE FROM variable");
        }
        if (first.equals("EXECUTE") && statement.wordAt(1).equals("IMMEDIATE")) {
            return Optional.of("EXECUTE IMMEDIATE variable");
        }
        return Optional.empty();
    }
}
