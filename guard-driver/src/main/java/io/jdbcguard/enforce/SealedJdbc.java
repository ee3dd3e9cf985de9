package io.jdbcguard.enforce;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The outer layer of a guarded connection: JDK proxies over the connection and every {@link Statement},
 * {@link ResultSet} and {@link DatabaseMetaData} reached from it, so no path leads back to an unguarded vendor
 * object. It answers
 *
 * <ul>
 *   <li>{@code unwrap(iface)} with the guarded object itself when it implements {@code iface}, and refuses vendor
 *       interfaces (PostgreSQL's {@code PGConnection} with its COPY and large-object APIs, Connector/J's
 *       {@code JdbcConnection}) with SQLState {@code 42501}: they would bypass statement checks;
 *   <li>{@code isWrapperFor(iface)} accordingly;
 *   <li>{@code Statement.getConnection()} and {@code DatabaseMetaData.getConnection()} with the guarded connection;
 *   <li>{@code ResultSet.getStatement()} with the guarded statement that produced it, or null for result sets from
 *       {@code DatabaseMetaData} (JDBC allows null there);
 *   <li>{@code DatabaseMetaData.getURL()} with the {@code jdbc:guard:} URL.
 * </ul>
 * Everything else is passed to the wrapped object unchanged.
 */
final class SealedJdbc implements InvocationHandler {
    private final Object target;
    private final Shared shared;
    private final Statement parentStatement;

    private SealedJdbc(Object target, Shared shared, Statement parentStatement) {
        this.target = target;
        this.shared = shared;
        this.parentStatement = parentStatement;
    }

    /**
     * @param inner the (datasource-proxy) connection to seal
     * @param guardUrl the guard URL, for {@code getURL()}
     * @param context the pair, named when a vendor interface is refused
     * @return the sealed connection
     */
    static Connection connection(Connection inner, String guardUrl, GuardContext context) {
        Shared shared = new Shared(guardUrl, context);
        shared.connection = seal(Connection.class, inner, shared, null);
        return shared.connection;
    }

    private static <T> T seal(Class<T> type, Object target, Shared shared, Statement parentStatement) {
        return type.cast(Proxy.newProxyInstance(SealedJdbc.class.getClassLoader(), new Class<?>[] {type},
                new SealedJdbc(target, shared, parentStatement)));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "unwrap":
                return unwrap(proxy, (Class<?>) args[0]);
            case "isWrapperFor":
                return ((Class<?>) args[0]).isInstance(proxy);
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "jdbc-guard[" + target + "]";
            default:
                break;
        }
        if (args == null || args.length == 0) {
            if (method.getName().equals("getConnection")) {
                return shared.connection;
            }
            if (method.getName().equals("getStatement") && proxy instanceof ResultSet) {
                return parentStatement;
            }
            if (method.getName().equals("getURL") && proxy instanceof DatabaseMetaData) {
                return shared.guardUrl;
            }
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        return sealResult(proxy, method.getReturnType(), result);
    }

    private Object sealResult(Object proxy, Class<?> type, Object result) {
        if (result == null || proxy instanceof ResultSet) {
            return result;
        }
        if (type == DatabaseMetaData.class) {
            return seal(DatabaseMetaData.class, result, shared, null);
        }
        if (Statement.class.isAssignableFrom(type)) {
            return seal(type, result, shared, null);
        }
        if (type == ResultSet.class) {
            return seal(ResultSet.class, result, shared, proxy instanceof Statement ? (Statement) proxy : null);
        }
        return result;
    }

    private Object unwrap(Object proxy, Class<?> iface) throws SQLException {
        if (iface.isInstance(proxy)) {
            return proxy;
        }
        GuardContext context = shared.context;
        throw new SQLException("jdbc-guard does not hand out " + iface.getName() + " on a guarded connection ("
                + context.origin().name() + " -> " + context.target().describe() + "): vendor APIs such as COPY or"
                + " large objects would bypass its statement checks. Use plain JDBC statements, or connect from an"
                + " origin the policy does not guard for this target.", "42501");
    }

    /** What all sealed objects of one connection share. */
    private static final class Shared {
        final String guardUrl;
        final GuardContext context;
        Connection connection;

        Shared(String guardUrl, GuardContext context) {
            this.guardUrl = guardUrl;
            this.context = context;
        }
    }
}
