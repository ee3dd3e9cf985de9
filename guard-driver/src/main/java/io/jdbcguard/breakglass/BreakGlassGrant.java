package io.jdbcguard.breakglass;

import io.jdbcguard.policy.Policy;
import java.time.Duration;
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
 * @param flaw why the grant cannot be trusted as written (a grant file edited after {@code jdbc-guard break-glass}
 *     wrote it, or one without its seal), or null
 */
public record BreakGlassGrant(String reason, String osUser, String host, Instant created, Instant expires,
        String target, String source, String flaw) {
    /** The target of a grant that covers every environment. */
    public static final String ALL = "*";
    /** How far a grant's {@code created} may lie ahead of this machine's clock (another machine's clock, NTP). */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /**
     * A grant without a flaw.
     *
     * @param reason why
     * @param osUser the OS user who gave it
     * @param host the machine it was given on
     * @param created when it was given
     * @param expires when it ends
     * @param target the environment it covers
     * @param source where it comes from
     */
    public BreakGlassGrant(String reason, String osUser, String host, Instant created, Instant expires,
            String target, String source) {
        this(reason, osUser, host, created, expires, target, source, null);
    }

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
        return policy.breakGlassAllowed() && invalidity(policy, now) == null;
    }

    /**
     * @param policy the policy in force now
     * @param now the current time
     * @return why the grant is not valid now, in words, or null when it is (break-glass being allowed): edited or
     *     unsealed, created in the future (beyond {@link #CLOCK_SKEW}), longer than the policy's {@code max},
     *     expired, or past the policy's {@code max} counted from its creation
     */
    public String invalidity(Policy policy, Instant now) {
        if (flaw != null) {
            return flaw;
        }
        if (created.isAfter(now.plus(CLOCK_SKEW))) {
            return "created " + created + ", in the future (this machine's clock says " + now + ")";
        }
        if (Duration.between(created, expires).compareTo(policy.breakGlassMax()) > 0) {
            return "it lasts " + Duration.between(created, expires) + ", longer than the policy's max "
                    + policy.breakGlassMax();
        }
        if (!now.isBefore(expires) || !now.isBefore(created.plus(policy.breakGlassMax()))) {
            return "expired";
        }
        return null;
    }
}
