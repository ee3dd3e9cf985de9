package io.jdbcguard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jdbcguard.DriverState;
import io.jdbcguard.GuardViolationException;
import io.jdbcguard.enforce.StatementGuard;
import io.jdbcguard.enforce.TestContexts;
import io.jdbcguard.policy.Policy;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A measured change whose connection dies under it, against stub JDBC objects: the vendor call fails with an I/O
 * error, and so does the guard's cleanup (its rollback); the caller gets the vendor's exception, with the cleanup's
 * attached as suppressed, and the connection is given back in auto-commit mode.
 */
class MeasuredChangeFailureTest {
    private final StubJdbc vendor = new StubJdbc("jdbc:postgresql://127.0.0.2/shop");
    private final List<String> calls = new ArrayList<>();
    private boolean autoCommit = true;

    /** A vendor connection whose update fails with 08006 and whose rollback then fails with 08003. */
    private Connection dying() {
        Connection stub = vendor.stub(Connection.class);
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    switch (method.getName()) {
                        case "getAutoCommit":
                            return autoCommit;
                        case "setAutoCommit":
                            autoCommit = (Boolean) args[0];
                            return null;
                        case "rollback":
                            throw new SQLException("This connection has been closed.", "08003");
                        case "prepareStatement":
                            return preparedStatement((PreparedStatement) method.invoke(stub, args));
                        default:
                            return method.invoke(stub, args);
                    }
                });
    }

    private static PreparedStatement preparedStatement(PreparedStatement stub) {
        return (PreparedStatement) Proxy.newProxyInstance(MeasuredChangeFailureTest.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("executeUpdate")) {
                        throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
                    }
                    return method.invoke(stub, args);
                });
    }

    @Test
    void theVendorsExceptionReachesTheCallerWithTheCleanupsAttached() throws SQLException {
        Connection raw = dying();
        SessionSettings settings = SessionSettings.defaults(Dialect.POSTGRESQL);
        DriverState state = new DriverState();
        StatementGuard guard = new StatementGuard(state, TestContexts.developerToProduction(state, Policy.NONE,
                Path.of(System.getProperty("java.io.tmpdir"), "jdbc-guard-measured-failure-test")), settings,
                () -> settings, raw, "test", "public");
        Connection connection = GuardedConnection.wrap(raw, "jdbc:guard:postgresql://127.0.0.2/shop", guard);
        PreparedStatement update = connection.prepareStatement("UPDATE users SET name = 'x' WHERE status = ?");

        Throwable thrown = catchThrowable(update::executeUpdate);

        assertThat(thrown).isInstanceOf(SQLException.class).isNotInstanceOf(GuardViolationException.class);
        assertThat(((SQLException) thrown).getSQLState()).isEqualTo("08006");
        assertThat(thrown.getSuppressed()).singleElement().isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08003");
        assertThat(calls).containsSubsequence("setAutoCommit", "rollback", "setAutoCommit");
        assertThat(autoCommit).isTrue();
    }
}
