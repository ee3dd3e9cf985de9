package io.jdbcguard.jdbc;

import io.jdbcguard.enforce.AnalysisCache;
import io.jdbcguard.enforce.StatementGuard;
import java.sql.Connection;

/**
 * A guarded connection's state: which {@link Checks} its requests go through. Undecided ({@link UndecidedChecks})
 * until its pair is decided, then guarded ({@link GuardedChecks}) or unguarded ({@link UnguardedChecks}) for good;
 * the choice is made once, so no caller asks which state the connection is in. One per connection, shared by every
 * object it hands out.
 */
final class ConnectionState {
    /**
     * The checks in force. Callers read it at each call and call it directly (one call per entry point on the hot
     * path); only {@link UndecidedChecks#decided} replaces it.
     */
    volatile Checks checks;

    private ConnectionState() {
    }

    /**
     * @param guard the judge of the connection's statements
     * @return the state of a connection whose pair is decided and guarded
     */
    static ConnectionState guarded(StatementGuard guard) {
        ConnectionState state = new ConnectionState();
        state.checks = new GuardedChecks(guard);
        return state;
    }

    /**
     * @param raw the vendor connection
     * @param undecided the analyses of the vendor URL's dialect in a session whose settings are unknown, to judge
     *     texts before the server's settings are known
     * @param decider decides the pair on first need, once
     * @return the state of a connection whose pair is decided when a request first needs it
     */
    static ConnectionState undecided(Connection raw, AnalysisCache undecided, GuardedConnection.Decider decider) {
        ConnectionState state = new ConnectionState();
        state.checks = new UndecidedChecks(state, raw, undecided, decider);
        return state;
    }
}
