package io.jdbcguard.it.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.jdbcguard.GuardDataSource;
import io.jdbcguard.GuardViolationException;
import io.jdbcguard.it.GuardSettings;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HikariCP 7 with the guard, configured the three ways docs/tools.md shows: {@code jdbcUrl} alone (Hikari finds the
 * driver through {@code DriverManager}, where {@code META-INF/services/java.sql.Driver} registered it), {@code jdbcUrl}
 * with {@code driverClassName=io.jdbcguard.GuardDriver}, and a pool of plain vendor connections wrapped in
 * {@link GuardDataSource}.
 */
@ExtendWith(GuardSettings.class)
class HikariIT {

    private static final String TABLE = "tools_hikari_items";

    /** How the application wires the guard into its pool. */
    enum Setup {
        JDBC_URL_ONLY, DRIVER_CLASS_NAME, GUARD_DATA_SOURCE
    }

    static Stream<Arguments> setups() {
        return Stream.of(Vendor.values()).flatMap(vendor -> Stream.of(Setup.values())
                .map(setup -> Arguments.of(vendor, setup)));
    }

    private static HikariDataSource pool(Vendor vendor, Setup setup) {
        HikariConfig config = new HikariConfig();
        if (setup == Setup.GUARD_DATA_SOURCE) {
            config.setJdbcUrl(vendor.vendorUrl(Server.PRODUCTION));
        } else {
            config.setJdbcUrl(vendor.guardUrl(Server.PRODUCTION));
        }
        if (setup == Setup.DRIVER_CLASS_NAME) {
            config.setDriverClassName("io.jdbcguard.GuardDriver");
        }
        config.setUsername("app");
        config.setPassword("app");
        config.setMaximumPoolSize(1);
        config.setPoolName("tools-hikari-" + vendor + "-" + setup);
        return new HikariDataSource(config);
    }

    private static DataSource applicationDataSource(HikariDataSource pool, Setup setup) {
        return setup == Setup.GUARD_DATA_SOURCE ? new GuardDataSource(pool) : pool;
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("setups")
    void developerDropIsBlockedAndSelectWorks(Vendor vendor, Setup setup) throws Exception {
        vendor.createItems(Server.PRODUCTION, TABLE);

        Origins.run("developer", () -> {
            try (HikariDataSource pool = pool(vendor, setup);
                 Connection connection = applicationDataSource(pool, setup).getConnection();
                 Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.execute("DROP TABLE " + TABLE))
                        .isInstanceOf(GuardViolationException.class)
                        .hasMessageContaining("jdbc-guard blocked")
                        .hasMessageContaining(TABLE)
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42501");
                try (var rows = statement.executeQuery("SELECT item FROM " + TABLE)) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("keep me");
                }
            }
        });

        assertThat(vendor.column(Server.PRODUCTION, "SELECT item FROM " + TABLE)).containsExactly("keep me");
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("setups")
    void ciDropApplies(Vendor vendor, Setup setup) throws Exception {
        vendor.createItems(Server.PRODUCTION, TABLE);

        Origins.run("ci", () -> {
            try (HikariDataSource pool = pool(vendor, setup);
                 Connection connection = applicationDataSource(pool, setup).getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE " + TABLE);
            }
        });

        assertThat(vendor.itemsExist(Server.PRODUCTION, TABLE)).isFalse();
    }
}
