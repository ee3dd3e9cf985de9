package io.jdbcguard;

import java.sql.SQLSyntaxErrorException;

/**
 * Thrown when the policy blocks a statement for this connection's origin and target; nothing of the statement (or of
 * the batch or multi-statement text it belongs to) stays on the server. Most statements are refused before they are
 * sent. A change whose effect only the server can measure (rule {@code row-limit}, the transaction's row budget, a
 * read that may write through a function) runs under a savepoint or in a transaction of the guard's own and is rolled
 * back before this is thrown; when the refusal is by the transaction's budget, the caller's whole transaction is
 * rolled back too, and the message's first line says so ("whole transaction").
 *
 * <p>SQLState is {@value #SQLSTATE}, the SQL standard's "insufficient privilege" class (PostgreSQL's and MySQL's
 * SQLState for a refused privilege), so tools show it as an ordinary permission error.
 */
public class GuardViolationException extends SQLSyntaxErrorException {
    private static final long serialVersionUID = 1L;

    /** The SQLState of every guard violation: {@code 42501}, insufficient privilege. */
    public static final String SQLSTATE = "42501";

    private final String ruleId;

    /**
     * @param message the full explanation: rule, statement, origin, target, how they were decided, ways forward
     * @param ruleId the id of the rule that blocked the statement, e.g. {@code drop}
     */
    public GuardViolationException(String message, String ruleId) {
        super(message, SQLSTATE);
        this.ruleId = ruleId;
    }

    /** @return the id of the rule that blocked the statement, e.g. {@code drop} */
    public String getRuleId() {
        return ruleId;
    }
}
