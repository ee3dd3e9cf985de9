package io.jdbcguard.decision;

import io.jdbcguard.audit.AuditTrails;
import io.jdbcguard.breakglass.BreakGlassSession;
import io.jdbcguard.enforce.GuardContext;
import io.jdbcguard.policy.PairGuards;
import io.jdbcguard.targets.ServerFacts;
import io.jdbcguard.targets.Target;

/**
 * The decision about one connection once the server has answered: the target and the guards that apply to the pair,
 * with the connection's break-glass.
 *
 * @param plan what was decided before connecting
 * @param server what the server said, or null when it was not asked
 * @param target the target and how it was tagged
 * @param guards the policy's guards for the pair (modes, rules, read-only, row limits); empty when not guarded
 * @param breakGlass the connection's break-glass, or null when the pair is not guarded
 */
public record PairDecision(ConnectPlan plan, ServerFacts server, Target target, PairGuards guards,
        BreakGlassSession breakGlass) {

    /** @return whether statements of this connection are judged */
    public boolean guarded() {
        return !guards.isEmpty();
    }

    /**
     * @param trails the driver's audit trails
     * @param database the connection's product and user, for audit events
     * @return the context a {@code StatementGuard} enforces, recording to the policy's audit trail
     */
    public GuardContext context(AuditTrails trails, GuardContext.DatabaseIdentity database) {
        return new GuardContext(plan.origin(), target, guards, breakGlass, trails.forFile(plan.policy().auditFile()),
                database);
    }
}
