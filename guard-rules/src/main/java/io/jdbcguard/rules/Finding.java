package io.jdbcguard.rules;

import java.util.List;
import java.util.Objects;

/**
 * One rule's objection to one statement.
 *
 * @param ruleId the id of the rule that produced it, e.g. {@code drop}; see {@link Rules}
 * @param statementKind what the statement does, in SQL words, e.g. {@code DROP TABLE} or {@code DELETE}
 * @param objects the objects the statement acts on as written (e.g. {@code public.users}); may be empty
 * @param reason one sentence saying why the rule objects, for people
 * @param statement the text of the single statement the finding is about (one of possibly several in the input)
 * @param toolBookkeeping true when the statement is one a migration tool (Flyway, Liquibase) sends on its own
 *     history or lock table and the finding is about its rows ({@link ToolBookkeeping}): callers do not block it
 * @param ifExists true when the statement changes nothing unless one of its objects exists ({@code DROP TABLE IF
 *     EXISTS t}): a caller that can ask the server lets it through when none of them does
 */
public record Finding(String ruleId, String statementKind, List<String> objects, String reason, String statement,
        boolean toolBookkeeping, boolean ifExists) {
    /**
     * Validates and copies the components; all are required.
     *
     * @param ruleId the id of the rule that produced it
     * @param statementKind what the statement does, in SQL words
     * @param objects the objects the statement acts on as written
     * @param reason one sentence saying why the rule objects
     * @param statement the text of the single statement the finding is about
     * @param toolBookkeeping whether it is a migration tool's exempt bookkeeping
     * @param ifExists whether the statement changes nothing unless one of its objects exists
     * @throws NullPointerException if a component is null
     */
    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(statementKind, "statementKind");
        objects = List.copyOf(objects);
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(statement, "statement");
    }

    /**
     * A finding that is not a migration tool's bookkeeping.
     *
     * @param ruleId the id of the rule that produced it
     * @param statementKind what the statement does, in SQL words
     * @param objects the objects the statement acts on as written
     * @param reason one sentence saying why the rule objects
     * @param statement the text of the single statement the finding is about
     * @throws NullPointerException if a component is null
     */
    public Finding(String ruleId, String statementKind, List<String> objects, String reason, String statement) {
        this(ruleId, statementKind, objects, reason, statement, false, false);
    }

    /**
     * @return this finding marked as a migration tool's exempt bookkeeping
     */
    Finding asToolBookkeeping() {
        return new Finding(ruleId, statementKind, objects, reason, statement, true, ifExists);
    }

    /**
     * @return this finding marked as one about a statement that changes nothing unless one of its objects exists
     */
    Finding ifObjectsExist() {
        return new Finding(ruleId, statementKind, objects, reason, statement, toolBookkeeping, true);
    }
}
