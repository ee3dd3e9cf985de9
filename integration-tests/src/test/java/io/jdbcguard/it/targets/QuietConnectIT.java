package io.jdbcguard.it.targets;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.it.Database;
import io.jdbcguard.it.GuardSettings;
import io.jdbcguard.it.Target;
import io.jdbcguard.it.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
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
                    assertThat(connection.isValid(5)).isTrue();
                }
            }
        } finally {
            root.removeHandler(handler);
        }
        assertThat(warnings).extracting(record -> record.getLoggerName() + ": " + record.getMessage()).isEmpty();
    }
}
