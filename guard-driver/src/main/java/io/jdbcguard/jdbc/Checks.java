package io.jdbcguard.jdbc;

import io.jdbcguard.GuardViolationException;
import io.jdbcguard.enforce.CheckedRun;
import io.jdbcguard.enforce.StatementGuard;
import io.jdbcguard.rules.Analysis;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Wrapper;

/**
 * What a guarded connection checks before a request reaches the vendor: the entry points its statements, result sets
 * and {@code unwrap} calls use. A connection's checks are one of three, chosen once ({@link ConnectionState}):
 * {@link UndecidedChecks} until its pair is decided, then {@link GuardedChecks} (the pair's {@link StatementGuard}
 * judges) or {@link UnguardedChecks} (nothing is judged, vendor objects are handed out on request). Callers read
 * {@link ConnectionState#checks} at each call and call the method here directly: one call per entry point.
 */
abstract class Checks {
    /**
     * Judges a text about to be prepared, executed or batched.
     *
     * @param sql the text
     * @return its analysis; {@link Analysis#CLEAN} on a connection decided unguarded
     * @throws SQLException {@link GuardViolationException} when refused, nothing sent; or when deciding the pair
     *     fails
     */
    abstract Analysis check(String sql) throws SQLException;

    /**
     * As {@link StatementGuard#checkBatched}; an undecided pair is decided by the batch's first text.
     *
     * @param sql a text about to be batched
     * @return its analysis; {@link Analysis#CLEAN} on a connection decided unguarded
     * @throws SQLException {@link GuardViolationException} when refused; or when deciding the pair fails
     */
    abstract Analysis checkBatched(String sql) throws SQLException;

    /**
     * As {@link StatementGuard#checkAfterSessionChange}; an undecided pair is decided by the batch's first text.
     *
     * @param sql a text batched after one that may change how the session reads SQL
     * @return its analysis; {@link Analysis#CLEAN} on a connection decided unguarded
     * @throws SQLException {@link GuardViolationException} when refused; or when deciding the pair fails
     */
    abstract Analysis checkAfterSessionChange(String sql) throws SQLException;

    /**
     * Asks whether the server must see a checked text through, and if so sets that up (one call on the hot path).
     *
     * @param analysis a checked text's analysis
     * @param sql the text
     * @param statement the vendor statement it runs on
     * @param reportsCount whether the vendor call returns the statement's update count ({@code executeUpdate})
     * @return the run to hand the vendor call's outcome to, or null when the vendor call runs as it is (always on a
     *     connection not guarded)
     * @throws SQLException {@link GuardViolationException} when the change cannot be counted (nothing sent); or when
     *     the server cannot be asked
     */
    abstract CheckedRun begin(Analysis analysis, String sql, Statement statement, boolean reportsCount)
            throws SQLException;

    /**
     * One execution of a prepared text, in one call from the statement: its column type changes judged again against
     * the columns as they are now ({@link StatementGuard#preparedRuns}), the session's reading settings marked for
     * reading again when it may change them ({@link StatementGuard#ran}), and the check of its effect set up, as
     * {@link #begin}.
     *
     * @param analysis what {@link #check} returned for the text when it was prepared
     * @param sql the text
     * @param statement the vendor statement it runs on
     * @param reportsCount whether the vendor call returns the statement's update count ({@code executeUpdate})
     * @return the execution to hand the vendor call's outcome to, or null when the vendor call runs as it is (always
     *     on a connection not guarded)
     * @throws SQLException {@link GuardViolationException} when refused (nothing is sent); or when the server cannot
     *     be asked
     */
    abstract CheckedRun beginPrepared(Analysis analysis, String sql, Statement statement, boolean reportsCount)
            throws SQLException;

