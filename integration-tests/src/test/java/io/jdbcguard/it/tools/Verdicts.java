package io.jdbcguard.it.tools;

import java.sql.SQLException;
import java.util.Optional;

import io.jdbcguard.GuardViolationException;

/** Finds the guard's verdict in the exception a tool reports, however deep the tool wrapped it. */
final class Verdicts {

    /** The SQLState of a blocked statement. */
    static final String BLOCKED_SQL_STATE = "42501";

    private Verdicts() {
    }

    /**
     * @param thrown what a tool threw
     * @return the first {@link SQLException} with SQLState {@value #BLOCKED_SQL_STATE} in the cause chain (including
     * {@code thrown} itself and each {@code SQLException.getNextException()}), if any
     */
    static Optional<SQLException> blockedBy(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if (BLOCKED_SQL_STATE.equals(e.getSQLState())) {
                        return Optional.of(e);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * @param thrown what a tool threw
     * @return whether the guard's own {@link GuardViolationException} is in the cause chain
     */
    static boolean hasGuardViolation(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof GuardViolationException) {
                return true;
            }
        }
        return false;
    }
}
