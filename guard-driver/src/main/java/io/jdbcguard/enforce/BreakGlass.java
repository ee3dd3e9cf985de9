package io.jdbcguard.enforce;

import io.jdbcguard.breakglass.BreakGlassVariable;
import java.util.function.Function;

/**
 * The names of the documented emergency exit as the enforcement code quotes them in messages, and the raw text
 * given. The variable's format, its checks against the policy and the grant files are in
 * {@code io.jdbcguard.breakglass} ({@link BreakGlassVariable}, {@code BreakGlassSession}).
 */
public final class BreakGlass {
    /** Environment variable holding the break-glass reason and expiry. */
    public static final String ENV = BreakGlassVariable.ENV;
    /** System property holding the break-glass reason and expiry, read before the environment variable. */
    public static final String PROPERTY = BreakGlassVariable.PROPERTY;

    private BreakGlass() {
    }

    /**
     * @param properties looks up system properties
     * @param environment looks up environment variables
     * @return the text given (reason and expiry, unchecked), or null when none is; use
     *     {@code BreakGlassSession.open} for a checked grant
     */
    public static String reason(Function<String, String> properties, Function<String, String> environment) {
        return BreakGlassVariable.text(properties, environment);
    }
}
