package io.jdbcguard.jdbc;

import io.jdbcguard.enforce.AnalysisCache;
import io.jdbcguard.enforce.CheckedRun;
import io.jdbcguard.enforce.StatementGuard;
import io.jdbcguard.rules.Analysis;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Wrapper;

/**
 * The checks of a connection handed out before its pair is decided ({@link GuardedConnection#pending}). A text is
 * judged as in a session whose settings are unknown, and it runs without asking the server only when no pair could
 * object to it or need its effect judged (a read without findings, session changes, functions that may write or
 * objects it creates) and the connection is in auto-commit mode; any other text, leaving auto-commit,
 * {@code setReadOnly(false)}, an updatable result set's row change and a request for a vendor object decide the pair
 * first (one round trip, {@code Decisions}), which replaces these checks in the {@link ConnectionState} for good.
 *
 * <p>A caller may still hold these checks after the pair is decided: the receiver of
 * {@code state.checks.begin(state.checks.check(sql), ...)} is read before the check that decides, and another thread
 * may decide in between. Every method then acts as the checks that replaced these.
 */
final class UndecidedChecks extends Checks {
    private final ConnectionState state;
    private final Connection raw;
    private final AnalysisCache undecided;
    private final GuardedConnection.Decider decider;

    /**
     * @param state the connection's state, which holds these checks until the pair is decided
     * @param raw the vendor connection
     * @param undecided the analyses of the vendor URL's dialect in a session whose settings are unknown, to judge
     *     texts before the server's settings are known
     * @param decider decides the pair, once
     */
    UndecidedChecks(ConnectionState state, Connection raw, AnalysisCache undecided,
            GuardedConnection.Decider decider) {
        this.state = state;
        this.raw = raw;
        this.undecided = undecided;
        this.decider = decider;
    }

    @Override
    Analysis check(String sql) throws SQLException {
        Checks replacement = replacement();
        if (replacement != null) {
            return replacement.check(sql);
        }
        Analysis analysis = undecided.analyze(sql);
        if (harmlessOnEveryPair(analysis) && raw.getAutoCommit()) {
            return analysis;
        }
        return decided().check(sql);
    }

    /**
     * Whether no pair's guard can object to a text or need its effect judged: a read without findings that changes
     * nothing in the session, creates nothing, calls no function that may write and prepares or forgets no named
     * statement (the guard must see {@code PREPARE p AS SELECT ...} to know what a later {@code EXECUTE p} runs).
     */
    private static boolean harmlessOnEveryPair(Analysis analysis) {
        return analysis.findings().isEmpty() && analysis.readOnly() && !analysis.changesSession()
                && !analysis.mayHideWrites() && analysis.modifications().isEmpty()
                && analysis.createdTables().isEmpty() && analysis.addedColumns().isEmpty()
                && analysis.preparedNames().isEmpty();
    }

    @Override
    Analysis checkBatched(String sql) throws SQLException {
        return decided().checkBatched(sql);
    }

    @Override
    Analysis checkAfterSessionChange(String sql) throws SQLException {
        return decided().checkAfterSessionChange(sql);
    }

    /** A text that ran while the pair was undecided is one no pair needs to see through: null, the vendor call runs. */
    @Override
    CheckedRun begin(Analysis analysis, String sql, Statement statement, boolean reportsCount) throws SQLException {
        Checks replacement = replacement();
        return replacement == null ? null : replacement.begin(analysis, sql, statement, reportsCount);
    }

    @Override
    CheckedRun beginPrepared(Analysis analysis, String sql, Statement statement, boolean reportsCount)
            throws SQLException {
        Checks replacement = replacement();
        return replacement == null ? null : replacement.beginPrepared(analysis, sql, statement, reportsCount);
    }

    @Override
    CheckedRun beginBatch(Analysis analysis, String sql, Statement statement, int executions) throws SQLException {
        Checks replacement = replacement();
        return replacement == null ? null : replacement.beginBatch(analysis, sql, statement, executions);
    }

    @Override
    void ran(Analysis analysis) {
        Checks replacement = replacement();
        if (replacement != null) {
            replacement.ran(analysis);
        }
    }

    @Override
    void transactionEnded() {
        Checks replacement = replacement();
        if (replacement != null) {
            replacement.transactionEnded();
        }
    }

    @Override
    void namesMoved() {
        Checks replacement = replacement();
        if (replacement != null) {
            replacement.namesMoved();
        }
    }

    @Override
    void readWriteRequested() throws SQLException {
        decided().readWriteRequested();
    }

    /** Asks the {@link GuardedConnection.Decider} once, whichever thread comes first; a failure leaves it undecided. */
    @Override
    synchronized Checks decided() throws SQLException {
        if (state.checks == this) {
            StatementGuard guard = decider.decide();
            state.checks = guard == null ? UnguardedChecks.INSTANCE : new GuardedChecks(guard);
        }
        return state.checks;
    }

    @Override
    void rowChange(ResultSet rows, String kind) throws SQLException {
        decided().rowChange(rows, kind);
    }

    @Override
    <T> T unwrap(Wrapper vendor, Class<T> iface) throws SQLException {
        return decided().unwrap(vendor, iface);
    }

    @Override
    boolean isWrapperFor(Wrapper vendor, Class<?> iface) throws SQLException {
        return decided().isWrapperFor(vendor, iface);
    }

    @Override
    <T> T vendorObject(Object vendor, Class<T> type) throws SQLException {
        return decided().vendorObject(vendor, type);
    }

    /** @return the checks that replaced these once the pair is decided, or null while it is undecided */
    private Checks replacement() {
        Checks now = state.checks;
        return now == this ? null : now;
    }
}
