package io.jdbcguard.rules;

/**
 * How a text splits into statements, as the server reads it ({@link SqlLexer}): for callers that must treat a
 * multi-statement text differently, e.g. the driver's row-limit check, which can count the rows of one statement.
 */
public final class Statements {
    private Statements() {
    }

    /**
     * @param settings the session settings the text is read with
     * @param sql a text
     * @return how many non-empty statements it holds
     */
    public static int count(SessionSettings settings, String sql) {
        return new SqlLexer(settings).statements(sql).size();
    }
}
