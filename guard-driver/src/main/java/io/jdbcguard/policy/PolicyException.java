package io.jdbcguard.policy;

/**
 * A policy file that cannot be used: unreadable, not YAML, or not the policy's shape. The message names the file, the
 * line and column (1-based) and what was expected there, so the fix is obvious.
 */
public final class PolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the complete explanation, including file, line, column and the fix
     * @param cause the underlying error, or null
     */
    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
