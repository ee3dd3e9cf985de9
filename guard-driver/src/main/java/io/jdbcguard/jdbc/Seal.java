package io.jdbcguard.jdbc;

import io.jdbcguard.GuardViolationException;
import io.jdbcguard.enforce.AnalysisCache;
import io.jdbcguard.enforce.CheckedRun;
import io.jdbcguard.enforce.EffectCheck;
import io.jdbcguard.enforce.StatementGuard;
import io.jdbcguard.rules.Analysis;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;

/**
 * What every sealed object of one guarded connection shares: the guarded connection itself (the answer to every
 * {@code getConnection()}), the connection's {@link StatementGuard}, and the {@code jdbc:guard:} URL. It seals each
 * JDBC object a vendor method returns, so no path of getters leads back to an unguarded vendor object: pgjdbc's
 * {@code PgArray.getResultSet().getStatement().getConnection()} is the raw {@code PgConnection}, for instance.
 *
 * <p>The pair may be decided late ({@link GuardedConnection#pending}): until then a text is judged as in a session
 * whose settings are unknown, and it runs without asking the server only when no pair could object to it or need its
 * effect judged (a read without findings, session changes, functions that may write or objects it creates) and the
 * connection is in auto-commit mode; any other text, leaving auto-commit, {@code setReadOnly(false)} and a request
 * for a vendor object decide the pair first (one round trip, {@code Decisions}). A pair decided unguarded judges
 * nothing more, and hands out vendor objects on request.
 *
 * <p>Sealing allocates one small delegate per object handed out, as HikariCP's proxies do; plain values (strings,
 * numbers, dates) pass untouched.
 */
final class Seal {
    private final String guardUrl;
    private final Connection raw;
    private final AnalysisCache undecided;
    private volatile GuardedConnection.Decider pending;
    private volatile StatementGuard guard;
    private volatile EffectCheck effects;
    private GuardedConnection connection;

    /**
     * @param guardUrl the {@code jdbc:guard:} URL
     * @param raw the vendor connection
     * @param undecided the analyses of texts judged before the pair is decided (a session whose settings are unknown),
     *     or null when it is decided
     * @param guard the connection's guard when the pair is decided and guarded, else null
     * @param pending decides the pair on first need, or null when it is decided
     */
    Seal(String guardUrl, Connection raw, AnalysisCache undecided, StatementGuard guard,
            GuardedConnection.Decider pending) {
        this.guardUrl = guardUrl;
        this.raw = raw;
        this.undecided = undecided;
        this.guard = guard;
        this.effects = guard == null ? null : guard.effects();
        this.pending = pending;
    }

    /**
     * Judges a text about to be prepared, executed or batched (see the class comment for a pair not yet decided).
     *
     * @param sql the text
     * @return its analysis; {@link Analysis#CLEAN} on a pair decided unguarded
     * @throws SQLException {@link GuardViolationException} when refused, nothing sent; or when deciding the pair
     *     fails
     */
    Analysis check(String sql) throws SQLException {
        StatementGuard judge = guard;
        if (judge != null) {
            return judge.check(sql);
        }
        if (pending == null) {
            return Analysis.CLEAN;
        }
        Analysis analysis = undecided.analyze(sql);
        if (harmlessOnEveryPair(analysis) && raw.getAutoCommit()) {
            return analysis;
        }
        decide();
        return check(sql);
    }

    /** As {@link StatementGuard#checkBatched}; the pair is decided by the batch's first text. */
    Analysis checkBatched(String sql) throws SQLException {
        StatementGuard judge = decided();
        return judge == null ? Analysis.CLEAN : judge.checkBatched(sql);
    }

