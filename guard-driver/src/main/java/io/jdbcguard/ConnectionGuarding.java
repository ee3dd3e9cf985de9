package io.jdbcguard;

import io.jdbcguard.enforce.AnalysisCache;
import io.jdbcguard.enforce.BreakGlass;
import io.jdbcguard.enforce.GuardContext;
import io.jdbcguard.enforce.GuardedConnections;
import io.jdbcguard.enforce.StatementGuard;
import io.jdbcguard.origin.Origin;
import io.jdbcguard.policy.Policy;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.targets.ServerFacts;
import io.jdbcguard.targets.Target;
import io.jdbcguard.targets.TargetResolver;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * The decision shared by {@link GuardDriver} and {@link GuardDataSource} once a vendor connection is open: ask the
 * server what it is, tag the target, and either guard the connection or hand it back untouched when no rule applies.
 */
final class ConnectionGuarding {
    private ConnectionGuarding() {
    }

    /**
     * @param raw the vendor connection, just opened; closed here if deciding fails
     * @param guardUrl the {@code jdbc:guard:} URL reported by the guarded connection's metadata
     * @param dialect the server's dialect
     * @param policy the policy in force
     * @param origin the connection's origin
     * @param hosts the hosts the connection's URL names
     * @return the guarded connection, or {@code raw} when the policy enforces no rule for the pair
     * @throws SQLException SQLState {@code 42501} if a break-glass reason is set but the policy forbids break-glass
     */
    static Connection guard(Connection raw, String guardUrl, Dialect dialect, Policy policy, Origin origin,
            List<String> hosts) throws SQLException {
        try {
            ServerFacts server = ServerFacts.read(raw, dialect);
            Target target = TargetResolver.resolve(hosts, server, policy);
            Set<String> rules = policy.rulesFor(origin.name(), target.environments());
            if (rules.isEmpty()) {
                return raw;
            }
            String breakGlass = BreakGlass.reason(System::getProperty, System::getenv);
            if (breakGlass != null && !policy.breakGlassAllowed()) {
                throw new SQLException("jdbc-guard: " + BreakGlass.ENV + " is set but the policy ("
                        + policy.files() + ") says break-glass: false. Unset it, or ask the policy's owner.",
                        GuardViolationException.SQLSTATE);
            }
            GuardContext context = new GuardContext(origin, target,
                    policy.guardsFor(origin.name(), target.environments()), rules, breakGlass);
            return GuardedConnections.wrap(raw, guardUrl,
                    new StatementGuard(AnalysisCache.of(dialect, server.backslashEscapes()), context));
        } catch (SQLException | RuntimeException | Error e) {
            raw.close();
            throw e;
        }
    }
}
