package io.jdbcguard.jdbc;

import io.jdbcguard.rules.Analysis;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A guarded {@link PreparedStatement}: its text was judged when it was prepared; the SQL-text methods inherited from
 * {@link java.sql.Statement} are judged as on any statement. Each time it runs, the guard learns whether its text may
 * change how the session reads SQL (a prepared {@code SET}), to read the settings again before the next text, and
 * a text whose effect the server must judge runs through {@link io.jdbcguard.enforce.EffectCheck}; a batch of two or
 * more changes is measured as one statement, the sum of its rows (so it counts its {@code addBatch()} calls).
 */
class GuardedPreparedStatement extends SealedPreparedStatement {
    private final String sql;
    private final Analysis analysis;
    private int batched;

    GuardedPreparedStatement(PreparedStatement raw, Seal seal, String sql, Analysis analysis) {
        super(raw, seal);
        this.sql = sql;
        this.analysis = analysis;
    }

    @Override
    public final boolean execute() throws SQLException {
        seal.ran(analysis);
        if (!seal.needsEffects(analysis)) {
            return rawPreparedStatement.execute();
        }
        return seal.effects().run(analysis, sql, rawPreparedStatement, () -> rawPreparedStatement.execute());
    }

    @Override
    public final ResultSet executeQuery() throws SQLException {
        seal.ran(analysis);
        if (!seal.needsEffects(analysis)) {
            return seal.resultSet(rawPreparedStatement.executeQuery(), this);
        }
        return seal.resultSet(seal.effects().run(analysis, sql, rawPreparedStatement,
                () -> rawPreparedStatement.executeQuery()), this);
    }

    @Override
    public final int executeUpdate() throws SQLException {
        seal.ran(analysis);
        if (!seal.needsEffects(analysis)) {
            return rawPreparedStatement.executeUpdate();
        }
        return seal.effects().run(analysis, sql, rawPreparedStatement, () -> rawPreparedStatement.executeUpdate());
    }

    @Override
    public final long executeLargeUpdate() throws SQLException {
        seal.ran(analysis);
        if (!seal.needsEffects(analysis)) {
            return rawPreparedStatement.executeLargeUpdate();
        }
        return seal.effects().run(analysis, sql, rawPreparedStatement,
                () -> rawPreparedStatement.executeLargeUpdate());
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
        int executions = takeBatch();
        if (!seal.needsEffects(analysis, executions)) {
            return rawPreparedStatement.executeBatch();
        }
        return seal.effects().runBatch(analysis, executions, sql, rawPreparedStatement,
                () -> rawPreparedStatement.executeBatch());
    }

    @Override
    public final long[] executeLargeBatch() throws SQLException {
        int executions = takeBatch();
        if (!seal.needsEffects(analysis, executions)) {
            return rawPreparedStatement.executeLargeBatch();
        }
        return seal.effects().runBatch(analysis, executions, sql, rawPreparedStatement,
                () -> rawPreparedStatement.executeLargeBatch());
    }

    /** @return how many times the batch runs the text; the batch is then forgotten, as the vendor forgets it */
    private int takeBatch() {
        int executions = batched;
        batched = 0;
        forgetBatch();
        seal.ran(analysis);
        return executions;
    }
}
