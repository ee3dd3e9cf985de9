package io.jdbcguard.jdbc;

import io.jdbcguard.enforce.CheckedRun;
import io.jdbcguard.rules.Analysis;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A guarded {@link PreparedStatement}: its text was judged when it was prepared, and its column type changes are judged
 * again each time it runs ({@link io.jdbcguard.enforce.StatementGuard#preparedRuns}); the SQL-text methods inherited
 * from {@link java.sql.Statement} are judged as on any statement. Each time it runs, the guard learns whether its text
 * may change how the session reads SQL (a prepared {@code SET}), to read the settings again before the next text, and
 * a text whose effect the server must judge runs through {@link io.jdbcguard.enforce.EffectCheck}; a batch of two or
 * more changes is measured as one statement, the sum of its rows (so it counts its {@code addBatch()} calls).
 *
 * <p>The generated final {@code DelegatingPreparedStatement} and {@code DelegatingCallableStatement} delegate every
 * other method to the vendor's statement.
 */
abstract class GuardedPreparedStatement extends GuardedStatement implements PreparedStatement {
    /** The vendor's statement. */
    final PreparedStatement rawPreparedStatement;
    private final String sql;
    private final Analysis analysis;
    private int batched;

    GuardedPreparedStatement(PreparedStatement raw, DelegateFactory delegates, ConnectionState state, String sql,
            Analysis analysis) {
        super(raw, delegates, state);
        this.rawPreparedStatement = raw;
        this.sql = sql;
        this.analysis = analysis;
    }

    @Override
    public final boolean execute() throws SQLException {
        CheckedRun run = state.checks.beginPrepared(analysis, sql, rawPreparedStatement, false);
        if (run == null) {
            return rawPreparedStatement.execute();
        }
        try {
            return run.kept(rawPreparedStatement.execute());
        } catch (Throwable e) {
            throw run.failed(e);
        }
    }

    @Override
    public final ResultSet executeQuery() throws SQLException {
        CheckedRun run = state.checks.beginPrepared(analysis, sql, rawPreparedStatement, false);
        if (run == null) {
            return delegates.resultSet(rawPreparedStatement.executeQuery(), this);
        }
        try {
            return delegates.resultSet(run.kept(rawPreparedStatement.executeQuery()), this);
        } catch (Throwable e) {
            throw run.failed(e);
        }
    }

    @Override
    public final int executeUpdate() throws SQLException {
        CheckedRun run = state.checks.beginPrepared(analysis, sql, rawPreparedStatement, true);
        if (run == null) {
            return rawPreparedStatement.executeUpdate();
        }
        try {
            return run.kept(rawPreparedStatement.executeUpdate());
        } catch (Throwable e) {
            throw run.failed(e);
        }
    }

    @Override
    public final long executeLargeUpdate() throws SQLException {
        CheckedRun run = state.checks.beginPrepared(analysis, sql, rawPreparedStatement, true);
        if (run == null) {
            return rawPreparedStatement.executeLargeUpdate();
        }
        try {
            return run.kept(rawPreparedStatement.executeLargeUpdate());
        } catch (Throwable e) {
            throw run.failed(e);
        }
    }

    @Override
    public final void addBatch() throws SQLException {
        rawPreparedStatement.addBatch();
        batched++;
    }

    @Override
    public final void clearBatch() throws SQLException {
        batched = 0;
        super.clearBatch();
    }

    @Override
    public final int[] executeBatch() throws SQLException {
        CheckedRun run = state.checks.beginBatch(analysis, sql, rawPreparedStatement, takeBatch());
        if (run == null) {
            return rawPreparedStatement.executeBatch();
        }
        try {
            return run.kept(rawPreparedStatement.executeBatch());
        } catch (Throwable e) {
            throw run.failed(e);
        }
    }

    @Override
    public final long[] executeLargeBatch() throws SQLException {
        CheckedRun run = state.checks.beginBatch(analysis, sql, rawPreparedStatement, takeBatch());
        if (run == null) {
            return rawPreparedStatement.executeLargeBatch();
        }
        try {
            return run.kept(rawPreparedStatement.executeLargeBatch());
        } catch (Throwable e) {
            throw run.failed(e);
        }
    }

    /** @return how many times the batch runs the text; the batch is then forgotten, as the vendor forgets it */
    private int takeBatch() {
        int executions = batched;
        batched = 0;
        forgetBatch();
        state.checks.ran(analysis);
        return executions;
    }
}
