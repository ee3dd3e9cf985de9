package io.jdbcguard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jdbcguard.DriverState;
import io.jdbcguard.GuardViolationException;
import io.jdbcguard.enforce.TestContexts;
import io.jdbcguard.enforce.StatementGuard;
import io.jdbcguard.policy.Policy;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
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
import java.sql.Wrapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The interception layer against stub JDBC objects: enumerates the JDBC interfaces by reflection, so a method a
 * future JDK adds that takes SQL text unchecked, or hands out a vendor JDBC object, fails this test.
 */
class DelegatingJdbcTest {
    private static final String DROP = "DROP TABLE users";

    /** Methods of Connection and Statement that take a String that is not SQL to run (names, literals, settings). */
    private static final Set<String> NOT_SQL = Set.of("nativeSQL", "setCatalog", "setSchema", "setClientInfo",
            "createArrayOf", "createStruct", "setSavepoint", "setCursorName", "enquoteLiteral", "enquoteIdentifier",
            "enquoteNCharLiteral", "isSimpleIdentifier", "getClientInfo");

    private final StubJdbc vendor = new StubJdbc("jdbc:postgresql://127.0.0.2/shop");
    private final AtomicInteger settingsReads = new AtomicInteger();
    private final DriverState state = new DriverState();
    private final StatementGuard guard = new StatementGuard(state, TestContexts.developerToProduction(state,
            Policy.NONE, Path.of(System.getProperty("java.io.tmpdir"), "jdbc-guard-delegating-test")),
            SessionSettings.defaults(Dialect.POSTGRESQL), () -> {
                settingsReads.incrementAndGet();
                return SessionSettings.postgresql(false);
            }, vendor.stub(Connection.class), "test", "public");
    private final Connection connection = GuardedConnection.wrap(vendor.stub(Connection.class),
            "jdbc:guard:postgresql://127.0.0.2/shop", guard);

    private Map<Class<?>, Object> guardedObjects() throws SQLException {
        DelegateFactory delegates = ((GuardedConnection) connection).delegates;
        return Map.ofEntries(
                Map.entry(Connection.class, connection),
                Map.entry(Statement.class, connection.createStatement()),
                Map.entry(PreparedStatement.class, connection.prepareStatement("SELECT 1")),
                Map.entry(CallableStatement.class, connection.prepareCall("SELECT 1")),
                Map.entry(ResultSet.class, connection.createStatement().executeQuery("SELECT 1")),
                Map.entry(DatabaseMetaData.class, connection.getMetaData()),
                Map.entry(ResultSetMetaData.class, delegates.resultSetMetaData(vendor.stub(ResultSetMetaData.class))),
                Map.entry(ParameterMetaData.class, delegates.parameterMetaData(vendor.stub(ParameterMetaData.class))),
                Map.entry(Array.class, connection.createArrayOf("int", new Object[0])),
                Map.entry(Struct.class, connection.createStruct("t", new Object[0])),
                Map.entry(Ref.class, delegates.ref(vendor.stub(Ref.class))),
                Map.entry(Blob.class, connection.createBlob()),
                Map.entry(Clob.class, connection.createClob()),
                Map.entry(NClob.class, connection.createNClob()),
                Map.entry(SQLXML.class, connection.createSQLXML()),
                Map.entry(Savepoint.class, connection.setSavepoint()));
    }

