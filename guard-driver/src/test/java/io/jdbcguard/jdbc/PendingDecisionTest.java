package io.jdbcguard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A connection handed out before its pair is decided ({@link GuardedConnection#pending}), against stub JDBC objects:
 * the server is asked only when a statement needs the answer, and never after a text it judged has run.
 */
class PendingDecisionTest {
    private static final String URL = "jdbc:guard:postgresql://127.0.0.2/shop";

    private final StubJdbc vendor = new StubJdbc("jdbc:postgresql://127.0.0.2/shop");
    private final Connection raw = vendor.stub(Connection.class);
    private final AtomicInteger decisions = new AtomicInteger();
    private final DriverState state = new DriverState();

    PendingDecisionTest() {
        vendor.autoCommit = true;
    }

    private Connection pending(boolean guarded) {
        return GuardedConnection.pending(raw, URL,
                state.analyses(SessionSettings.defaults(Dialect.POSTGRESQL).unknown()), () -> {
            decisions.incrementAndGet();
            vendor.calls.add("decided");
            return guarded ? guard() : null;
        });
    }

    private StatementGuard guard() {
        SessionSettings settings = SessionSettings.defaults(Dialect.POSTGRESQL);
        return new StatementGuard(state, TestContexts.developerToProduction(state, Policy.NONE,
                Path.of(System.getProperty("java.io.tmpdir"), "jdbc-guard-pending-test")), settings, () -> settings,
                raw, "test", "public");
    }

    @Test
    void readsNoPairObjectsToRunWithoutAskingTheServer() throws SQLException {
        Connection connection = pending(true);
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 1");
            statement.execute("SELECT abalance FROM pgbench_accounts WHERE aid = 42");
            connection.prepareStatement("SELECT now()").executeQuery();
        }
        connection.setReadOnly(true);
        connection.setAutoCommit(true);
        assertThat(decisions).hasValue(0);
        assertThat(vendor.calls).contains("Statement.executeQuery", "Statement.execute");
    }

    @Test
    void aTextAPairMayObjectToDecidesThePairBeforeTheVendorSeesIt() throws SQLException {
        Connection connection = pending(true);
        Statement statement = connection.createStatement();
        for (String sql : new String[] {"DROP TABLE users", "SELECT purge_everything()", "SELECT 'a\\b'",
                "SET standard_conforming_strings = off", "DELETE FROM users WHERE id = 1"}) {
            vendor.calls.clear();
            try {
                statement.execute(sql);
            } catch (GuardViolationException expected) {
                assertThat(expected.getRuleId()).isNotBlank();
            }
            assertThat(vendor.calls).as(sql).isNotEmpty();
        }
        assertThat(decisions).hasValue(1);
        assertThatThrownBy(() -> statement.execute("DROP TABLE users")).isInstanceOf(GuardViolationException.class);
        vendor.calls.clear();
        assertThatThrownBy(() -> pending(true).createStatement().executeUpdate("DROP TABLE users"))
                .isInstanceOf(GuardViolationException.class);
        assertThat(vendor.calls).containsExactly("Connection.createStatement", "decided");
    }

    @Test
    void leavingAutoCommitDecidesFirstAndOutsideAutoCommitEveryTextDecides() throws SQLException {
        Connection connection = pending(true);
        connection.setAutoCommit(false);
        assertThat(vendor.calls).containsSubsequence("decided", "Connection.setAutoCommit");

        vendor.autoCommit = false;
        vendor.calls.clear();
        pending(true).createStatement().executeQuery("SELECT 1");
        assertThat(vendor.calls).containsSubsequence("decided", "Statement.executeQuery");
    }

    @Test
    void readWriteAndVendorObjectsDecideThePair() throws SQLException {
        pending(true).setReadOnly(false);
        assertThat(decisions).hasValue(1);
        Connection guarded = pending(true);
        assertThatThrownBy(() -> guarded.unwrap(Proxy.class)).isInstanceOf(GuardViolationException.class);
        assertThat(guarded.isWrapperFor(Proxy.class)).isFalse();
        assertThat(decisions).hasValue(2);
    }

    @Test
    void aPairDecidedUnguardedJudgesNothingAndHandsOutTheVendorsObjects() throws SQLException {
        Connection connection = pending(false);
        assertThat(connection.unwrap(Proxy.class)).isSameAs(raw);
        vendor.calls.clear();
        connection.createStatement().executeUpdate("DROP TABLE users");
        connection.prepareStatement("TRUNCATE users").executeUpdate();
        assertThat(vendor.calls).contains("Statement.executeUpdate", "PreparedStatement.executeUpdate");
        assertThat(decisions).hasValue(1);
    }

    @Test
    void theTextThatDecidesThePairHasItsEffectJudgedByTheDecidedGuard() throws SQLException {
        vendor.calls.clear();
        pending(true).createStatement().executeUpdate("UPDATE users SET name = 'x' WHERE status = 'old'");
        assertThat(vendor.calls).containsSubsequence("decided", "Connection.setAutoCommit", "Statement.executeUpdate",
                "Connection.commit");
    }
}
