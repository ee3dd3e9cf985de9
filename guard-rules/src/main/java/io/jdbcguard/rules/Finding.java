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
 */
public record Finding(String ruleId, String statementKind, List<String> objects, String reason, String statement) {
    /**
     * Validates and copies the components; all are required.
     *
     * @param ruleId the id of the rule that produced it
     * @param statementKind what the statement does, in SQL words
     * @param objects the objects the statement acts on as written
     * @param reason one sentence saying why the rule objects
     * @param statement the text of the single statement the finding is about
     * @throws NullPointerException if a component is null
     */
    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(statementKind, "statementKind");
        objects = List.copyOf(objects);
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(statement, "statement");
    }
}
