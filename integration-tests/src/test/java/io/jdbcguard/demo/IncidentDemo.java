package io.jdbcguard.demo;

import io.jdbcguard.GuardViolationException;
import io.jdbcguard.it.Database;
import io.jdbcguard.it.Incidents;
import io.jdbcguard.it.ShopFixture;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays the incident against a real (embedded) PostgreSQL tagged as production: the setup script's reset, the
 * staging migration and the helper's TRUNCATE, first from origin {@code developer} (blocked, data intact), then the
 * migration from origin {@code ci} (applied). No installed database is needed.
 *
 * <p>Run from the repository root: {@code mvn -q -Pdemo -DskipTests verify}.
 */
public final class IncidentDemo {
    private static final String RULE = "-".repeat(78);

    private final String rawUrl;
    private final String guardUrl;
    /** Whether a full block message was shown; later blocks show only its first line. */
    private boolean explained;

    private IncidentDemo(String rawUrl) {
        this.rawUrl = rawUrl;
        this.guardUrl = "jdbc:guard:" + rawUrl.substring("jdbc:".length());
    }

    /**
     * Starts the embedded server, runs the demo and stops the server.
     *
     * @param args ignored
     */
    public static void main(String[] args) throws IOException, SQLException {
        Path work = Files.createTempDirectory("jdbc-guard-demo");
        File serverLog = work.resolve("postgres.log").toFile();
        say("Starting an embedded PostgreSQL (server log: " + serverLog + ") ...");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(serverLog))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(serverLog))
                .start()) {
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE shop");
            }
            Path policy = writePolicy(work);
            System.setProperty("jdbcguard.policy", policy.toString());
            new IncidentDemo(postgres.getJdbcUrl("postgres", "shop")).run(policy);
        }
    }

    private static Path writePolicy(Path work) throws IOException {
        Path policy = work.resolve("jdbc-guard.yml");
        Files.writeString(policy, String.join("\n",
                "# The embedded server on localhost plays production.",
                "environments:",
                "  production:",
                "    hosts: [localhost]",
                ""));
        return policy;
    }

    private void run(Path policy) throws SQLException {
        say(RULE);
        say("Policy " + policy + ":");
        say("  environments: production = hosts [localhost]; no rules: key, so the default applies:");
        say("  origin 'developer' against target 'production' gets every rule, every other pair none.");
        say("Raw URL:   " + rawUrl);
        say("Guard URL: " + guardUrl + "   (the only change an application makes)");
        say(RULE);
        resetShop();
        say("Created tables users and orders through the raw driver: " + counts());

        System.setProperty("jdbcguard.origin", "developer");
        replay("Incident 1: the setup script's reset, run against production by mistake",
                Incidents.setupReset(Database.POSTGRESQL));
        replay("Incident 2: the staging migration pointed at production",
                Incidents.stagingMigration());
        replay("Incident 3: a helper \"cleans up\" orders", Incidents.helperCleanup());

        say(RULE);
        say("The same migration from origin 'ci' (the pipeline that owns production changes):");
        System.setProperty("jdbcguard.origin", "ci");
        resetShop();
        String before = counts();
        try (Connection connection = DriverManager.getConnection(guardUrl);
                Statement statement = connection.createStatement()) {
            for (Incidents.Step step : Incidents.stagingMigration()) {
                say("  > " + step.sql());
                statement.execute(step.sql());
                say("    ran");
            }
        }
        say("  before: " + before);
        say("  after:  " + counts() + "   (applied, as the policy allows for ci)");
        say(RULE);
        say("Done. Each blocked statement threw io.jdbcguard.GuardViolationException (SQLState 42501);"
                + " nothing of it reached the server.");
    }

    private void replay(String title, List<Incidents.Step> steps) throws SQLException {
        say(RULE);
        say(title + " (origin developer):");
        String before = counts();
        try (Connection connection = DriverManager.getConnection(guardUrl);
                Statement statement = connection.createStatement()) {
            for (Incidents.Step step : steps) {
                say("  > " + step.sql());
                try {
                    statement.execute(step.sql());
                    say("    ran");
                } catch (GuardViolationException blocked) {
                    say("    BLOCKED by rule '" + blocked.getRuleId() + "', SQLState " + blocked.getSQLState() + ":");
                    blocked.getMessage().lines().limit(explained ? 1 : Long.MAX_VALUE)
                            .forEach(line -> say("      | " + line));
                    explained = true;
                } catch (SQLException refused) {
                    say("    allowed by the guard, refused by the server: " + refused.getMessage());
                }
            }
        }
        say("  before: " + before);
        say("  after:  " + counts() + "   (read through the raw driver)");
    }

    private void resetShop() throws SQLException {
        try (Connection connection = DriverManager.getConnection(rawUrl);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS public CASCADE");
            statement.execute("CREATE SCHEMA public");
            for (String sql : ShopFixture.CREATE_TABLES) {
                statement.execute(sql);
            }
            for (String sql : ShopFixture.INSERT_ROWS) {
                statement.execute(sql);
            }
        }
    }

    /** Describes the shop as read through the raw driver: tables, row counts and the columns of users. */
    private String counts() throws SQLException {
        try (Connection connection = DriverManager.getConnection(rawUrl);
                Statement statement = connection.createStatement()) {
            List<String> parts = new ArrayList<>();
            for (String table : List.of("users", "orders")) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
                    rows.next();
                    parts.add(table + "=" + rows.getLong(1) + " rows");
                }
            }
            List<String> columns = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT column_name FROM information_schema.columns"
                    + " WHERE table_schema = 'public' AND table_name = 'users' ORDER BY ordinal_position")) {
                while (rows.next()) {
                    columns.add(rows.getString(1));
                }
            }
            parts.add("users columns " + columns);
            try (ResultSet rows = statement.executeQuery("SELECT count(DISTINCT name) FROM users")) {
                rows.next();
                parts.add("distinct user names=" + rows.getLong(1));
            }
            return String.join(", ", parts);
        }
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