    /**
     * As {@link #begin}, for a batch. When the batch is refused before it is sent, the vendor statement's batch is
     * cleared too, as {@code executeBatch} leaves it (JDBC 4.3, 14.1.2): a second {@code executeBatch()} must not
     * send what the first refused.
     *
     * @param analysis the batch's analysis (its texts combined, or the prepared text's)
     * @param sql the batch's text
     * @param statement the vendor statement holding the batch
     * @param executions how many times the batch runs the analysed text (1 for a batch of texts, combined; 0 for a
     *     prepared statement with nothing batched, whose vendor batch is then empty and runs nothing)
     * @return the run to hand the vendor call's outcome to, or null when the vendor call runs as it is
     * @throws SQLException {@link GuardViolationException} when the batch cannot be counted (nothing sent, the
     *     vendor batch cleared); or when the server cannot be asked
     */
    abstract CheckedRun beginBatch(Analysis analysis, String sql, Statement statement, int executions)
            throws SQLException;

    /**
     * As {@link StatementGuard#ran}, on a guarded connection; nothing otherwise.
     *
     * @param analysis the analysis of a text about to run
     */
    abstract void ran(Analysis analysis);

    /** As {@link StatementGuard#transactionEnded}, on a guarded connection; nothing otherwise. */
    abstract void transactionEnded();

    /** As {@link StatementGuard#namesMoved}, on a guarded connection; nothing otherwise. */
    abstract void namesMoved();

    /**
     * As {@link StatementGuard#readWriteRequested}, once the pair is decided.
     *
     * @throws SQLException {@link GuardViolationException} when the pair is read-only; or when deciding fails
     */
    abstract void readWriteRequested() throws SQLException;

    /**
     * Decides the pair if it is not decided yet (asking the server once).
     *
     * @return the connection's checks from now on: {@link GuardedChecks} or {@link UnguardedChecks}
     * @throws SQLException when deciding fails; the pair stays undecided
     */
    abstract Checks decided() throws SQLException;

    /**
     * As {@link io.jdbcguard.enforce.EffectCheck#rowChange}, on a guarded connection: an updatable
     * {@code ResultSet}'s {@code deleteRow()} or {@code updateRow()} is about to run (a write: the pair is decided
     * first).
     *
     * @param rows the vendor result set
     * @param kind {@code DELETE} or {@code UPDATE}
     * @throws SQLException {@link GuardViolationException} when refused (nothing is sent); or when deciding fails
     */
    abstract void rowChange(ResultSet rows, String kind) throws SQLException;

    /**
     * Answers {@code unwrap} of a delegate for a class it is not: the vendor's answer on a connection decided
     * unguarded, else a refusal.
     *
     * @param vendor the vendor object the delegate stands for
     * @param iface an interface or class the caller asked to unwrap to
     * @param <T> the class
     * @return the vendor's answer, on a connection decided unguarded
     * @throws SQLException SQLState {@code 42501} on a guarded connection: vendor APIs (pgjdbc's
     *     {@code PGConnection} with COPY and large objects, Connector/J's {@code JdbcConnection}) would bypass the
     *     guard; or when deciding the pair fails
     */
    abstract <T> T unwrap(Wrapper vendor, Class<T> iface) throws SQLException;

    /**
     * Answers {@code isWrapperFor} of a delegate for a class it is not.
     *
     * @param vendor the vendor object the delegate stands for
     * @param iface the interface or class asked about
     * @return the vendor's answer on a connection decided unguarded, else false
     * @throws SQLException when deciding the pair fails
     */
    abstract boolean isWrapperFor(Wrapper vendor, Class<?> iface) throws SQLException;

    /**
     * Answers {@code getObject(column, type)} when the caller asks for a class the value's delegate is not (a
     * vendor JDBC class).
     *
     * @param vendor the vendor's value
     * @param type the class asked for
     * @param <T> the class
     * @return the vendor's value, on a connection decided unguarded
     * @throws SQLException SQLState {@code 42501} on a guarded connection, which would hand out the vendor object; or
     *     when deciding the pair fails
     */
    abstract <T> T vendorObject(Object vendor, Class<T> type) throws SQLException;
}
