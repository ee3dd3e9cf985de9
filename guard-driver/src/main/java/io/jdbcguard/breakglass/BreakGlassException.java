package io.jdbcguard.breakglass;

/**
 * A break-glass request that is refused: the policy forbids break-glass, the requested time is longer than the policy
 * allows, or {@code JDBC_GUARD_BREAK_GLASS} is not written as required. The message says what to do instead.
 */
public final class BreakGlassException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message the complete explanation, with the fix */
    public BreakGlassException(String message) {
        super(message);
    }
}
