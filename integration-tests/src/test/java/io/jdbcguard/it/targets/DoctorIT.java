package io.jdbcguard.it.targets;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.cli.GuardCli;
import io.jdbcguard.it.Database;
import io.jdbcguard.it.GuardSettings;
import io.jdbcguard.it.Target;
import io.jdbcguard.it.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code doctor} explains each case of {@link TargetDetectionIT} in words a new user understands. */
class DoctorIT {
    @RegisterExtension
    final GuardSettings settings = new GuardSettings();

    @BeforeAll
    static void markProductionServers() throws SQLException {
        ServerMarkers.markAllProduction();
    }

    private static String doctor(String... args) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = GuardCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.execute(args);
        return out.toString();
    }

    private static String doctorAsApp(String url) {
        return doctor("doctor", url, "-u", TestDatabases.APP_USER, "-p", TestDatabases.APP_USER);
    }

    @Test
    void explainsAProductionHostFromTheUrl() {
        String report = doctorAsApp(TestDatabases.guardUrl(Database.POSTGRESQL, Target.PRODUCTION));

        assertThat(report).contains("Origin: developer", "because declared by system property jdbcguard.origin",
                "Hosts, as the vendor driver parses the URL: 127.0.0.2:" + Database.POSTGRESQL.port(),
                "Target: production", "host 127.0.0.2 matches production hosts entry '127.0.0.2'",
                "marker: production", "ARE checked", "drop", "truncate");
    }

    @Test
    void explainsATunnelThroughTheMarker() throws Exception {
        try (PortForwarder tunnel = new PortForwarder(Target.PRODUCTION.host(), Database.MARIADB.port())) {
            String report = doctorAsApp("jdbc:guard:mysql://127.0.0.1:" + tunnel.port() + "/shop");

            assertThat(report).contains("Target: ", "production", "staging",
                    "the server's marker says production", "ARE checked");
        }
    }

    @Test
    void explainsAHostParameterOverride() {
        String report = doctor("doctor", "jdbc:guard:postgresql://db.staging.invalid:1/shop?PGHOST=127.0.0.2&PGPORT="
                + Database.POSTGRESQL.port());

        assertThat(report).contains("127.0.0.2:" + Database.POSTGRESQL.port(), "Target: production");
    }

    @Test
    void explainsACiOriginIsNotChecked() {
        settings.origin(GuardSettings.CI);

        String report = doctorAsApp(TestDatabases.guardUrl(Database.MARIADB, Target.PRODUCTION));

        assertThat(report).contains("Origin: ci", "Target: production", "NOT checked");
    }

    @Test
    void explainsAnInvalidPolicy(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.yml"), "environments:\n  production:\n    hots: [x]\n");
        System.setProperty(GuardSettings.POLICY_PROPERTY, policy.toString());

        StringWriter err = new StringWriter();
        CommandLine commandLine = GuardCli.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute("doctor", TestDatabases.guardUrl(Database.POSTGRESQL, Target.PRODUCTION));

        assertThat(exit).as("a configuration error").isEqualTo(GuardCli.USAGE_ERROR);
        assertThat(err.toString()).contains("cannot use its policy", policy + ":3:5", "unknown key 'hots'")
                .hasLineCount(1);
    }
}
