package io.jdbcguard.jdbc;

import io.jdbcguard.GuardViolationException;
import io.jdbcguard.enforce.CheckedRun;
import io.jdbcguard.enforce.EffectCheck;
import io.jdbcguard.enforce.StatementGuard;
import io.jdbcguard.rules.Analysis;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Wrapper;

/**
 * The checks of a guarded connection: its {@link StatementGuard} judges each text, its {@link EffectCheck} has the
 * server see through what the guard must judge by effect, and no vendor object is handed out.
 */
final class GuardedChecks extends Checks {
    private final StatementGuard guard;
    private final EffectCheck effects;

    /** @param guard the judge of the connection's statements */
    GuardedChecks(StatementGuard guard) {
        this.guard = guard;
        this.effects = guard.effects();
    }

    @Override
    Analysis check(String sql) throws SQLException {
        return guard.check(sql);
    }

    @Override
    Analysis checkBatched(String sql) throws SQLException {
        return guard.checkBatched(sql);
    }

    @Override
    Analysis checkAfterSessionChange(String sql) throws SQLException {
        return guard.checkAfterSessionChange(sql);
    }

    @Override
    CheckedRun begin(Analysis analysis, String sql, Statement statement, boolean reportsCount) throws SQLException {
        return effects.needed(analysis) ? effects.begin(analysis, sql, statement, 0, reportsCount) : null;
    }

    @Override
    CheckedRun beginPrepared(Analysis analysis, String sql, Statement statement, boolean reportsCount)
            throws SQLException {
        guard.preparedRuns(analysis, sql);
        guard.ran(analysis);
        return begin(analysis, sql, statement, reportsCount);
    }

    @Override
    CheckedRun beginBatch(Analysis analysis, String sql, Statement statement, int executions) throws SQLException {
        try {
            return executions == 0 || !effects.neededForBatch(analysis, executions) ? null
                    : effects.begin(analysis, sql, statement, executions, false);
        } catch (SQLException | RuntimeException refused) {
            try {
                statement.clearBatch();
            } catch (SQLException | RuntimeException cleanup) {
                refused.addSuppressed(cleanup);
            }
            throw refused;
        }
    }

    @Override
    void ran(Analysis analysis) {
        guard.ran(analysis);
    }

    @Override
    void transactionEnded() {
        guard.transactionEnded();
    }

    @Override
    void namesMoved() {
        guard.namesMoved();
    }

    @Override
    void readWriteRequested() throws SQLException {
        guard.readWriteRequested();
    }

    @Override
    Checks decided() {
        return this;
    }

    @Override
    void rowChange(ResultSet rows, String kind) throws SQLException {
        effects.rowChange(rows, kind);
    }

    @Override
    <T> T unwrap(Wrapper vendor, Class<T> iface) throws SQLException {
        throw refusal(iface);
    }

    @Override
    boolean isWrapperFor(Wrapper vendor, Class<?> iface) {
        return false;
    }

    @Override
    <T> T vendorObject(Object vendor, Class<T> type) throws SQLException {
        throw refusal(type);
    }

    private SQLException refusal(Class<?> iface) {
        return new GuardViolationException("jdbc-guard does not hand out " + iface.getName() + " on a guarded"
                + " connection (" + guard.context().pair() + "): vendor APIs such as COPY or large objects would"
                + " bypass its statement checks. Use plain JDBC, or connect from an origin the policy does not guard"
                + " for this target.", "unwrap");
    }
}
