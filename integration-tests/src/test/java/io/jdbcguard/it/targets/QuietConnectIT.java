package io.jdbcguard.it.targets;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.it.Database;
import io.jdbcguard.it.GuardSettings;
import io.jdbcguard.it.Target;
import io.jdbcguard.it.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server without a marker is the normal case: connecting to one, guarded or not, makes no vendor driver and no
 * guard log a warning (the guard asks the catalog before it reads a marker, so no query fails). MariaDB Connector/J
 * logs through JUL in these tests ({@code mariadb.logging.slf4j.enable=false}), so its warnings would be seen.
 *
 * <p>And a connection that only reads asks the server nothing beyond its reads: the guard reads the marker,
 * fingerprint and session settings when a statement first needs them (here: leaving auto-commit), as the server's
 * own statement log shows ({@code pg_stat_statements}, MariaDB's general log).
 */
class QuietConnectIT {
    @RegisterExtension
    final GuardSettings guard = new GuardSettings();

    @ParameterizedTest
    @EnumSource(Database.class)
    void connectingToAServerWithoutAMarkerLogsNoWarning(Database database) throws SQLException {
        List<LogRecord> warnings = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        try {
            for (int i = 0; i < 3; i++) {
                try (Connection connection = TestDatabases.guard(database, Target.STAGING)) {
                    connection.setAutoCommit(false);
                    assertThat(connection.isValid(5)).isTrue();
                }
            }
        } finally {
            root.removeHandler(handler);
        }
        assertThat(warnings).extracting(record -> record.getLoggerName() + ": " + record.getMessage()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aConnectionThatOnlyReadsAsksTheServerNothingMore(Database database) throws SQLException {
        assertThat(probesSent(database, connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT 1")) {
                assertThat(row.next()).isTrue();
            }
            assertThat(connection.isValid(5)).isTrue();
        })).isZero();
        assertThat(probesSent(database, connection -> connection.setAutoCommit(false))).isEqualTo(1);
    }

    /** What a test does with a guarded connection. */
    @FunctionalInterface
    private interface Use {
        void on(Connection connection) throws SQLException;
    }

    /**
     * @return how many of the guard's server-facts queries a guarded developer -> production connection sent while
     *     {@code use} ran, read from the server's statement log
     */
    private static long probesSent(Database database, Use use) throws SQLException {
        try (Connection admin = DriverManager.getConnection(TestDatabases.rawUrl(database, Target.PRODUCTION),
                TestDatabases.ADMIN_USER, TestDatabases.ADMIN_USER); Statement log = admin.createStatement()) {
            if (database == Database.POSTGRESQL) {
                log.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                log.execute("SELECT pg_stat_statements_reset()");
                try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION)) {
                    use.on(connection);
                }
                try (ResultSet row = log.executeQuery("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s"
                        + " JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = 'app'"
                        + " AND s.query LIKE '%pg_db_role_setting%'")) {
                    row.next();
                    return row.getLong(1);
                }
            }
            log.execute("SET GLOBAL log_output = 'TABLE'");
            log.execute("TRUNCATE mysql.general_log");
            log.execute("SET GLOBAL general_log = 1");
            String thread;
            try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION)) {
                try (Statement own = connection.createStatement();
                        ResultSet id = own.executeQuery("SELECT CONNECTION_ID()")) {
                    id.next();
                    thread = id.getString(1);
                }
                use.on(connection);
            } finally {
                log.execute("SET GLOBAL general_log = 0");
            }
            try (ResultSet row = log.executeQuery("SELECT COUNT(*) FROM mysql.general_log WHERE thread_id = "
                    + thread + " AND argument LIKE '%information_schema.tables%'")) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
