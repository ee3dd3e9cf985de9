package io.jdbcguard.rules;

import java.util.Objects;

/**
 * A statement a {@link Rule} blocks or allows, for documentation and tests.
 *
 * @param dialect the dialect the example is written in
 * @param sql the statement
 * @param note why it is blocked or allowed; may be empty
 */
public record RuleExample(Dialect dialect, String sql, String note) {
    /**
     * Validates that all components are present.
     *
     * @param dialect the dialect the example is written in
     * @param sql the statement
     * @param note why it is blocked or allowed; may be empty
     * @throws NullPointerException if a component is null
     */
    public RuleExample {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(note, "note");
    }

    /**
     * A PostgreSQL example.
     *
     * @param sql the statement
     * @param note why it is blocked or allowed
     * @return the example
     */
    public static RuleExample postgresql(String sql, String note) {
        return new RuleExample(Dialect.POSTGRESQL, sql, note);
    }

    /**
     * A MySQL/MariaDB example.
     *
     * @param sql the statement
     * @param note why it is blocked or allowed
     * @return the example
     */
    public static RuleExample mysql(String sql, String note) {
        return new RuleExample(Dialect.MYSQL, sql, note);
    }
}
