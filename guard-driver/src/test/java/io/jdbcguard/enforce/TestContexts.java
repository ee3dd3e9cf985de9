package io.jdbcguard.enforce;

import io.jdbcguard.DriverState;
import io.jdbcguard.breakglass.BreakGlassException;
import io.jdbcguard.breakglass.BreakGlassGrants;
import io.jdbcguard.breakglass.BreakGlassSession;
import io.jdbcguard.origin.Origin;
import io.jdbcguard.policy.Policy;
import io.jdbcguard.targets.Target;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/** Guard contexts for the driver layer's unit tests and benchmarks: developer -> production under a policy. */
public final class TestContexts {
    private TestContexts() {
    }

    /**
     * @param state the driver state whose audit trails record
     * @param policy the policy whose guards apply
     * @param folder where break-glass grants and the audit trail ({@code audit.jsonl}) live
     * @return the context of a developer connection to a production server on 127.0.0.2
     */
    public static GuardContext developerToProduction(DriverState state, Policy policy, Path folder) {
        Set<String> production = Set.of("production");
        try {
            return new GuardContext(new Origin("developer", "test"), new Target(List.of("127.0.0.2:5432"),
                    production, List.of("test")), policy.pairGuards("developer", production),
                    BreakGlassSession.open(policy, production, Instant.now(), name -> null, name -> null,
                            ZoneOffset.UTC, new BreakGlassGrants(folder.resolve("break-glass"))),
                    state.auditTrails().forFile(folder.resolve("audit.jsonl")),
                    () -> new String[] {"PostgreSQL", "app"});
        } catch (BreakGlassException e) {
            throw new IllegalStateException(e);
        }
    }
}