    @Test
    void everyMethodTakingSqlTextIsCheckedBeforeTheVendorSeesIt() throws Exception {
        Map<Class<?>, Object> objects = guardedObjects();
        List<String> checked = new ArrayList<>();
        for (Class<?> type : List.of(Connection.class, Statement.class, PreparedStatement.class,
                CallableStatement.class)) {
            for (Method method : type.getMethods()) {
                boolean declaredInConnectionOrStatement = method.getDeclaringClass() == Connection.class
                        || method.getDeclaringClass() == Statement.class;
                if (!declaredInConnectionOrStatement || Modifier.isStatic(method.getModifiers())
                        || method.getParameterCount() == 0 || method.getParameterTypes()[0] != String.class
                        || NOT_SQL.contains(method.getName())) {
                    continue;
                }
                vendor.calls.clear();
                Throwable thrown = invoke(objects.get(type), method, DROP);
                assertThat(thrown).as(type.getSimpleName() + "." + method).isInstanceOf(GuardViolationException.class);
                assertThat(vendor.calls).as(type.getSimpleName() + "." + method)
                        .doesNotContain(method.getDeclaringClass().getSimpleName() + "." + method.getName());
                checked.add(type.getSimpleName() + "." + method.getName());
            }
        }
        assertThat(checked).contains("Connection.prepareStatement", "Connection.prepareCall", "Statement.execute",
                "PreparedStatement.executeUpdate", "CallableStatement.executeLargeUpdate", "PreparedStatement.addBatch");
    }

    @Test
    void everyJdbcObjectHandedOutIsWrapped() throws Exception {
        Map<Class<?>, Object> objects = guardedObjects();
        for (Map.Entry<Class<?>, Object> entry : objects.entrySet()) {
            Object guarded = entry.getValue();
            assertThat(StubJdbc.isStub(guarded)).as(entry.getKey().getSimpleName()).isFalse();
            for (Method method : entry.getKey().getMethods()) {
                Class<?> returns = method.getReturnType();
                boolean jdbcObject = returns.isInterface() && returns.getPackageName().equals("java.sql")
                        && returns != java.sql.RowId.class // a value: the row's bytes, no way back to a connection
                        || returns == Object.class || returns == Object[].class;
                if (!jdbcObject || Modifier.isStatic(method.getModifiers()) || method.getName().equals("unwrap")
                        || method.getParameterCount() > 0 && method.getParameterTypes()[0] == String.class
                        && isSqlTaking(method)) {
                    continue;
                }
                Object result = invokeForResult(guarded, method);
                String what = entry.getKey().getSimpleName() + "." + method;
                if (result instanceof Object[]) {
                    for (Object element : (Object[]) result) {
                        assertThat(StubJdbc.isStub(element)).as(what).isFalse();
                    }
                } else {
                    assertThat(StubJdbc.isStub(result)).as(what).isFalse();
                }
                if (result instanceof Connection) {
                    assertThat(result).as(what).isSameAs(connection);
                }
            }
        }
    }

    @Test
    void eachDelegateIsAFinalGeneratedLeafThatOverridesNothingWrittenByHand() throws SQLException {
        for (Object guarded : guardedObjects().values()) {
            Class<?> leaf = guarded.getClass();
            assertThat(leaf.getSimpleName()).startsWith("Delegating");
            assertThat(Modifier.isFinal(leaf.getModifiers())).as(leaf.getName()).isTrue();
            for (Class<?> parent = leaf.getSuperclass(); parent != Object.class; parent = parent.getSuperclass()) {
                assertThat(parent.getSimpleName()).startsWith("Guarded");
                assertThat(Modifier.isAbstract(parent.getModifiers())).as(parent.getName()).isTrue();
                for (Method method : leaf.getDeclaredMethods()) {
                    boolean overridden = Arrays.stream(parent.getDeclaredMethods()).anyMatch(handWritten ->
                            handWritten.getName().equals(method.getName())
                                    && Arrays.equals(handWritten.getParameterTypes(), method.getParameterTypes()));
                    assertThat(overridden).as(leaf.getSimpleName() + " overrides " + parent.getSimpleName() + "."
                            + method.getName()).isFalse();
                }
            }
        }
    }

    @Test
    void unwrapNeverReachesAVendorObject() throws Exception {
        for (Map.Entry<Class<?>, Object> entry : guardedObjects().entrySet()) {
            if (entry.getValue() instanceof Wrapper) {
                Wrapper wrapper = (Wrapper) entry.getValue();
                assertThat(wrapper.unwrap(entry.getKey())).isSameAs(wrapper);
                assertThat(wrapper.isWrapperFor(java.lang.reflect.Proxy.class)).isFalse();
                assertThatThrownBy(() -> wrapper.unwrap(java.lang.reflect.Proxy.class))
                        .isInstanceOf(GuardViolationException.class).hasMessageContaining("developer -> production");
            }
        }
    }

