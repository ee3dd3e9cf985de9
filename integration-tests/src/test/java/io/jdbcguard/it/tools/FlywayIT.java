package io.jdbcguard.it.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Flyway 13, unchanged, configured with a guard URL ({@code Flyway.configure().dataSource(url, user, password)}, what
 * the CLI's and Maven plugin's {@code url} do): the guard's Flyway database types make Flyway accept the URL and open
 * it with {@code io.jdbcguard.GuardDriver}. Migrations {@code V1__create.sql} (create table, insert) and
 * {@code V2__drop_legacy.sql} (drop table) run against production, in a schema of their own.
 */
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

    private static void recreateSchema(Vendor vendor) throws SQLException {
        try (Connection raw = vendor.raw(Server.PRODUCTION, "admin"); Statement st = raw.createStatement()) {
            if (vendor == Vendor.POSTGRESQL) {
                st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
                st.execute("CREATE SCHEMA " + SCHEMA);
            } else {
                st.execute("DROP DATABASE IF EXISTS " + SCHEMA);
                st.execute("CREATE DATABASE " + SCHEMA);
            }
        }
    }

    private static List<String> successfulVersions(Vendor vendor) throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Connection raw = vendor.raw(Server.PRODUCTION, "admin"); Statement st = raw.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM " + SCHEMA + ".flyway_schema_history"
                     + " WHERE success = " + (vendor == Vendor.POSTGRESQL ? "true" : "1")
                     + " AND version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }

    private static List<String> legacyItems(Vendor vendor) throws SQLException {
        List<String> items = new ArrayList<>();
        try (Connection raw = vendor.raw(Server.PRODUCTION, "admin"); Statement st = raw.createStatement();
             ResultSet rs = st.executeQuery("SELECT item FROM " + SCHEMA + ".legacy_orders ORDER BY id")) {
            while (rs.next()) {
                items.add(rs.getString(1));
            }
        }
        return items;
    }

    private static boolean legacyTableExists(Vendor vendor) throws SQLException {
        try (Connection raw = vendor.raw(Server.PRODUCTION, "admin"); Statement st = raw.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.tables"
                     + " WHERE table_schema = '" + SCHEMA + "' AND table_name = 'legacy_orders'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void developerMigrationStopsAtTheDropWithTheGuardsVerdict(Vendor vendor) throws Exception {
        recreateSchema(vendor);

        Origins.run("developer", () -> assertThatThrownBy(() -> flyway(vendor).migrate())
                .isInstanceOf(FlywayException.class)
                .satisfies(e -> assertThat(Verdicts.hasGuardViolation(e)).as("GuardViolationException in " + e).isTrue())
                .satisfies(e -> assertThat(Verdicts.blockedBy(e)).isPresent()));

        assertThat(successfulVersions(vendor)).containsExactly("1");
        assertThat(legacyItems(vendor)).containsExactly("keep me");
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void developerCanRepairTheSchemaHistoryAfterABlockedMigration(Vendor vendor) throws Exception {
        recreateSchema(vendor);
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
        recreateSchema(vendor);

        MigrateResult result = Origins.as("ci", () -> flyway(vendor).migrate());

        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isEqualTo(2);
        assertThat(successfulVersions(vendor)).containsExactly("1", "2");
        assertThat(legacyTableExists(vendor)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void developerCleanIsBlockedAndTheTablesRemain(Vendor vendor) throws Exception {
        recreateSchema(vendor);
        Origins.run("ci", () -> Flyway.configure()
                .dataSource(vendor.guardUrl(Server.PRODUCTION), "admin", "admin")
                .schemas(SCHEMA)
                .locations(LOCATION)
                .target("1")
                .load()
                .migrate());

        Origins.run("developer", () -> assertThatThrownBy(() -> flyway(vendor).clean())
                .isInstanceOf(FlywayException.class)
                .satisfies(e -> assertThat(Verdicts.blockedBy(e)).as("42501 in " + e).isPresent()));

        assertThat(legacyItems(vendor)).containsExactly("keep me");
        assertThat(successfulVersions(vendor)).containsExactly("1");
    }
}
