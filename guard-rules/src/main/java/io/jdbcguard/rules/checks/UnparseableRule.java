package io.jdbcguard.rules.checks;

import static io.jdbcguard.rules.RuleExample.mysql;
import static io.jdbcguard.rules.RuleExample.postgresql;

import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.RuleExample;
import io.jdbcguard.rules.RuleInfo;
import io.jdbcguard.rules.semantics.AlterTableClauses;
import io.jdbcguard.rules.semantics.HarmlessStatements;
import java.util.List;

/**
 * Rule {@code unparseable}: a statement the guard could not parse and whose tokens do not show it to be read-only,
 * so it may change data in ways the other rules cannot see.
 *
 * <p>A statement is unparseable when JSQLParser rejects it, when its parentheses nest deeper than
 * {@value StatementParser#MAX_DEPTH} or when it has more than {@value StatementParser#MAX_TOKENS} tokens (both
 * limits keep analysis time bounded). The finding's reason quotes the parser's complaint. Destructive statements are
 * also reported by their real rule from tokens ({@code DROP USER} by {@code drop}, {@code TRUNCATE} by
 * {@code truncate}, a {@code DELETE} without WHERE by {@code delete-without-where}).
 *
 * <p>Allowed (read-only, session and append-only statements, judged by {@link HarmlessStatements}): queries,
 * {@code SHOW}, {@code SET}, transaction control ({@code BEGIN}, {@code START TRANSACTION}, {@code COMMIT},
 * {@code ROLLBACK}, {@code SAVEPOINT}), {@code VACUUM}, {@code ANALYZE}, {@code REINDEX}, {@code LOCK TABLE},
 * {@code COPY ... TO}, {@code EXPLAIN} without {@code ANALYZE}, cursors, {@code LISTEN}/{@code NOTIFY}, and
 * {@code INSERT} (it only adds rows; this keeps bulk inserts longer than the token limit usable), as long as no later
 * word in them removes or overwrites data or schema. Opaque statements are reported by {@code opaque} instead. An
 * {@code ALTER TABLE} the parser did not understand is judged clause by clause ({@link AlterTableClauses}): when
 * every clause is understood, its destructive clauses are reported by their rules and nothing by this one.
 * JSQLParser results that only look like understanding ({@link io.jdbcguard.rules.analyzer.Misunderstandings}) count as
 * not parsed. Statement
 * forms JSQLParser cannot parse but that are harmless by their documented grammar (catalog DDL, comments,
 * privileges, maintenance: {@link io.jdbcguard.rules.semantics.HarmlessForms}) are allowed, and a statement that fails
 * at a column named like a
 * JSQLParser key word is parsed again with the name quoted ({@link io.jdbcguard.rules.parsing.KeywordIdentifiers}).
 */
@RuleInfo(id = "unparseable",
        summary = "a statement the guard cannot parse and cannot show to be read-only")
public final class UnparseableRule extends AnnotatedRule implements StatementCheck {
    @Override
    public List<RuleExample> blocks() {
        return List.of(
                postgresql("COPY users FROM '/tmp/users.csv'", "loads rows; not parseable"),
                postgresql("DROP USER app_user", "also reported by drop"),
                postgresql("SECURITY LABEL ON TABLE users IS 'x'", "unknown to the parser"),
                postgresql("DELETE FROM \"public.users\" WHERE id = 5",
                        "a quoted name holding a dot, which the parser would read as two names"),
                mysql("LOAD DATA INFILE '/tmp/users.csv' REPLACE INTO TABLE users", "REPLACE overwrites rows"),
                mysql("HANDLER users OPEN", "unknown to the parser"));
    }

    @Override
    public List<RuleExample> allows() {
        return List.of(
                postgresql("BEGIN", "transaction control"),
                postgresql("SET search_path TO app, public", "session setting"),
                postgresql("VACUUM ANALYZE users", "maintenance, no data change"),
                postgresql("LOCK TABLE users IN ACCESS EXCLUSIVE MODE", "locks, no data change"),
                postgresql("COPY users TO STDOUT", "reads"),
                postgresql("COMMENT ON FUNCTION cube_ne(cube, cube) IS 'different'", "a harmless form (HarmlessForms)"),
                postgresql("DELETE FROM hosts WHERE uuid = 'abc'", "parsed again with uuid quoted (KeywordIdentifiers)"),
                mysql("START TRANSACTION READ ONLY", "transaction control"),
                mysql("SHOW CREATE TABLE users", "reads"),
                mysql("GRANT SELECT ON radius.nas TO 'radius'@'localhost'", "a harmless form (HarmlessForms)"));
    }

    /**
     * A finding for a text the guard cannot read for sure, whatever it contains.
     *
     * @param statement the text
     * @param why why it cannot be read, completing "the guard cannot read this text for sure: ..."
     * @return an {@code unparseable} finding of kind {@code UNKNOWN}
     */
    public static Finding unreadable(String statement, String why) {
        return new Finding("unparseable", "UNKNOWN", List.of(), "the guard cannot read this text for sure: " + why,
                statement);
    }

    @Override
    public List<Finding> check(StatementContext statement) {
        if (statement.parsed() != null || HarmlessStatements.isHarmless(statement.tokens(), statement.dialect())
                || OpaqueRule.kind(statement).isPresent() || AlterTableClauses.allUnderstood(statement.tokens())) {
            return List.of();
        }
        String first = statement.firstWord();
        boolean objectType = first.equals("DROP") || first.equals("CREATE") || first.equals("ALTER");
        String kind = objectType ? (first + " " + statement.wordAt(1)).strip() : first;
        return List.of(statement.finding(this, kind.isEmpty() ? "UNKNOWN" : kind, List.of(),
                "the guard cannot parse this statement (" + statement.parseProblem()
                        + ") and cannot tell what it changes"));
    }
}
