package io.jdbcguard.it.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;

import io.jdbcguard.GuardViolationException;
import io.jdbcguard.it.GuardSettings;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Spring Boot 4's DataSource, built the way its auto-configuration builds it: {@code spring.datasource.*} properties
 * bound to {@link DataSourceProperties} by Spring Boot's {@link Binder}, then
 * {@link DataSourceProperties#initializeDataSourceBuilder()} making a HikariCP pool, used through a
 * {@link JdbcTemplate}. The properties are docs/tools.md's: the guard URL and
 * {@code spring.datasource.driver-class-name=io.jdbcguard.GuardDriver}.
 */
@ExtendWith(GuardSettings.class)
class SpringBootIT {

    private static final String TABLE = "tools_spring_items";

    private static HikariDataSource dataSource(Vendor vendor) throws Exception {
        Map<String, String> applicationProperties = Map.of(
                "spring.datasource.url", vendor.guardUrl(Server.PRODUCTION),
                "spring.datasource.driver-class-name", "io.jdbcguard.GuardDriver",
                "spring.datasource.username", "app",
                "spring.datasource.password", "app");
        DataSourceProperties properties = new Binder(new MapConfigurationPropertySource(applicationProperties))
                .bind("spring.datasource", DataSourceProperties.class)
                .get();
        properties.afterPropertiesSet();
        return properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void developerDropIsBlockedWithAReadableMessageAndQueriesWork(Vendor vendor) throws Exception {
        vendor.createItems(Server.PRODUCTION, TABLE);

        Origins.run("developer", () -> {
            try (HikariDataSource dataSource = dataSource(vendor)) {
                JdbcTemplate jdbc = new JdbcTemplate(dataSource);
                assertThatThrownBy(() -> jdbc.execute("DROP TABLE " + TABLE))
                        .isInstanceOf(DataAccessException.class)
                        .satisfies(e -> assertThat(((DataAccessException) e).getMostSpecificCause())
                                .isInstanceOf(GuardViolationException.class)
                                .hasMessageContaining("jdbc-guard blocked"));
                assertThat(jdbc.queryForList("SELECT item FROM " + TABLE, String.class)).containsExactly("keep me");
            }
        });

        assertThat(vendor.column(Server.PRODUCTION, "SELECT item FROM " + TABLE)).containsExactly("keep me");
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void ciDropApplies(Vendor vendor) throws Exception {
        vendor.createItems(Server.PRODUCTION, TABLE);

        Origins.run("ci", () -> {
            try (HikariDataSource dataSource = dataSource(vendor)) {
                new JdbcTemplate(dataSource).execute("DROP TABLE " + TABLE);
            }
        });

        assertThat(vendor.itemsExist(Server.PRODUCTION, TABLE)).isFalse();
    }
}
