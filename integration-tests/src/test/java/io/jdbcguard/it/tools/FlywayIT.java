package io.jdbcguard.it.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.jdbcguard.it.GuardSettings;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Flyway 13, unchanged, configured with a guard URL ({@code Flyway.configure().dataSource(url, user, password)}, what
 * the CLI's and Maven plugin's {@code url} do): the guard's Flyway database types make Flyway accept the URL and open
 * it with {@code io.jdbcguard.GuardDriver}. Migrations {@code V1__create.sql} (create table, insert) and
 * {@code V2__drop_legacy.sql} (drop table) run against production, in a schema of their own. Also given a
 * {@code DataSource} (a HikariCP pool on the guard URL), as Spring Boot hands Flyway the application's data source.
 */
@ExtendWith(GuardSettings.class)
class FlywayIT {

    private static final String SCHEMA = "tools_flyway";
    private static final String LOCATION = "classpath:io/jdbcguard/it/tools/flyway";

    private static Flyway flyway(Vendor vendor) {
        return Flyway.configure()
                .dataSource(vendor.guardUrl(Server.PRODUCTION), "admin", "admin")
                .schemas(SCHEMA)
                .locations(LOCATION)
                .cleanDisabled(false)
                .load();
    }

    private static List<String> successfulVersions(Vendor vendor) throws SQLException {
        return vendor.column(Server.PRODUCTION, "SELECT version FROM " + SCHEMA + ".flyway_schema_history"
                + " WHERE success = " + (vendor == Vendor.POSTGRESQL ? "true" : "1")
                + " AND version IS NOT NULL ORDER BY installed_rank");
    }

    /**
     * An earlier deployment, from CI: V1, so legacy_orders exists before the developer's run, as in the incident (a
     * table the developer's own connection created is its own to drop, see docs/policy.md).
     */
    private static void deployedBefore(Vendor vendor) throws Exception {
        vendor.recreateSchema(Server.PRODUCTION, SCHEMA);
        Origins.run("ci", () -> Flyway.configure()
                .dataSource(vendor.guardUrl(Server.PRODUCTION), "admin", "admin")
                .schemas(SCHEMA)
                .locations(LOCATION)
                .target("1")
                .load()
                .migrate());
    }

    private static List<String> legacyItems(Vendor vendor) throws SQLException {
        return vendor.column(Server.PRODUCTION, "SELECT item FROM " + SCHEMA + ".legacy_orders ORDER BY id");
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void developerMigrationStopsAtTheDropWithTheGuardsVerdict(Vendor vendor) throws Exception {
        deployedBefore(vendor);

        Origins.run("developer", () -> assertThatThrownBy(() -> flyway(vendor).migrate())
                .isInstanceOf(FlywayException.class)
                .satisfies(e -> assertThat(Verdicts.hasGuardViolation(e)).as("GuardViolationException in " + e)
                        .isTrue())
                .satisfies(e -> assertThat(Verdicts.blockedBy(e)).isPresent()));

        assertThat(successfulVersions(vendor)).containsExactly("1");
        assertThat(legacyItems(vendor)).containsExactly("keep me");
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void developerMigrationThroughAGuardedPoolStopsAtTheDrop(Vendor vendor) throws Exception {
        deployedBefore(vendor);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(vendor.guardUrl(Server.PRODUCTION));
        config.setUsername("admin");
        config.setPassword("admin");

        Origins.run("developer", () -> {
            try (HikariDataSource pool = new HikariDataSource(config)) {
                Flyway flyway = Flyway.configure().dataSource(pool).schemas(SCHEMA).locations(LOCATION).load();
                assertThatThrownBy(flyway::migrate)
                        .isInstanceOf(FlywayException.class)
                        .satisfies(e -> assertThat(Verdicts.hasGuardViolation(e)).as("GuardViolationException in " + e)
                                .isTrue());
            }
        });

        assertThat(successfulVersions(vendor)).containsExactly("1");
        assertThat(legacyItems(vendor)).containsExactly("keep me");
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void developerCanRepairTheSchemaHistoryAfterABlockedMigration(Vendor vendor) throws Exception {
        deployedBefore(vendor);
        Origins.run("developer", () -> {
            assertThatThrownBy(() -> flyway(vendor).migrate()).isInstanceOf(FlywayException.class);
            flyway(vendor).repair();
            assertThat(flyway(vendor).info().pending()).extracting(m -> m.getVersion().getVersion())
                    .containsExactly("2");
        });

        assertThat(successfulVersions(vendor)).containsExactly("1");
        assertThat(legacyItems(vendor)).containsExactly("keep me");
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void ciAppliesEveryMigration(Vendor vendor) throws Exception {
        vendor.recreateSchema(Server.PRODUCTION, SCHEMA);

        MigrateResult result = Origins.as("ci", () -> flyway(vendor).migrate());

        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isEqualTo(2);
        assertThat(successfulVersions(vendor)).containsExactly("1", "2");
        assertThat(vendor.tableExists(Server.PRODUCTION, SCHEMA, "legacy_orders")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void developerCleanIsBlockedAndTheTablesRemain(Vendor vendor) throws Exception {
        deployedBefore(vendor);

        Origins.run("developer", () -> assertThatThrownBy(() -> flyway(vendor).clean())
                .isInstanceOf(FlywayException.class)
                .satisfies(e -> assertThat(Verdicts.blockedBy(e)).as("42501 in " + e).isPresent()));

        assertThat(legacyItems(vendor)).containsExactly("keep me");
        assertThat(successfulVersions(vendor)).containsExactly("1");
    }
}
