package io.jdbcguard.enforce;

import java.util.function.Function;

/**
 * The documented emergency exit: a reason given in environment variable {@value #ENV} (or system property
 * {@value #PROPERTY}) lets blocked statements through for this process, each one logged at WARNING with the reason,
 * unless the policy says {@code break-glass: false}.
 */
public final class BreakGlass {
    /** Environment variable holding the break-glass reason. */
    public static final String ENV = "JDBC_GUARD_BREAK_GLASS";
    /** System property holding the break-glass reason, read before the environment variable. */
    public static final String PROPERTY = "jdbcguard.breakGlass";

    private BreakGlass() {
    }

    /**
     * @param properties looks up system properties
     * @param environment looks up environment variables
     * @return the reason given, or null when none is
     */
    public static String reason(Function<String, String> properties, Function<String, String> environment) {
        String reason = properties.apply(PROPERTY);
        if (reason == null || reason.isBlank()) {
            reason = environment.apply(ENV);
        }
        return reason == null || reason.isBlank() ? null : reason.strip();
    }
}
