package io.jdbcguard.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdbcguard.DriverState;
import io.jdbcguard.GuardViolationException;
import io.jdbcguard.breakglass.BreakGlassGrants;
import io.jdbcguard.policy.Policy;
import io.jdbcguard.policy.PolicyReader;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verdict path of one connection: enforce, audit mode, read-only, break-glass, and the audit trail it writes. */
class StatementGuardTest {
    @TempDir
    Path folder;

    private final DriverState state = new DriverState();

    private StatementGuard guard(String policyText) throws Exception {
        Policy policy = PolicyReader.read(Files.writeString(folder.resolve("policy.yml"), policyText));
        SessionSettings settings = SessionSettings.defaults(Dialect.POSTGRESQL);
        return new StatementGuard(state, TestContexts.developerToProduction(state, policy, folder), settings,
                () -> settings, null, "test", "public");
    }

    private List<String> trail(StatementGuard guard) throws Exception {
        assertThat(guard.context().audit().flush(Duration.ofSeconds(5))).isTrue();
        Path file = folder.resolve("audit.jsonl");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Test
    void enforceBlocksAndRecordsABlockWithoutLiterals() throws Exception {
        StatementGuard guard = guard("environments:\n  production:\n    hosts: [127.0.0.2]\n");

        assertThatThrownBy(() -> guard.check("DELETE FROM users WHERE 'secret' = 'secret'"))
                .isInstanceOf(GuardViolationException.class);

        assertThat(trail(guard)).singleElement().asString().contains("\"block\"", "always-true-where", "developer",
                "production", "127.0.0.2:5432").doesNotContain("secret");
    }

    @Test
    void auditModeLetsItRunAndRecordsWouldBlock() throws Exception {
        StatementGuard guard = guard("guards:\n  - origin: developer\n    target: staging\n    rules: [all]\n"
                + "    mode: audit\n");
        StatementGuard staging = new StatementGuard(state, new GuardContext(guard.context().origin(),
                new io.jdbcguard.targets.Target(List.of("127.0.0.1:5432"), java.util.Set.of("staging"), List.of("t")),
                PolicyReader.read(folder.resolve("policy.yml")).pairGuards("developer", java.util.Set.of("staging")),
                guard.context().breakGlass(), guard.context().audit(), guard.context().database()),
                SessionSettings.defaults(Dialect.POSTGRESQL), () -> SessionSettings.defaults(Dialect.POSTGRESQL), null,
                "test", "public");

        staging.check("DELETE FROM users");

        assertThat(trail(staging)).singleElement().asString().contains("\"would-block\"", "delete-without-where");
    }

    @Test
    void readOnlyBlocksWritesAndSetReadOnlyFalseButNotReads() throws Exception {
        StatementGuard guard = guard("guards:\n  - origin: developer\n    target: production\n    rules: []\n"
                + "    read-only: true\n");

        guard.check("SELECT * FROM users WHERE id = 1");
        assertThatThrownBy(() -> guard.check("INSERT INTO users (id) VALUES (1)"))
                .isInstanceOf(GuardViolationException.class).hasMessageContaining("rule 'read-only'");
        assertThatThrownBy(guard::readWriteRequested).isInstanceOf(GuardViolationException.class);
        assertThat(trail(guard)).hasSize(2).allMatch(line -> line.contains("read-only"));
    }

    @Test
    void aValidBreakGlassGrantLetsItThroughAndIsRecorded() throws Exception {
        StatementGuard guard = guard("environments:\n  production:\n    hosts: [127.0.0.2]\n");
        Policy policy = PolicyReader.read(folder.resolve("policy.yml"));
        new BreakGlassGrants(folder.resolve("break-glass")).give(policy, "INC-1 restore", Duration.ofMinutes(5),
                "production", Instant.now());

        guard.check("DROP TABLE users");

        assertThat(trail(guard)).singleElement().asString().contains("\"break-glass\"", "INC-1 restore", "drop");
    }

    @Test
    void anExpiredGrantDoesNotHelp() throws Exception {
        StatementGuard guard = guard("environments:\n  production:\n    hosts: [127.0.0.2]\n");
        Policy policy = PolicyReader.read(folder.resolve("policy.yml"));
        new BreakGlassGrants(folder.resolve("break-glass")).give(policy, "INC-1 old", Duration.ofMinutes(5),
                "production", Instant.now().minus(Duration.ofHours(1)));

        assertThatThrownBy(() -> guard.check("DROP TABLE users")).isInstanceOf(GuardViolationException.class);
        assertThat(guard.context().audit().flush(Duration.ofSeconds(5))).as("audit written before the folder goes")
                .isTrue();
    }
}
