package io.jdbcguard.jdbc;

import io.jdbcguard.enforce.CheckedRun;
import io.jdbcguard.rules.Analysis;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Wrapper;

/**
 * The checks of a connection whose pair was decided unguarded (no rule applies to it): none. Every text runs as it
 * is, and vendor objects are handed out on request.
 */
final class UnguardedChecks extends Checks {
    /** The one instance: it holds nothing. */
    static final UnguardedChecks INSTANCE = new UnguardedChecks();

    private UnguardedChecks() {
    }

    @Override
    Analysis check(String sql) {
        return Analysis.CLEAN;
    }

    @Override
    Analysis checkBatched(String sql) {
        return Analysis.CLEAN;
    }

    @Override
    Analysis checkAfterSessionChange(String sql) {
        return Analysis.CLEAN;
    }

    @Override
    CheckedRun begin(Analysis analysis, String sql, Statement statement, boolean reportsCount) {
        return null;
    }

    @Override
    CheckedRun beginPrepared(Analysis analysis, String sql, Statement statement, boolean reportsCount) {
        return null;
    }

    @Override
    CheckedRun beginBatch(Analysis analysis, String sql, Statement statement, int executions) {
        return null;
    }

    @Override
    void ran(Analysis analysis) {
    }

    @Override
    void transactionEnded() {
    }

    @Override
    void namesMoved() {
    }

    @Override
    void readWriteRequested() {
    }

    @Override
    Checks decided() {
        return this;
    }

    @Override
    void rowChange(ResultSet rows, String kind) {
    }

    @Override
    <T> T unwrap(Wrapper vendor, Class<T> iface) throws SQLException {
        return vendor.unwrap(iface);
    }

    @Override
    boolean isWrapperFor(Wrapper vendor, Class<?> iface) throws SQLException {
        return vendor.isWrapperFor(iface);
    }

    @Override
    <T> T vendorObject(Object vendor, Class<T> type) {
        return type.cast(vendor);
    }
}
