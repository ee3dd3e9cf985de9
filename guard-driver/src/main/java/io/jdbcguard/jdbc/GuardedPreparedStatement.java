package io.jdbcguard.jdbc;

import io.jdbcguard.rules.Analysis;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A guarded {@link PreparedStatement}: its text was judged when it was prepared; the SQL-text methods inherited from
 * {@link java.sql.Statement} are judged as on any statement. Running it re-reads the session's settings when its text may
 * change how the session reads SQL (a prepared {@code SET}).
 */
class GuardedPreparedStatement extends SealedPreparedStatement {
    private final Analysis analysis;

    GuardedPreparedStatement(PreparedStatement raw, Seal seal, Analysis analysis) {
        super(raw, seal);
        this.analysis = analysis;
    }

    @Override
    public final boolean execute() throws SQLException {
        try {
            return rawPreparedStatement.execute();
        } finally {
            seal.guard.executed(analysis);
        }
    }

    @Override
    public final ResultSet executeQuery() throws SQLException {
        try {
            return seal.resultSet(rawPreparedStatement.executeQuery(), this);
        } finally {
            seal.guard.executed(analysis);
        }
    }

    @Override
    public final int executeUpdate() throws SQLException {
        try {
            return rawPreparedStatement.executeUpdate();
        } finally {
            seal.guard.executed(analysis);
        }
    }

    @Override
    public final long executeLargeUpdate() throws SQLException {
        try {
            return rawPreparedStatement.executeLargeUpdate();
        } finally {
            seal.guard.executed(analysis);
        }
    }

    @Override
    public final int[] executeBatch() throws SQLException {
        try {
            return super.executeBatch();
        } finally {
            seal.guard.executed(analysis);
        }
    }
}
