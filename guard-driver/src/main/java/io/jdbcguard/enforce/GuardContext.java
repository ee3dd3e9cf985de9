package io.jdbcguard.enforce;

import io.jdbcguard.audit.AuditTrail;
import io.jdbcguard.breakglass.BreakGlassSession;
import io.jdbcguard.origin.Origin;
import io.jdbcguard.policy.PairGuards;
import io.jdbcguard.targets.Target;

/**
 * Everything decided about one guarded connection when it was opened: the pair, the guards that apply (their modes,
 * rules, read-only and row limits), the connection's break-glass and where its audit trail goes.
 *
 * @param origin where the connection comes from and why
 * @param target where it goes and why
 * @param guards the policy's guards for the pair, combined (strictest wins)
 * @param breakGlass the connection's break-glass: a grant it holds lets a statement the guard would block run
 * @param audit the audit trail that records blocks, would-blocks and statements let through by break-glass
 * @param database the vendor connection's product and user, read only when an event is recorded
 */
public record GuardContext(Origin origin, Target target, PairGuards guards, BreakGlassSession breakGlass,
        AuditTrail audit, DatabaseIdentity database) {

    /** @return the pair for messages, e.g. {@code developer -> production} */
    public String pair() {
        return origin.name() + " -> " + target.describe();
    }

    /** The database product and user of a connection, for audit events; looked up on first use. */
    @FunctionalInterface
    public interface DatabaseIdentity {
        /**
         * @return the product name and the database user, e.g. {@code ["PostgreSQL", "app"]}; nulls when unknown
         */
        String[] productAndUser();
    }
}
