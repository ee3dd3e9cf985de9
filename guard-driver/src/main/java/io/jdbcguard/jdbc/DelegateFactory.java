package io.jdbcguard.jdbc;

import io.jdbcguard.rules.Analysis;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;

/**
 * Makes the delegate of each JDBC object one guarded connection hands out, so no path of getters leads back to an
 * unguarded vendor object: pgjdbc's {@code PgArray.getResultSet().getStatement().getConnection()} is the raw
 * {@code PgConnection}, for instance. It makes the {@link GuardedConnection} itself (the answer to every
 * {@code getConnection()}) and gives each delegate the connection's {@link ConnectionState}; what the delegates check
 * is the state's business, not this factory's.
 *
 * <p>Each method takes the vendor's object and returns its delegate, or null for null. Wrapping allocates one small
 * delegate per object handed out, as HikariCP's proxies do; plain values (strings, numbers, dates) pass untouched.
 */
final class DelegateFactory {
    private final String guardUrl;
    private final ConnectionState state;
    private final GuardedConnection connection;

    /**
     * @param raw the vendor connection
     * @param guardUrl the {@code jdbc:guard:} URL, reported by {@code DatabaseMetaData.getURL()}
     * @param state the connection's state, shared by every delegate made here
     */
    DelegateFactory(Connection raw, String guardUrl, ConnectionState state) {
        this.guardUrl = guardUrl;
        this.state = state;
        this.connection = new DelegatingConnection(raw, this, state);
    }

    /** @return the guarded connection, the answer to every {@code getConnection()} of its objects */
    Connection connection() {
        return connection;
    }

    /** @return the {@code jdbc:guard:} URL */
    String url() {
        return guardUrl;
    }

    Statement statement(Statement raw) {
        return raw == null ? null : new DelegatingStatement(raw, this, state);
    }

    /**
     * @param sql the statement's text
     * @param analysis the text's analysis, judged before the vendor prepared it
     * @param raw the vendor's statement
     */
    PreparedStatement preparedStatement(String sql, Analysis analysis, PreparedStatement raw) {
        return new DelegatingPreparedStatement(raw, this, state, sql, analysis);
    }

    /** As {@link #preparedStatement}, for {@code prepareCall}. */
    CallableStatement callableStatement(String sql, Analysis analysis, CallableStatement raw) {
        return new DelegatingCallableStatement(raw, this, state, sql, analysis);
    }

    /**
     * @param raw the vendor's result set
     * @param owner the guarded statement that produced it (the answer to its {@code getStatement()}), or null
     */
    ResultSet resultSet(ResultSet raw, Statement owner) {
        return raw == null ? null : new DelegatingResultSet(raw, this, state, owner);
    }

    DatabaseMetaData metaData(DatabaseMetaData raw) {
        return raw == null ? null : new DelegatingDatabaseMetaData(raw, this, state);
    }

    ResultSetMetaData resultSetMetaData(ResultSetMetaData raw) {
        return raw == null ? null : new DelegatingResultSetMetaData(raw, this, state);
    }

    ParameterMetaData parameterMetaData(ParameterMetaData raw) {
        return raw == null ? null : new DelegatingParameterMetaData(raw, this, state);
    }

    Array array(Array raw) {
        return raw == null ? null : new DelegatingArray(raw, this, state);
    }

    Struct struct(Struct raw) {
        return raw == null ? null : new DelegatingStruct(raw, this, state);
    }

    Ref ref(Ref raw) {
        return raw == null ? null : new DelegatingRef(raw, this, state);
    }

    Blob blob(Blob raw) {
        return raw == null ? null : new DelegatingBlob(raw, this, state);
    }

    /** A vendor {@code Clob} that is an {@code NClob} gets an {@code NClob} delegate. */
    Clob clob(Clob raw) {
        return raw instanceof NClob ? nclob((NClob) raw) : raw == null ? null : new DelegatingClob(raw, this, state);
    }

    NClob nclob(NClob raw) {
        return raw == null ? null : new DelegatingNClob(raw, this, state);
    }

    SQLXML sqlxml(SQLXML raw) {
        return raw == null ? null : new DelegatingSQLXML(raw, this, state);
    }

    Savepoint savepoint(Savepoint raw) {
        return raw == null ? null : new DelegatingSavepoint(raw, this, state);
    }

    /**
     * Wraps a value of static type {@code Object} ({@code getObject}, {@code Ref.getObject}) by its run-time type:
     * drivers return arrays, structs, LOBs and (pgjdbc, for refcursors) result sets that way.
     *
     * @param raw the vendor's value
     * @return its delegate; the value itself when it is null, already a delegate, or not a JDBC object
     * @throws IllegalStateException for a JDBC object of a kind this factory has no delegate for
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
            throw new IllegalStateException("jdbc-guard cannot wrap a " + raw.getClass().getName());
        }
        return raw;
    }

    /**
     * Wraps a value requested as {@code type} ({@code getObject(column, type)}).
     *
     * @param raw the vendor's value
     * @param type the class asked for
     * @param <T> the class
     * @return the value's delegate, or the value as {@link #object(Object)}
     * @throws SQLException SQLState {@code 42501} when the caller asks for a vendor JDBC class on a guarded
     *     connection, which would hand out the vendor object (on a connection decided unguarded it is handed out:
     *     {@link Checks#vendorObject})
     */
    <T> T object(Object raw, Class<T> type) throws SQLException {
        Object wrapped = object(raw);
        if (wrapped != null && !type.isInstance(wrapped)) {
            return state.checks.vendorObject(raw, type);
        }
        return type.cast(wrapped);
    }

    /**
     * Wraps each element of an array of values ({@code Struct.getAttributes()}, {@code Array.getArray()}).
     *
     * @param raw the vendor's values
     * @return a copy with each element as {@link #object(Object)}, or null for null
     */
    Object[] objects(Object[] raw) {
        if (raw == null) {
            return null;
        }
        Object[] wrapped = raw.clone();
        for (int i = 0; i < wrapped.length; i++) {
            wrapped[i] = object(wrapped[i]);
        }
        return wrapped;
    }
}
