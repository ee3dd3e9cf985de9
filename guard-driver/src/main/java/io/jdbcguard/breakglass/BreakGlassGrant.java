package io.jdbcguard.breakglass;

import io.jdbcguard.policy.Policy;
import java.time.Instant;

/**
 * A time-boxed permission to run statements the guard would block, given with a reason: a file written by
 * {@code jdbc-guard break-glass --reason ... --for ...} ({@link BreakGlassGrants}) or environment variable
 * {@code JDBC_GUARD_BREAK_GLASS} ({@link BreakGlassVariable}).
 *
 * @param reason why, e.g. {@code INC-123 restore orders}
 * @param osUser the OS user who gave it
 * @param host the machine it was given on
 * @param created when it was given
 * @param expires when it ends
 * @param target the environment it covers, e.g. {@code production}, or {@link #ALL} for every environment
 * @param source where it comes from, for messages: the grant file, or the variable's name
 */
public record BreakGlassGrant(String reason, String osUser, String host, Instant created, Instant expires,
        String target, String source) {
    /** The target of a grant that covers every environment. */
    public static final String ALL = "*";

    /**
     * @param environment one of a connection's environment tags
     * @return true if this grant covers it
     */
    public boolean covers(String environment) {
        return target.equals(ALL) || target.equals(environment);
    }

    /**
     * @param policy the policy in force now (it may have changed since the grant was given)
     * @param now the current time
     * @return true if the policy allows break-glass and {@code now} is before both the expiry and the policy's
     *     {@code max} counted from the grant's creation (a tightened policy shortens existing grants)
     */
    public boolean validAt(Policy policy, Instant now) {
        return policy.breakGlassAllowed() && now.isBefore(expires)
                && now.isBefore(created.plus(policy.breakGlassMax()));
    }
}
