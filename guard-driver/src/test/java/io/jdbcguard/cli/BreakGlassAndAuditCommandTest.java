package io.jdbcguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.audit.AuditEvent;
import io.jdbcguard.audit.AuditEventType;
import io.jdbcguard.audit.AuditJson;
import io.jdbcguard.policy.UserFolder;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BreakGlassAndAuditCommandTest {
    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void useTemporaryHome() {
        System.setProperty(UserFolder.PROPERTY, home.toString());
    }

    @AfterEach
    void restoreHome() {
        System.clearProperty(UserFolder.PROPERTY);
    }

    private int run(String... args) {
        CommandLine cli = GuardCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private void policy(String yaml) throws Exception {
        Files.writeString(home.resolve("policy.yml"), yaml);
    }

    @Test
    void aGrantIsGivenListedAuditedAndEnded() throws Exception {
        policy("audit: {file: " + home.resolve("trail.jsonl") + "}\n");

        assertThat(run("break-glass", "--reason", "INC-123 restore orders", "--for", "30m", "--target",
                "production")).isZero();
        assertThat(out.toString()).contains("Break-glass granted until").contains("(30m) for production")
                .contains("INC-123 restore orders");
        assertThat(Files.list(home.resolve("break-glass")).filter(f -> f.getFileName().toString()
                .startsWith("grant-"))).hasSize(1);

        assertThat(run("break-glass")).isZero();
        assertThat(out.toString()).contains("for production: INC-123 restore orders (given by");

        assertThat(run("break-glass", "--end", "--target", "production")).isZero();
        assertThat(out.toString()).contains("Ended: until");
        assertThat(Files.list(home.resolve("break-glass")).filter(f -> f.getFileName().toString()
                .startsWith("grant-"))).isEmpty();

        List<String> lines = Files.readAllLines(home.resolve("trail.jsonl"));
        assertThat(lines).hasSize(2);
        assertThat(AuditJson.fromLine(lines.get(0)).event()).isEqualTo(AuditEventType.BREAK_GLASS_GRANT);
        assertThat(AuditJson.fromLine(lines.get(1)).event()).isEqualTo(AuditEventType.BREAK_GLASS_END);
        assertThat(AuditJson.fromLine(lines.get(1)).breakGlassReason()).isEqualTo("INC-123 restore orders");
    }

    @Test
    void aGrantAboveTheMaxOrForbiddenIsRefusedWithExitOne() throws Exception {
        policy("break-glass: {max: 1h}\n");
        assertThat(run("break-glass", "--reason", "INC-1", "--for", "2h")).isEqualTo(1);
        assertThat(err.toString()).contains("2h is longer than the policy allows: at most 1h").contains("--for 1h");

        policy("break-glass: false\n");
        assertThat(run("break-glass", "--reason", "INC-1", "--for", "10m")).isEqualTo(1);
        assertThat(err.toString()).contains("break-glass is forbidden by the policy");
        assertThat(Files.exists(home.resolve("break-glass"))).isFalse();
    }

    @Test
    void usageAndConfigurationErrorsExitTwo() throws Exception {
        assertThat(run("break-glass", "--reason", "INC-1")).isEqualTo(2);
        assertThat(err.toString()).contains("Give both --reason");
        assertThat(run("break-glass", "--reason", "INC-1", "--for", "4 hours")).isEqualTo(2);
        assertThat(err.toString()).contains("'4 hours' is not a duration");
        assertThat(run("audit", "--since", "yesterday")).isEqualTo(2);
        assertThat(err.toString()).contains("'yesterday' is not an ISO-8601 time");
        assertThat(run("audit", "--event", "blocked")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown audit event 'blocked'");

        policy("audit: {file: relative.jsonl}\n");
        assertThat(run("audit")).isEqualTo(2);
        assertThat(err.toString()).contains("policy.yml:1:15").contains("absolute path");
    }

    @Test
    void auditWithoutATrailSaysWhereItWillBe() {
        assertThat(run("audit")).isZero();
        assertThat(out.toString()).contains("No audit trail yet: " + home.resolve("audit.jsonl"));
    }

    @Test
    void auditPrintsAFilteredTable() throws Exception {
        SessionSettings postgresql = SessionSettings.defaults(Dialect.POSTGRESQL);
        Instant old = Instant.parse("2020-01-01T00:00:00Z");
        Path trail = home.resolve("other.jsonl");
        Files.write(trail, List.of(
                line(AuditEvent.builder(AuditEventType.BLOCK).rules(List.of("drop")).origin("developer", "default")
                        .targets(List.of("production"), "host").database("PostgreSQL", List.of("db.prod:5432"), "app")
                        .statement(postgresql, "DROP TABLE orders_" + "x".repeat(80)).build()),
                line(AuditEvent.builder(AuditEventType.WOULD_BLOCK).rules(List.of("truncate")).time(old)
                        .targets(List.of("staging"), "host").statement(postgresql, "TRUNCATE t").build()),
                "not json"));

        assertThat(run("audit", "--file", trail.toString(), "--since", "1d")).isZero();
        String table = out.toString();
        assertThat(table).contains("TIME").contains("HOST:PORT").contains("block").contains("drop")
                .contains("developer").contains("db.prod:5432").contains("app").contains("DROP TABLE orders_xx")
                .contains("...").doesNotContain("TRUNCATE");
        assertThat(table).contains("1 event in " + trail).contains("1 line was not an audit event");

        out.getBuffer().setLength(0);
        assertThat(run("audit", "--file", trail.toString(), "--event", "would-block", "--target", "staging",
                "--rule", "truncate", "--until", "2021-01-01")).isZero();
        assertThat(out.toString()).contains("TRUNCATE t").contains("2020-01-01T00:00:00Z").contains("1 event");
    }

    private static String line(AuditEvent event) {
        return AuditJson.toLine(event);
    }
}
