package io.jdbcguard.decision;

import io.jdbcguard.DriverState;
import io.jdbcguard.GuardDriver;
import io.jdbcguard.GuardViolationException;
import io.jdbcguard.breakglass.BreakGlassException;
import io.jdbcguard.breakglass.BreakGlassGrants;
import io.jdbcguard.breakglass.BreakGlassSession;
import io.jdbcguard.breakglass.BreakGlassVariable;
import io.jdbcguard.enforce.StatementGuard;
import io.jdbcguard.jdbc.GuardedConnection;
import io.jdbcguard.origin.OriginResolver;
import io.jdbcguard.policy.GuardMode;
import io.jdbcguard.policy.PairGuards;
import io.jdbcguard.policy.Policy;
import io.jdbcguard.policy.PolicyException;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
import io.jdbcguard.targets.ServerFacts;
import io.jdbcguard.targets.Target;
import io.jdbcguard.targets.TargetResolver;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Properties;
import java.util.function.Function;

/**
 * The one decision path of jdbc-guard, used by {@link GuardDriver}, {@code GuardDataSource} and the CLI's
 * {@code doctor}, so they can never disagree: policy, then origin, then the URL's hosts as the vendor driver reads
 * them ({@link #plan}); once connected, the server's marker, fingerprint and session settings in one round trip,
 * then the target and the rules for the pair ({@link #decide}); the connection is handed back as the vendor's own
 * when no guard covers the origin, else guarded, its pair decided when a statement first needs it ({@link #guard}).
 */
public final class Decisions {
    private final DriverState state;
    private final OriginResolver origins;
    private final Function<String, String> properties;
    private final Function<String, String> environment;

    /**
     * @param state the driver's state: its policy loader, and what it learned from earlier connections
     * @param origins decides the origin
     * @param properties looks up system properties (break-glass)
     * @param environment looks up environment variables (break-glass)
     */
    public Decisions(DriverState state, OriginResolver origins, Function<String, String> properties,
            Function<String, String> environment) {
        this.state = state;
        this.origins = origins;
        this.properties = properties;
        this.environment = environment;
    }

    /**
     * @param state the driver's state
     * @return the decisions of this JVM: its policy files, system properties and environment
     */
    public static Decisions standard(DriverState state) {
        return new Decisions(state, OriginResolver.standard(), System::getProperty, System::getenv);
    }

    /**
     * Decides everything that needs no server: policy, origin, vendor driver, dialect, hosts.
     *
     * @param guardUrl a {@code jdbc:guard:} URL
     * @param info the connection properties (they may name host and port)
     * @return the plan
     * @throws SQLException SQLState {@code F0000} when a policy file is invalid (file, line, column and the fix);
     *     {@code 08001} when no vendor driver accepts the URL or the database is not supported
     */
    public ConnectPlan plan(String guardUrl, Properties info) throws SQLException {
        String vendorUrl = GuardDriver.vendorUrl(guardUrl);
        Dialect dialect = GuardDriver.dialect(vendorUrl);
        Driver vendor = state.vendorDrivers().find(vendorUrl);
        Policy policy = policy();
        return new ConnectPlan(policy, origins.resolve(policy), guardUrl, vendorUrl, dialect, vendor,
                state.urlHosts().of(vendorUrl, info, vendor.getClass()));
    }

    /**
     * As {@link #plan(String, Properties)} for a connection opened elsewhere (a wrapped {@code DataSource}): the
     * URL is the connection's own {@code DatabaseMetaData.getURL()}, read with the parser of the connection's driver.
     *
     * @param raw the vendor connection
     * @return the plan, without a vendor driver
     * @throws SQLException as {@link #plan(String, Properties)}, or when the metadata cannot be read
     */
    public ConnectPlan plan(Connection raw) throws SQLException {
        String vendorUrl = raw.getMetaData().getURL();
        Dialect dialect = GuardDriver.dialect(vendorUrl);
        Policy policy = policy();
        return new ConnectPlan(policy, origins.resolve(policy), GuardDriver.guardUrl(vendorUrl), vendorUrl, dialect,
                null, state.urlHosts().of(vendorUrl, new Properties(), raw.getClass()));
    }

