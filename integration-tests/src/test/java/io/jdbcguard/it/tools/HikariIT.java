package io.jdbcguard.it.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.jdbcguard.GuardViolationException;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HikariCP 7 in front of the guard, configured the two ways the README shows: {@code jdbcUrl} alone (Hikari finds
 * the driver through {@code DriverManager}, where {@code META-INF/services/java.sql.Driver} registered it) and
 * {@code jdbcUrl} with {@code driverClassName=io.jdbcguard.GuardDriver}.
 */
@ExtendWith(ToolsPolicy.class)
class HikariIT {

    private static final String TABLE = "tools_hikari_items";

    static Stream<Arguments> setups() {
        return Stream.of(Vendor.values()).flatMap(vendor -> Stream.of(
                Arguments.of(vendor, false), Arguments.of(vendor, true)));
    }

    private static HikariDataSource pool(Vendor vendor, boolean namesDriverClass) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(vendor.guardUrl(Server.PRODUCTION));
        if (namesDriverClass) {
            config.setDriverClassName("io.jdbcguard.GuardDriver");
        }
        config.setUsername("app");
        config.setPassword("app");
        config.setMaximumPoolSize(1);
        config.setPoolName("tools-hikari-" + vendor);
        return new HikariDataSource(config);
    }

    @ParameterizedTest(name = "{0}, driverClassName set: {1}")
    @MethodSource("setups")
    void developerDropIsBlockedAndSelectWorks(Vendor vendor, boolean namesDriverClass) throws Exception {
        vendor.createItems(Server.PRODUCTION, TABLE);

        Origins.run("developer", () -> {
            try (HikariDataSource pool = pool(vendor, namesDriverClass); Connection connection = pool.getConnection();
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

    @ParameterizedTest(name = "{0}, driverClassName set: {1}")
    @MethodSource("setups")
    void ciDropApplies(Vendor vendor, boolean namesDriverClass) throws Exception {
        vendor.createItems(Server.PRODUCTION, TABLE);

        Origins.run("ci", () -> {
            try (HikariDataSource pool = pool(vendor, namesDriverClass); Connection connection = pool.getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE " + TABLE);
            }
        });

        assertThat(vendor.itemsExist(Server.PRODUCTION, TABLE)).isFalse();
    }
}
