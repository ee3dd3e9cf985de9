package io.jdbcguard.breakglass;

import io.jdbcguard.policy.DurationText;
import io.jdbcguard.policy.Policy;
import java.time.Duration;
import java.time.Instant;

/** The policy's limits on a break-glass request, checked the same way for grant files and the variable. */
final class BreakGlassLimits {
    private BreakGlassLimits() {
    }

    /**
     * @param policy the policy in force
     * @param now when the request is made
     * @param expires the requested expiry
     * @param fix what to write instead, appended to the message when the request is too long or over
     * @throws BreakGlassException if the policy forbids break-glass, the expiry is not after {@code now}, or it is
     *     further from {@code now} than the policy's max
     */
    static void check(Policy policy, Instant now, Instant expires, String fix) throws BreakGlassException {
        if (!policy.breakGlassAllowed()) {
            throw new BreakGlassException("jdbc-guard: break-glass is forbidden by the policy ("
                    + policy.breakGlassSource() + "), so no grant is given or used. Run the change from the origin"
                    + " that owns it (e.g. the CI pipeline), or ask the policy's owner.");
        }
        if (!expires.isAfter(now)) {
            throw new BreakGlassException("jdbc-guard: the break-glass time ended at " + expires + " (it is now "
                    + now + "). " + fix);
        }
        Duration length = Duration.between(now, expires);
        if (length.compareTo(policy.breakGlassMax()) > 0) {
            throw new BreakGlassException("jdbc-guard: break-glass for " + DurationText.format(length)
                    + " is longer than the policy allows: at most " + DurationText.format(policy.breakGlassMax())
                    + " (" + policy.breakGlassSource() + "). " + fix);
        }
    }
}