    /**
     * Tags the target and finds the rules for the pair.
     *
     * @param plan what was decided before connecting
     * @param server what the server said, or null when it was not asked (tags from the URL only)
     * @return the decision
     * @throws SQLException SQLState {@code 42501} if {@code JDBC_GUARD_BREAK_GLASS} is set but refused (the policy
     *     forbids break-glass, or the value has no valid {@code until=} within the policy's maximum)
     */
    public PairDecision decide(ConnectPlan plan, ServerFacts server) throws SQLException {
        Policy policy = plan.policy();
        Target target = TargetResolver.resolve(plan.hosts(), server, policy, state.hostResolver());
        PairGuards guards = policy.pairGuards(plan.origin().name(), target.environments());
        if (guards.isEmpty()) {
            return new PairDecision(plan, server, target, guards, null);
        }
        try {
            return new PairDecision(plan, server, target, guards, BreakGlassSession.open(policy,
                    target.environments(), Instant.now(), properties, environment, ZoneId.systemDefault(),
                    BreakGlassGrants.standard()));
        } catch (BreakGlassException e) {
            throw new SQLException(e.getMessage(), GuardViolationException.SQLSTATE, e);
        }
    }

    /**
     * Guards the connection: hands it back untouched when no guard of the policy covers the origin; else wraps it so
     * that the server is asked (marker, fingerprint, settings) and the pair decided when a statement first needs it
     * ({@link GuardedConnection#pending}). The pair is decided at once when break-glass is requested (so a refused
     * request fails here) or the connection is not in auto-commit mode (so the server is never asked inside a
     * caller's transaction); then a pair no rule applies to gets the vendor's connection back.
     *
     * @param raw the vendor connection, just opened; closed here if deciding fails
     * @param plan what was decided before connecting
     * @return the guarded connection, or {@code raw}
     * @throws SQLException as {@link #decide}
     */
    public Connection guard(Connection raw, ConnectPlan plan) throws SQLException {
        return closedOnFailure(raw, () -> guarded(raw, plan));
    }

    /**
     * As {@link #guard(Connection, ConnectPlan)} for a connection opened elsewhere (a wrapped {@code DataSource}),
     * planned from its own metadata ({@link #plan(Connection)}).
     *
     * @param raw the vendor connection, just borrowed; closed here (returned to its pool) if deciding fails
     * @return the guarded connection, or {@code raw}
     * @throws SQLException as {@link #plan(Connection)} and {@link #decide}
     */
    public Connection guard(Connection raw) throws SQLException {
        return closedOnFailure(raw, () -> guarded(raw, plan(raw)));
    }

    private Connection guarded(Connection raw, ConnectPlan plan) throws SQLException {
        if (!plan.mayGuard()) {
            return raw;
        }
        if (BreakGlassVariable.text(properties, environment) == null && raw.getAutoCommit()) {
            return GuardedConnection.pending(raw, plan.guardUrl(),
                    state.analyses(SessionSettings.defaults(plan.dialect()).unknown()),
                    () -> statementGuard(raw, plan));
        }
        StatementGuard guard = statementGuard(raw, plan);
        return guard == null ? raw : GuardedConnection.wrap(raw, plan.guardUrl(), guard);
    }

    /**
     * Asks the server and decides the pair.
     *
     * @return the guard of the connection's statements, or null when the policy enforces no rule for the pair
     */
    private StatementGuard statementGuard(Connection raw, ConnectPlan plan) throws SQLException {
        ServerFacts server = ServerFacts.read(raw, plan.dialect(), plan.where(), state.serverWarnings());
        PairDecision decision = decide(plan, server);
        if (!decision.guarded()) {
            return null;
        }
        Dialect dialect = plan.dialect();
        StatementGuard guard = new StatementGuard(state, decision.context(state.auditTrails(),
                () -> productAndUser(raw)), server.settings(), () -> ServerFacts.readSettings(raw, dialect), raw,
                server.instance(), server.namespace());
        if (decision.guards().readOnly().orElse(null) == GuardMode.ENFORCE) {
            guard.makeSessionReadOnly();
        }
        return guard;
    }

    private static String[] productAndUser(Connection raw) {
        try {
            DatabaseMetaData metaData = raw.getMetaData();
            return new String[] {metaData.getDatabaseProductName(), metaData.getUserName()};
        } catch (SQLException e) {
            return new String[] {null, null};
        }
    }

    /** The part of deciding that may fail after a connection was opened. */
    @FunctionalInterface
    private interface Deciding {
        Connection run() throws SQLException;
    }

    private static Connection closedOnFailure(Connection raw, Deciding deciding) throws SQLException {
        try {
            return deciding.run();
        } catch (SQLException | RuntimeException | Error e) {
            try {
                raw.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private Policy policy() throws SQLException {
        try {
            return state.policies().load();
        } catch (PolicyException e) {
            throw new SQLException("jdbc-guard cannot use its policy: " + e.getMessage(), "F0000", e);
        }
    }
}
