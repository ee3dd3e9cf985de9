package io.jdbcguard.it.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.function.UnaryOperator;

import io.jdbcguard.it.GuardSettings;

import liquibase.command.CommandScope;
import liquibase.command.core.ClearChecksumsCommandStep;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.UpdateCountCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CommandExecutionException;
import liquibase.integration.commandline.LiquibaseCommandLine;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Liquibase 5, unchanged, with a guard URL against production: a changelog whose second change set is a
 * {@code dropTable}. Through the API (a {@code JdbcConnection} over {@link DriverManager}) and the way the CLI runs
 * (a {@code liquibase.properties} defaults file, with and without {@code driver: io.jdbcguard.GuardDriver}).
 */
@ExtendWith(GuardSettings.class)
class LiquibaseIT {

    private static final String SCHEMA = "tools_liquibase";
    private static final String CHANGELOG = "io/jdbcguard/it/tools/liquibase/changelog.xml";

    @BeforeAll
    static void quietLiquibase() {
        System.setProperty("liquibase.analytics.enabled", "false");
    }

    /**
     * Runs a Liquibase command through the API on a {@code JdbcConnection} over {@link DriverManager}.
     *
     * @param configure adds the command's own arguments
     */
    private static void runThroughApi(Vendor vendor, String[] command, UnaryOperator<CommandScope> configure)
            throws Exception {
        try (Connection connection = DriverManager.getConnection(vendor.guardUrl(Server.PRODUCTION, SCHEMA),
                "admin", "admin")) {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            configure.apply(new CommandScope(command)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database))
                    .execute();
        }
    }

    private static void updateThroughApi(Vendor vendor) throws Exception {
        runThroughApi(vendor, UpdateCommandStep.COMMAND_NAME,
                scope -> scope.addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG));
    }

    /**
     * Runs {@code liquibase --defaults-file=<dir>/liquibase.properties update} in process.
     *
     * @return the exit code and what the CLI printed
     */
    private static CliRun updateThroughCli(Vendor vendor, Path dir, boolean namesDriver) throws IOException {
        Path properties = dir.resolve("liquibase.properties");
        Files.writeString(properties, String.join("\n",
                "changelog-file: " + CHANGELOG,
                "search-path: " + ClassPaths.of(LiquibaseIT.class),
                "url: " + vendor.guardUrl(Server.PRODUCTION, SCHEMA),
                "username: admin",
                "password: admin",
                namesDriver ? "driver: io.jdbcguard.GuardDriver" : "",
                ""));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            int exitCode = new LiquibaseCommandLine().execute(new String[] {
                "--defaults-file=" + properties, "--show-banner=false", "update"});
            return new CliRun(exitCode, printed.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private record CliRun(int exitCode, String output) {
    }

    private static List<String> appliedChangeSets(Vendor vendor) throws SQLException {
        return vendor.column(Server.PRODUCTION,
                "SELECT ID FROM " + SCHEMA + ".DATABASECHANGELOG ORDER BY ORDEREXECUTED");
    }

    private static List<String> heldLocks(Vendor vendor) throws SQLException {
        return vendor.column(Server.PRODUCTION,
                "SELECT ID FROM " + SCHEMA + ".DATABASECHANGELOGLOCK WHERE LOCKED = TRUE");
    }

    private static void assertBlockedStateKept(Vendor vendor) throws SQLException {
        assertThat(appliedChangeSets(vendor)).containsExactly("1-create-legacy-orders");
        assertThat(vendor.column(Server.PRODUCTION, "SELECT item FROM " + SCHEMA + ".legacy_orders"))
                .containsExactly("keep me");
        assertThat(heldLocks(vendor)).isEmpty();
    }

    private static void assertFullyApplied(Vendor vendor) throws SQLException {
        assertThat(appliedChangeSets(vendor)).containsExactly("1-create-legacy-orders", "2-drop-legacy-orders");
        assertThat(vendor.tableExists(Server.PRODUCTION, SCHEMA, "legacy_orders")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void apiUpdateFromDeveloperIsBlockedAtTheDrop(Vendor vendor) throws Exception {
        deployedBefore(vendor);

        Origins.run("developer", () -> assertThatThrownBy(() -> updateThroughApi(vendor))
                .isInstanceOf(CommandExecutionException.class)
                .satisfies(e -> assertThat(Verdicts.hasGuardViolation(e)).as("GuardViolationException in " + e)
                        .isTrue()));

        assertBlockedStateKept(vendor);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void apiUpdateFromCiApplies(Vendor vendor) throws Exception {
        vendor.recreateSchema(Server.PRODUCTION, SCHEMA);

        Origins.run("ci", () -> updateThroughApi(vendor));

        assertFullyApplied(vendor);
    }

    /**
     * An earlier deployment, from CI: the first change set, so legacy_orders exists before the developer's run, as in
     * the incident (a table the developer's own connection created is its own to drop, see docs/policy.md).
     */
    private static void deployedBefore(Vendor vendor) throws Exception {
        vendor.recreateSchema(Server.PRODUCTION, SCHEMA);
        Origins.run("ci", () -> runThroughApi(vendor, UpdateCountCommandStep.COMMAND_NAME, scope -> scope
                .addArgumentValue(UpdateCountCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                .addArgumentValue(UpdateCountCommandStep.COUNT_ARG, 1)));
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void developerCanClearChecksumsOfAppliedChangeSets(Vendor vendor) throws Exception {
        deployedBefore(vendor);

        Origins.run("developer", () -> runThroughApi(vendor, ClearChecksumsCommandStep.COMMAND_NAME, scope -> scope));

        assertThat(vendor.column(Server.PRODUCTION, "SELECT MD5SUM FROM " + SCHEMA + ".DATABASECHANGELOG"))
                .hasSize(1)
                .containsOnlyNulls();
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void cliWithDriverPropertyFromDeveloperIsBlocked(Vendor vendor, @TempDir Path dir) throws Exception {
        deployedBefore(vendor);

        CliRun run = Origins.as("developer", () -> updateThroughCli(vendor, dir, true));

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("GuardViolationException");
        assertBlockedStateKept(vendor);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void cliWithDriverPropertyFromCiApplies(Vendor vendor, @TempDir Path dir) throws Exception {
        vendor.recreateSchema(Server.PRODUCTION, SCHEMA);

        CliRun run = Origins.as("ci", () -> updateThroughCli(vendor, dir, true));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertFullyApplied(vendor);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void cliWithoutDriverPropertyFindsTheGuardDriverFromTheUrl(Vendor vendor, @TempDir Path dir) throws Exception {
        deployedBefore(vendor);

        CliRun blocked = Origins.as("developer", () -> updateThroughCli(vendor, dir, false));
        assertThat(blocked.exitCode()).as(blocked.output()).isNotZero();
        assertThat(blocked.output()).contains("GuardViolationException");
        assertBlockedStateKept(vendor);

        CliRun applied = Origins.as("ci", () -> updateThroughCli(vendor, dir, false));
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        assertFullyApplied(vendor);
    }
}
