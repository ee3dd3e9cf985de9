package io.jdbcguard.jdbc;

import io.jdbcguard.rules.Analysis;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A guarded {@link PreparedStatement}: its text was judged when it was prepared; the SQL-text methods inherited from
 * {@link java.sql.Statement} are judged as on any statement. Each time it runs, the guard learns whether its text may
 * change how the session reads SQL (a prepared {@code SET}), to read the settings again before the next text.
 */
class GuardedPreparedStatement extends SealedPreparedStatement {
    private final Analysis analysis;

    GuardedPreparedStatement(PreparedStatement raw, Seal seal, Analysis analysis) {
        super(raw, seal);
        this.analysis = analysis;
    }

    @Override
    public final boolean execute() throws SQLException {
        seal.guard.ran(analysis);
        return rawPreparedStatement.execute();
    }

    @Override
    public final ResultSet executeQuery() throws SQLException {
        seal.guard.ran(analysis);
        return seal.resultSet(rawPreparedStatement.executeQuery(), this);
    }

    @Override
    public final int executeUpdate() throws SQLException {
        seal.guard.ran(analysis);
        return rawPreparedStatement.executeUpdate();
    }

    @Override
    public final long executeLargeUpdate() throws SQLException {
        seal.guard.ran(analysis);
        return rawPreparedStatement.executeLargeUpdate();
    }

    @Override
    public final int[] executeBatch() throws SQLException {
        seal.guard.ran(analysis);
        return super.executeBatch();
    }

    @Override
    public final long[] executeLargeBatch() throws SQLException {
        seal.guard.ran(analysis);
        return super.executeLargeBatch();
    }
}