    @Test
    void delegateArgumentsReachTheVendorAsItsOwnObjects() throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        Array array = connection.createArrayOf("int", new Object[0]);
        connection.rollback(savepoint);
        assertThat(VendorBacked.vendorOf(savepoint, Savepoint.class)).matches(StubJdbc::isStub);
        assertThat(VendorBacked.vendorOfObject(array)).matches(StubJdbc::isStub);
        assertThat(VendorBacked.vendorOfEach(new Object[] {array, 1})).allMatch(o -> !(o instanceof VendorBacked));
    }

    @Test
    void aBlockedAddBatchClearsTheBatch() throws SQLException {
        Statement statement = connection.createStatement();
        statement.addBatch("INSERT INTO t VALUES (1)");
        vendor.calls.clear();
        assertThatThrownBy(() -> statement.addBatch(DROP)).isInstanceOf(GuardViolationException.class);
        assertThat(vendor.calls).containsExactly("Statement.clearBatch");
    }

    @Test
    void theSessionSettingsAreReadAgainBeforeTheTextAfterASetAndAfterTheTransactionEnds() throws SQLException {
        Statement statement = connection.createStatement();
        statement.execute("SELECT 1");
        statement.execute("SELECT 2");
        assertThat(settingsReads).hasValue(0);
        statement.execute("SET standard_conforming_strings = off");
        assertThat(settingsReads).hasValue(0);
        statement.execute("SELECT 3");
        assertThat(settingsReads).hasValue(1);
        connection.rollback();
        statement.execute("SELECT 4");
        assertThat(settingsReads).hasValue(2);
        assertThat(guard.check("SELECT 'a\\' 1").findings()).isEmpty();
    }

    @Test
    void aTextBatchedAfterASetIsJudgedAsInAnUnknownSession() throws SQLException {
        Statement statement = connection.createStatement();
        statement.addBatch("SET standard_conforming_strings = off");
        assertThatThrownBy(() -> statement.addBatch("DELETE FROM users WHERE name = 'a\\' OR 1 = 1 --'"))
                .isInstanceOf(GuardViolationException.class).hasMessageContaining("unknown");
        statement.addBatch("UPDATE users SET name = 'b' WHERE id = 1");
    }

    @Test
    void prepareRefusesBeforeTheVendorPreparesAnything() {
        vendor.calls.clear();
        Throwable thrown = catchThrowable(() -> connection.prepareStatement(DROP));
        assertThat(thrown).isInstanceOf(GuardViolationException.class).hasMessageContaining("rule 'drop'");
        assertThat(vendor.calls).isEmpty();
        assertThat(((SQLException) thrown).getSQLState()).isEqualTo("42501");
    }

    private static boolean isSqlTaking(Method method) {
        return (method.getDeclaringClass() == Connection.class || method.getDeclaringClass() == Statement.class)
                && !NOT_SQL.contains(method.getName());
    }

    private Throwable invoke(Object target, Method method, String sql) throws IllegalAccessException {
        Object[] args = arguments(method);
        args[0] = sql;
        try {
            method.invoke(target, args);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
    }

    private Object invokeForResult(Object target, Method method) throws IllegalAccessException {
        Object[] args = arguments(method);
        for (int i = 0; i < args.length; i++) {
            if (method.getParameterTypes()[i] == Class.class) {
                args[i] = Object.class;
            }
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw new AssertionError(method + " failed", e.getCause());
        }
    }

    private Object[] arguments(Method method) {
        Class<?>[] types = method.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = types[i] == Object.class ? "x" : vendor.valueOf(types[i]);
        }
        return args;
    }
}
