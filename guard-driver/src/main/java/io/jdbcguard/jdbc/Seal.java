package io.jdbcguard.jdbc;

import io.jdbcguard.GuardViolationException;
import io.jdbcguard.enforce.EffectCheck;
import io.jdbcguard.enforce.StatementGuard;
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
 * <p>Sealing allocates one small delegate per object handed out, as HikariCP's proxies do; plain values (strings,
 * numbers, dates) pass untouched.
 */
final class Seal {
    private final String guardUrl;
    final StatementGuard guard;
    final EffectCheck effects;
    private GuardedConnection connection;

    Seal(String guardUrl, StatementGuard guard) {
        this.guardUrl = guardUrl;
        this.guard = guard;
        this.effects = guard.effects();
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

    ResultSet resultSet(ResultSet raw, Statement owner) {
        return raw == null ? null : new SealedResultSet(raw, this, owner);
    }

    DatabaseMetaData metaData(DatabaseMetaData raw) {
        return raw == null ? null : new SealedDatabaseMetaData(raw, this);
    }

    ResultSetMetaData resultSetMetaData(ResultSetMetaData raw) {
        return raw == null ? null : new SealedResultSetMetaData(raw, this);
    }

    ParameterMetaData parameterMetaData(ParameterMetaData raw) {
        return raw == null ? null : new SealedParameterMetaData(raw, this);
    }

    Array array(Array raw) {
        return raw == null ? null : new SealedArray(raw, this);
    }

    Struct struct(Struct raw) {
        return raw == null ? null : new SealedStruct(raw, this);
    }

    Ref ref(Ref raw) {
        return raw == null ? null : new SealedRef(raw, this);
    }

    Blob blob(Blob raw) {
        return raw == null ? null : new SealedBlob(raw, this);
    }

    Clob clob(Clob raw) {
        return raw instanceof NClob ? nclob((NClob) raw) : raw == null ? null : new SealedClob(raw, this);
    }

    NClob nclob(NClob raw) {
        return raw == null ? null : new SealedNClob(raw, this);
    }

    SQLXML sqlxml(SQLXML raw) {
        return raw == null ? null : new SealedSQLXML(raw, this);
    }

    Savepoint savepoint(Savepoint raw) {
        return raw == null ? null : new SealedSavepoint(raw, this);
    }

    /**
     * Seals a value of static type {@code Object} ({@code getObject}, {@code Ref.getObject}) by its run-time type:
     * drivers return arrays, structs, LOBs and (pgjdbc, for refcursors) result sets that way.
     */
    Object object(Object raw) {
        if (raw == null || raw instanceof Sealed || raw instanceof String || raw instanceof Number) {
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
     * @throws SQLException SQLState {@code 42501} when the caller asks for a vendor JDBC class, which would hand out
     *     the vendor object
     */
    <T> T object(Object raw, Class<T> type) throws SQLException {
        Object sealed = object(raw);
        if (sealed != null && !type.isInstance(sealed)) {
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
        return value instanceof Sealed ? type.cast(((Sealed) value).sealedObject()) : value;
    }

    /** As {@link #unseal}, for arguments of static type {@code Object} ({@code setObject}). */
    static Object unsealObject(Object value) {
        if (value instanceof Sealed) {
            return ((Sealed) value).sealedObject();
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
            if (values[i] instanceof Sealed || values[i] instanceof Object[]) {
                if (raw == values) {
                    raw = values.clone();
                }
                raw[i] = unsealObject(values[i]);
            }
        }
        return raw;
    }

    /**
     * @param iface an interface or class the caller asked to unwrap to
     * @return the refusal to throw: vendor APIs (pgjdbc's {@code PGConnection} with COPY and large objects,
     *     Connector/J's {@code JdbcConnection}) would bypass the guard
     */
    SQLException refuseUnwrap(Class<?> iface) {
        return new GuardViolationException("jdbc-guard does not hand out " + iface.getName() + " on a guarded"
                + " connection (" + guard.context().pair() + "): vendor APIs such as COPY or large objects would"
                + " bypass its statement checks. Use plain JDBC, or connect from an origin the policy does not guard"
                + " for this target.", "unwrap");
    }
}
