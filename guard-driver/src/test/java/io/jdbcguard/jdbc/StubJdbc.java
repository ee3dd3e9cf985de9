package io.jdbcguard.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * A stub vendor driver's objects for the interception layer's unit tests (as HikariCP tests its proxies): any JDBC
 * interface, answering every method with a harmless value, a new stub for JDBC return types (a stub {@link Array}
 * for {@code Object}, which drivers return for arrays), and recording every call.
 */
final class StubJdbc implements InvocationHandler {
    /** Every call on every stub of this world, as {@code Interface.method}. */
    final List<String> calls = new ArrayList<>();
    /** What {@code Connection.getAutoCommit()} answers (a boolean stub answers false otherwise). */
    boolean autoCommit;
    private final String url;

    StubJdbc(String url) {
        this.url = url;
    }

    <T> T stub(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(StubJdbc.class.getClassLoader(), new Class<?>[] {type}, this));
    }

    static boolean isStub(Object value) {
        return value != null && Proxy.isProxyClass(value.getClass());
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "stub " + proxy.getClass().getInterfaces()[0].getSimpleName();
            case "getURL":
                return url;
            case "unwrap":
                return proxy;
            case "getAutoCommit":
                return autoCommit;
            default:
                break;
        }
        calls.add(method.getDeclaringClass().getSimpleName() + "." + method.getName());
        return valueOf(method.getReturnType());
    }

    Object valueOf(Class<?> type) {
        if (type == void.class) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class
                || type == double.class || type == float.class) {
            return defaultNumber(type);
        }
        if (type == String.class) {
            return "x";
        }
        if (type == Object.class) {
            return stub(Array.class);
        }
        if (type == Object[].class) {
            return new Object[] {stub(Array.class), "x"};
        }
        if (type.isInterface() && type.getPackageName().equals("java.sql")) {
            return stub(type);
        }
        if (type.isArray()) {
            return java.lang.reflect.Array.newInstance(type.getComponentType(), 0);
        }
        return null;
    }

    private static Object defaultNumber(Class<?> type) {
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == short.class) {
            return (short) 0;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        return type == double.class ? 0.0d : 0.0f;
    }
}
