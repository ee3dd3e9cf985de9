package io.jdbcguard.jdbc;

import io.jdbcguard.rules.Analysis;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A guarded {@link PreparedStatement}: its text was judged when it was prepared; the SQL-text methods inherited from
 * {@link java.sql.Statement} are judged as on any statement. Each time it runs, the guard learns whether its text may
 * change how the session reads SQL (a prepared {@code SET}), to read the settings again before the next text, and
 * a text whose effect the server must judge runs through {@link io.jdbcguard.enforce.EffectCheck}; a batch counts
 * as one statement, the sum of its rows.
 */
class GuardedPreparedStatement extends SealedPreparedStatement {
    private final String sql;
    private final Analysis analysis;

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
        return seal.effects().run(analysis, sql, rawPreparedStatement, () -> rawPreparedStatement.execute(), r -> r ? -1 : rawPreparedStatement.getUpdateCount());
    }

    @Override
    public final ResultSet executeQuery() throws SQLException {
        seal.ran(analysis);
        if (!seal.needsEffects(analysis)) {
            return seal.resultSet(rawPreparedStatement.executeQuery(), this);
        }
        return seal.resultSet(seal.effects().run(analysis, sql, rawPreparedStatement, () -> rawPreparedStatement.executeQuery(), Counts::unknown), this);
    }

    @Override
    public final int executeUpdate() throws SQLException {
        seal.ran(analysis);
        if (!seal.needsEffects(analysis)) {
            return rawPreparedStatement.executeUpdate();
        }
        return seal.effects().run(analysis, sql, rawPreparedStatement, () -> rawPreparedStatement.executeUpdate(), Integer::longValue);
    }

    @Override
    public final long executeLargeUpdate() throws SQLException {
        seal.ran(analysis);
        if (!seal.needsEffects(analysis)) {
            return rawPreparedStatement.executeLargeUpdate();
        }
        return seal.effects().run(analysis, sql, rawPreparedStatement, () -> rawPreparedStatement.executeLargeUpdate(), Long::longValue);
    }

    @Override
    public final int[] executeBatch() throws SQLException {
        forgetBatch();
        seal.ran(analysis);
        if (!seal.needsEffects(analysis)) {
            return rawPreparedStatement.executeBatch();
        }
        return seal.effects().runBatch(analysis, sql, rawPreparedStatement, () -> rawPreparedStatement.executeBatch(), Counts::sum);
    }

    @Override
    public final long[] executeLargeBatch() throws SQLException {
        forgetBatch();
        seal.ran(analysis);
        if (!seal.needsEffects(analysis)) {
            return rawPreparedStatement.executeLargeBatch();
        }
        return seal.effects().runBatch(analysis, sql, rawPreparedStatement, () -> rawPreparedStatement.executeLargeBatch(), Counts::sum);
    }
}