    /** As {@link StatementGuard#checkAfterSessionChange}; the pair is decided by the batch's first text. */
    Analysis checkAfterSessionChange(String sql) throws SQLException {
        StatementGuard judge = decided();
        return judge == null ? Analysis.CLEAN : judge.checkAfterSessionChange(sql);
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

    /**
     * Asks whether the server must see a checked text through, and if so sets that up (one call on the hot path).
     *
     * @param analysis a checked text's analysis
     * @param sql the text
     * @param statement the vendor statement it runs on
     * @param reportsCount whether the vendor call returns the statement's update count ({@code executeUpdate})
     * @return the run to hand the vendor call's outcome to, or null when the vendor call runs as it is
     * @throws SQLException {@link GuardViolationException} when the change cannot be counted (nothing sent); or when
     *     the server cannot be asked
     */
    CheckedRun begin(Analysis analysis, String sql, Statement statement, boolean reportsCount) throws SQLException {
        EffectCheck check = effects;
        return check == null || !check.needed(analysis) ? null
                : check.begin(analysis, sql, statement, 0, reportsCount);
    }

    /**
     * One execution of a prepared text, in one call from the statement: its column type changes judged again against
     * the columns as they are now ({@link StatementGuard#preparedRuns}), the session's reading settings marked for
     * reading again when it may change them ({@link StatementGuard#ran}), and the check of its effect set up, as
     * {@link #begin}.
     *
     * @return the execution to hand the vendor call's outcome to, or null when the vendor call runs as it is
     * @throws SQLException {@link GuardViolationException} when refused (nothing is sent); or when the server cannot
     *     be asked
     */
    CheckedRun beginPrepared(Analysis analysis, String sql, Statement statement, boolean reportsCount)
            throws SQLException {
        StatementGuard judge = guard;
        if (judge == null) {
            return null;
        }
        judge.preparedRuns(analysis, sql);
        judge.ran(analysis);
        return begin(analysis, sql, statement, reportsCount);
    }

    /**
     * As {@link #begin}, for a batch. When the batch is refused before it is sent, the vendor statement's batch is
     * cleared too, as {@code executeBatch} leaves it (JDBC 4.3, 14.1.2): a second {@code executeBatch()} must not
     * send what the first refused.
     *
     * @param executions how many times the batch runs the analysed text (1 for a batch of texts, combined; 0 for a
     *     prepared statement with nothing batched, whose vendor batch is then empty and runs nothing)
     */
    CheckedRun beginBatch(Analysis analysis, String sql, Statement statement, int executions) throws SQLException {
        EffectCheck check = effects;
        try {
            return check == null || executions == 0 || !check.neededForBatch(analysis, executions) ? null
                    : check.begin(analysis, sql, statement, executions, false);
        } catch (SQLException | RuntimeException refused) {
            try {
                statement.clearBatch();
            } catch (SQLException | RuntimeException cleanup) {
                refused.addSuppressed(cleanup);
            }
            throw refused;
        }
    }

    /** As {@link StatementGuard#ran}, on a guarded pair. */
    void ran(Analysis analysis) {
        StatementGuard judge = guard;
        if (judge != null) {
            judge.ran(analysis);
        }
    }

    /** As {@link StatementGuard#transactionEnded}, on a guarded pair. */
    void transactionEnded() {
        StatementGuard judge = guard;
        if (judge != null) {
            judge.transactionEnded();
        }
    }

    /** As {@link StatementGuard#namesMoved}, on a guarded pair. */
    void namesMoved() {
        StatementGuard judge = guard;
        if (judge != null) {
            judge.namesMoved();
        }
    }

    /** As {@link StatementGuard#readWriteRequested}, once the pair is decided. */
    void readWriteRequested() throws SQLException {
        StatementGuard judge = decided();
        if (judge != null) {
            judge.readWriteRequested();
        }
    }

    /**
     * Decides the pair if it is not decided yet (asking the server once).
     *
     * @return the connection's guard, or null when the pair is not guarded
     * @throws SQLException when deciding fails; the pair stays undecided
     */
    StatementGuard decided() throws SQLException {
        if (pending != null) {
            decide();
        }
        return guard;
    }

    private synchronized void decide() throws SQLException {
        GuardedConnection.Decider decider = pending;
        if (decider == null) {
            return;
        }
        StatementGuard decided = decider.decide();
        if (decided != null) {
            effects = decided.effects();
            guard = decided;
        }
        pending = null;
    }

    void connection(GuardedConnection guarded) {
        this.connection = guarded;
    }

    Connection connection() {
        return connection;
    }

    String url() {
        return guardUrl;
    }

    Statement statement(Statement raw) {
        return raw == null ? null : new GuardedStatement(raw, this);
    }

    /**
     * As {@link EffectCheck#rowChange}, on a guarded pair: an updatable {@code ResultSet}'s {@code deleteRow()} or
     * {@code updateRow()} is about to run (a write: the pair is decided first).
     *
     * @param rows the vendor result set
     * @param kind {@code DELETE} or {@code UPDATE}
     * @throws SQLException {@link GuardViolationException} when refused (nothing is sent); or when deciding fails
     */
    void rowChange(ResultSet rows, String kind) throws SQLException {
        StatementGuard judge = decided();
        if (judge != null) {
            judge.effects().rowChange(rows, kind);
        }
    }

    ResultSet resultSet(ResultSet raw, Statement owner) {
        return raw == null ? null : new DelegatingResultSet(raw, this, owner);
    }

    DatabaseMetaData metaData(DatabaseMetaData raw) {
        return raw == null ? null : new DelegatingDatabaseMetaData(raw, this);
    }

    ResultSetMetaData resultSetMetaData(ResultSetMetaData raw) {
        return raw == null ? null : new DelegatingResultSetMetaData(raw, this);
    }

    ParameterMetaData parameterMetaData(ParameterMetaData raw) {
        return raw == null ? null : new DelegatingParameterMetaData(raw, this);
    }

    Array array(Array raw) {
        return raw == null ? null : new DelegatingArray(raw, this);
    }

    Struct struct(Struct raw) {
        return raw == null ? null : new DelegatingStruct(raw, this);
    }

    Ref ref(Ref raw) {
        return raw == null ? null : new DelegatingRef(raw, this);
    }

    Blob blob(Blob raw) {
        return raw == null ? null : new DelegatingBlob(raw, this);
    }

    Clob clob(Clob raw) {
        return raw instanceof NClob ? nclob((NClob) raw) : raw == null ? null : new DelegatingClob(raw, this);
    }

    NClob nclob(NClob raw) {
        return raw == null ? null : new DelegatingNClob(raw, this);
    }

    SQLXML sqlxml(SQLXML raw) {
        return raw == null ? null : new DelegatingSQLXML(raw, this);
    }

    Savepoint savepoint(Savepoint raw) {
        return raw == null ? null : new DelegatingSavepoint(raw, this);
    }

    /**
     * Seals a value of static type {@code Object} ({@code getObject}, {@code Ref.getObject}) by its run-time type:
     * drivers return arrays, structs, LOBs and (pgjdbc, for refcursors) result sets that way.
     */
    Object object(Object raw) {
        if (raw == null || raw instanceof VendorBacked || raw instanceof String || raw instanceof Number) {
            return raw;
        }
        if (raw instanceof ResultSet) {
            return resultSet((ResultSet) raw, null);
        }
        if (raw instanceof Array) {
            return array((Array) raw);
        }
        if (raw instanceof Struct) {
            return struct((Struct) raw);
        }
        if (raw instanceof Clob) {
            return clob((Clob) raw);
        }
        if (raw instanceof Blob) {
            return blob((Blob) raw);
        }
        if (raw instanceof SQLXML) {
            return sqlxml((SQLXML) raw);
        }
        if (raw instanceof Ref) {
            return ref((Ref) raw);
        }
        if (raw instanceof Object[]) {
            return objects((Object[]) raw);
        }
        if (raw instanceof java.sql.Wrapper) {
            throw new IllegalStateException("jdbc-guard cannot seal a " + raw.getClass().getName());
        }
        return raw;
    }

    /**
     * Seals a value requested as {@code type} ({@code getObject(column, type)}).
     *
     * @throws SQLException SQLState {@code 42501} when the caller asks for a vendor JDBC class on a guarded pair,
     *     which would hand out the vendor object (on a pair decided unguarded it is handed out)
     */
    <T> T object(Object raw, Class<T> type) throws SQLException {
        Object sealed = object(raw);
        if (sealed != null && !type.isInstance(sealed)) {
            if (decided() == null) {
                return type.cast(raw);
            }
            throw refuseUnwrap(type);
        }
        return type.cast(sealed);
    }

    /** Seals each element of an array of values ({@code Struct.getAttributes()}, {@code Array.getArray()}). */
    Object[] objects(Object[] raw) {
        if (raw == null) {
            return null;
        }
        Object[] sealed = raw.clone();
        for (int i = 0; i < sealed.length; i++) {
            sealed[i] = object(sealed[i]);
        }
        return sealed;
    }

    /**
     * @param value an argument for the vendor driver, possibly one of the objects this layer handed out
     * @param type its JDBC type
     * @return the vendor's own object for a sealed one, else the value
     */
    static <T> T unseal(T value, Class<T> type) {
        return value instanceof VendorBacked ? type.cast(((VendorBacked) value).vendorObject()) : value;
    }

    /** As {@link #unseal}, for arguments of static type {@code Object} ({@code setObject}). */
    static Object unsealObject(Object value) {
        if (value instanceof VendorBacked) {
            return ((VendorBacked) value).vendorObject();
        }
        return value instanceof Object[] ? unsealObjects((Object[]) value) : value;
    }

    /** As {@link #unseal}, for each element of an array argument ({@code createArrayOf}, {@code createStruct}). */
    static Object[] unsealObjects(Object[] values) {
        if (values == null) {
            return null;
        }
        Object[] raw = values;
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof VendorBacked || values[i] instanceof Object[]) {
                if (raw == values) {
                    raw = values.clone();
                }
                raw[i] = unsealObject(values[i]);
            }
        }
        return raw;
    }

    /**
     * Answers {@code unwrap} of a sealed object for a class it is not: the vendor object on a pair decided
     * unguarded, else a refusal.
     *
     * @param vendor the vendor object the sealed one delegates to
     * @param iface an interface or class the caller asked to unwrap to
     * @param <T> the class
     * @return the vendor's answer, on a pair decided unguarded
     * @throws SQLException SQLState {@code 42501} on a guarded pair: vendor APIs (pgjdbc's {@code PGConnection} with
     *     COPY and large objects, Connector/J's {@code JdbcConnection}) would bypass the guard
     */
    <T> T unwrap(java.sql.Wrapper vendor, Class<T> iface) throws SQLException {
        if (decided() == null) {
            return vendor.unwrap(iface);
        }
        throw refuseUnwrap(iface);
    }

    /**
     * Answers {@code isWrapperFor} of a sealed object for a class it is not.
     *
     * @param vendor the vendor object the sealed one delegates to
     * @param iface the interface or class asked about
     * @return the vendor's answer on a pair decided unguarded, else false
     * @throws SQLException when deciding the pair fails
     */
    boolean isWrapperFor(java.sql.Wrapper vendor, Class<?> iface) throws SQLException {
        return decided() == null && vendor.isWrapperFor(iface);
    }

    private SQLException refuseUnwrap(Class<?> iface) {
        return new GuardViolationException("jdbc-guard does not hand out " + iface.getName() + " on a guarded"
                + " connection (" + guard.context().pair() + "): vendor APIs such as COPY or large objects would"
                + " bypass its statement checks. Use plain JDBC, or connect from an origin the policy does not guard"
                + " for this target.", "unwrap");
    }
}
