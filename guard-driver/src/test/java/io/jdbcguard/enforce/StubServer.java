package io.jdbcguard.enforce;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A scripted vendor connection for the server-side checks' unit tests: it records what would reach the server (each
 * statement executed, as {@code execute: SQL} or {@code query: SQL}, and the transaction calls {@code setSavepoint},
 * {@code releaseSavepoint}, {@code rollback(savepoint)}, {@code rollback}, {@code commit},
 * {@code setAutoCommit(false)}, {@code close}) and answers each query from the first script whose test accepts its
 * text (the latest added first). A query no script answers fails, so a test sees every query the code under test
 * sends. The real servers' answers are the integration tests' ({@code EffectsIT}, {@code RowLimitIT},
 * {@code TransactionBudgetIT}, {@code TargetDetectionIT}).
 */
public final class StubServer {
    /** The rows of a query, from the parameters it was sent with (an array parameter as its {@code Object[]}). */
    @FunctionalInterface
    public interface Answer {
        List<Object[]> rows(String sql, Map<Integer, Object> parameters) throws SQLException;
    }

    /** What reached the server, in order. */
    public final List<String> calls = new ArrayList<>();
    /** JDBC's auto-commit mode, as the connection reports and the code under test sets it. */
    public boolean autoCommit = true;
    /**
     * What pgjdbc's {@code BaseConnection.getTransactionState()} answers ({@code IDLE}, {@code OPEN}), or null for a
     * connection that is not pgjdbc's (the guard cannot tell whether the server holds a transaction open).
     */
    public String pgTransactionState;
    /** What {@code DatabaseMetaData.getURL()} answers. */
    public String url = "jdbc:postgresql://127.0.0.2:5432/shop";
    /** What {@code DatabaseMetaData.getDatabaseProductVersion()} answers. */
    public String productVersion = "15.6";

    private final List<Map.Entry<Predicate<String>, Answer>> answers = new ArrayList<>();

    /**
     * @param accepts which query texts the script answers
     * @param answer the rows, or an exception
     * @return this
     */
    public StubServer answer(Predicate<String> accepts, Answer answer) {
        answers.add(0, Map.entry(accepts, answer));
        return this;
    }

    /** As {@link #answer(Predicate, Answer)} for the texts containing {@code fragment}. */
    public StubServer answer(String fragment, Answer answer) {
        return answer(sql -> sql.contains(fragment), answer);
    }

    /** Makes every statement containing {@code fragment} fail with the SQLState, as a server that cannot be asked. */
    public StubServer fail(String fragment, String sqlState) {
        return answer(fragment, (sql, parameters) -> {
            throw new SQLException("stub server refuses: " + sql, sqlState);
        });
    }

    /** @return the calls that executed a statement whose text contains {@code fragment} */
    public List<String> sent(String fragment) {
        return calls.stream().filter(call -> (call.startsWith("execute: ") || call.startsWith("query: "))
                && call.contains(fragment)).toList();
    }

    /** @return the transaction calls, without the statements executed */
    public List<String> transactionCalls() {
        return calls.stream().filter(call -> !call.startsWith("execute: ") && !call.startsWith("query: ")).toList();
    }

    /** @return the vendor connection */
    public Connection connection() {
        return proxy(Connection.class, (method, args) -> switch (method.getName()) {
            case "getAutoCommit" -> autoCommit;
            case "setAutoCommit" -> {
                autoCommit = (Boolean) args[0];
                calls.add("setAutoCommit(" + autoCommit + ")");
                yield null;
            }
            case "setSavepoint" -> {
                calls.add("setSavepoint");
                yield proxy(Savepoint.class, (m, a) -> m.getName().equals("getSavepointName") ? "stub" : 0);
            }
            case "releaseSavepoint" -> record("releaseSavepoint");
            case "rollback" -> record(args == null ? "rollback" : "rollback(savepoint)");
            case "commit", "close" -> record(method.getName());
            case "createStatement" -> statement(null);
            case "prepareStatement" -> statement((String) args[0]);
            case "createArrayOf" -> proxy(Array.class, (m, a) -> m.getName().equals("getArray") ? args[1] : null);
            case "getMetaData" -> metaData();
            case "isWrapperFor" -> pgTransactionState != null
                    && ((Class<?>) args[0]).getName().equals("org.postgresql.core.BaseConnection");
            case "unwrap" -> pgConnection((Class<?>) args[0]);
            case "isClosed", "isReadOnly" -> false;
            default -> defaultValue(method.getReturnType());
        });
    }

