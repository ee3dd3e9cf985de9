package io.jdbcguard.breakglass;

import io.jdbcguard.policy.Policy;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Break-glass for one connection: the variable ({@link BreakGlassVariable}) checked once when the connection opens,
 * and the grant files ({@link BreakGlassGrants}) asked whenever a statement would be blocked, so a grant given or
 * ended while the connection is open applies to its next statement. A grant is never used when the policy forbids
 * break-glass. Thread-safe.
 */
public final class BreakGlassSession {
    private final Policy policy;
    private final Set<String> environments;
    private final BreakGlassGrant variableGrant;
    private final BreakGlassGrants grants;

    private BreakGlassSession(Policy policy, Set<String> environments, BreakGlassGrant variableGrant,
            BreakGlassGrants grants) {
        this.policy = policy;
        this.environments = Set.copyOf(environments);
        this.variableGrant = variableGrant;
        this.grants = grants;
    }

    /**
     * Opens break-glass for a connection, reading this JVM's system properties and environment, this machine's time
     * zone and the user's grant folder ({@link BreakGlassGrants#standard()}).
     *
     * @param policy the policy in force when the connection opens
     * @param environments the connection's environment tags
     * @param now the current time
     * @return the connection's break-glass
     * @throws BreakGlassException if {@code JDBC_GUARD_BREAK_GLASS} (or {@code jdbcguard.breakGlass}) is set but
     *     refused (policy forbids it, no or bad or past {@code until=}, beyond the policy's max); the message says
     *     what to write, and the connection should be refused with it
     */
    public static BreakGlassSession open(Policy policy, Set<String> environments, Instant now)
            throws BreakGlassException {
        return open(policy, environments, now, System::getProperty, System::getenv, ZoneId.systemDefault(),
                BreakGlassGrants.standard());
    }

    /**
     * As {@link #open(Policy, Set, Instant)}, with the sources given (for tests and embedding).
     *
     * @param policy the policy in force when the connection opens
     * @param environments the connection's environment tags
     * @param now the current time
     * @param properties looks up system properties
     * @param environment looks up environment variables
     * @param zone the time zone of a local date-time in the variable
     * @param grants the grant folder
     * @return the connection's break-glass
     * @throws BreakGlassException if the variable is set but refused
     */
    public static BreakGlassSession open(Policy policy, Set<String> environments, Instant now,
            Function<String, String> properties, Function<String, String> environment, ZoneId zone,
            BreakGlassGrants grants) throws BreakGlassException {
        BreakGlassGrant fromVariable = BreakGlassVariable.read(properties, environment, policy, now, zone)
                .orElse(null);
        return new BreakGlassSession(policy, environments, fromVariable, grants);
    }

    /**
     * Asks, for a statement that would be blocked, whether a grant lets it through.
     *
     * @param now the current time
     * @return the variable's grant while it is valid, else the valid grant file covering one of the connection's
     *     environments with the latest expiry; empty when none (then the statement is blocked). Record an audit
     *     event {@code break-glass} with the grant's reason and expiry when a statement runs under it.
     */
    public Optional<BreakGlassGrant> active(Instant now) {
        if (variableGrant != null && variableGrant.validAt(policy, now)) {
            return Optional.of(variableGrant);
        }
        return grants.active(policy, environments, now);
    }
}
