package io.jdbcguard.rules;

import java.util.List;
import java.util.Objects;

/**
 * One rule's objection to one statement.
 *
 * @param ruleId the id of the rule that produced it, e.g. {@code drop}; see {@link io.jdbcguard.rules.analyzer.Rules}
 * @param statementKind what the statement does, in SQL words, e.g. {@code DROP TABLE} or {@code DELETE}
 * @param objects the objects the statement acts on as written (e.g. {@code public.users}); may be empty
 * @param reason one sentence saying why the rule objects, for people
 * @param statement the text of the single statement the finding is about (one of possibly several in the input)
 * @param toolBookkeeping true when the statement is one a migration tool (Flyway, Liquibase) sends on its own
 *     history or lock table and the finding is about its rows ({@link io.jdbcguard.rules.checks.ToolBookkeeping}):
 * callers do not block it
 * @param unless what the server can show to make the finding moot, for a caller that can ask it; {@link
 *     Unless#NOTHING} for most findings
 */
public record Finding(String ruleId, String statementKind, List<String> objects, String reason, String statement,
        boolean toolBookkeeping, Unless unless) {
    /** What the server can show to make a finding moot. */
    public enum Unless {
        /** Nothing: the finding stands. */
        NOTHING,
        /**
         * The server has none of the finding's objects: the statement ({@code DROP TABLE IF EXISTS t}) then changes
         * nothing.
         */
        OBJECTS_ABSENT,
        /**
         * No trigger executes the finding's objects, PostgreSQL trigger functions: a new body given to such a
         * function ({@code CREATE OR REPLACE FUNCTION f() RETURNS trigger}) arms nothing now, and a trigger created
         * later is judged by the body it executes then.
         */
        UNUSED_BY_TRIGGERS
    }

    /**
     * Validates and copies the components; all are required.
     *
     * @param ruleId the id of the rule that produced it
     * @param statementKind what the statement does, in SQL words
     * @param objects the objects the statement acts on as written
     * @param reason one sentence saying why the rule objects
     * @param statement the text of the single statement the finding is about
     * @param toolBookkeeping whether it is a migration tool's exempt bookkeeping
     * @param unless what the server can show to make the finding moot
     * @throws NullPointerException if a component is null
     */
    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(unless, "unless");
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
        this(ruleId, statementKind, objects, reason, statement, false, Unless.NOTHING);
    }

    /**
     * @return this finding marked as a migration tool's exempt bookkeeping
     */
    public Finding asToolBookkeeping() {
        return new Finding(ruleId, statementKind, objects, reason, statement, true, unless);
    }

    /**
     * @param what what the server can show to make the finding moot
     * @return this finding, moot when the server shows it
     */
    public Finding unless(Unless what) {
        return new Finding(ruleId, statementKind, objects, reason, statement, toolBookkeeping, what);
    }
}