    private Object record(String call) {
        calls.add(call);
        return null;
    }

    private DatabaseMetaData metaData() {
        return proxy(DatabaseMetaData.class, (method, args) -> switch (method.getName()) {
            case "getURL" -> url;
            case "getDatabaseProductName" -> "PostgreSQL";
            case "getDatabaseProductVersion" -> productVersion;
            case "getUserName" -> "app";
            default -> defaultValue(method.getReturnType());
        });
    }

    /** pgjdbc's connection, as far as the guard reads it: its transaction state. */
    private Object pgConnection(Class<?> type) throws ReflectiveOperationException {
        Class<?> states = Class.forName("org.postgresql.core.TransactionState", false, type.getClassLoader());
        Object state = states.getMethod("valueOf", String.class).invoke(null, pgTransactionState);
        return proxy(type, (method, args) -> method.getName().equals("getTransactionState") ? state
                : defaultValue(method.getReturnType()));
    }

    /** A statement; a prepared one when {@code prepared} is its text. */
    private PreparedStatement statement(String prepared) {
        Map<Integer, Object> parameters = new TreeMap<>();
        return proxy(PreparedStatement.class, (method, args) -> {
            String name = method.getName();
            if (name.startsWith("set") && args != null && args.length == 2 && args[0] instanceof Integer index) {
                parameters.put(index, args[1] instanceof Array array ? array.getArray() : args[1]);
                return null;
            }
            return switch (name) {
                case "execute", "executeUpdate", "executeLargeUpdate" -> {
                    String sql = args == null ? prepared : (String) args[0];
                    calls.add("execute: " + sql);
                    Answer answer = find(sql);
                    if (answer != null) {
                        answer.rows(sql, parameters);
                    }
                    yield defaultValue(method.getReturnType());
                }
                case "executeQuery" -> {
                    String sql = args == null ? prepared : (String) args[0];
                    calls.add("query: " + sql);
                    Answer answer = find(sql);
                    if (answer == null) {
                        throw new SQLException("the stub server has no answer for: " + sql);
                    }
                    yield rows(answer.rows(sql, parameters));
                }
                default -> defaultValue(method.getReturnType());
            };
        });
    }

    private Answer find(String sql) {
        for (Map.Entry<Predicate<String>, Answer> entry : answers) {
            if (entry.getKey().test(sql)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** A result set over the rows; columns are 1-based, values strings, numbers or booleans. */
    public static ResultSet rows(List<Object[]> rows) {
        int[] at = {-1};
        Object[] last = {null};
        return proxy(ResultSet.class, (method, args) -> {
            switch (method.getName()) {
                case "next":
                    return ++at[0] < rows.size();
                case "close":
                    return null;
                case "wasNull":
                    return last[0] == null;
                default:
                    break;
            }
            if (args == null || args.length != 1 || !(args[0] instanceof Integer column)) {
                return defaultValue(method.getReturnType());
            }
            Object value = rows.get(at[0])[column - 1];
            last[0] = value;
            return switch (method.getName()) {
                case "getString" -> value == null ? null : String.valueOf(value);
                case "getLong" -> value == null ? 0L : ((Number) value).longValue();
                case "getInt" -> value == null ? 0 : ((Number) value).intValue();
                case "getDouble" -> value == null ? 0.0 : ((Number) value).doubleValue();
                case "getBoolean" -> value instanceof Boolean b ? b : "t".equals(value);
                default -> value;
            };
        });
    }

    /** Answers one call of a stub. */
    @FunctionalInterface
    private interface Handler {
        Object invoke(Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, Handler handler) {
        return type.cast(Proxy.newProxyInstance(StubServer.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "stub " + type.getSimpleName();
                    default -> handler.invoke(method, args);
                }));
    }

    private static Object defaultValue(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0.0;
        }
        if (type == float.class) {
            return 0.0f;
        }
        if (type == short.class) {
            return (short) 0;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        return null;
    }
}
