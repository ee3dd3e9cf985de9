package io.jdbcguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys of issue #9: per-guard mode, read-only and max-rows; top-level audit and break-glass max; merging. */
class PolicyRolloutKeysTest {
    @TempDir
    Path dir;

    private Path file(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    /** A policy file of {@code yaml}; an empty one declares no environment (an empty file is refused). */
    private Policy read(String yaml) throws Exception {
        return PolicyReader.read(file("policy.yml", yaml.isEmpty() ? "environments: {}\n" : yaml));
    }

    @Test
    void guardKeysAreReadWithTheirDefaults() throws Exception {
        Policy policy = read("guards:\n"
                + "  - {origin: '*', target: staging, rules: [drop], mode: audit, read-only: true, max-rows: 50}\n"
                + "  - {origin: ci, target: staging, rules: [truncate]}\n");

        GuardSpec first = policy.guards().get(1);
        assertThat(first.mode()).isEqualTo(GuardMode.AUDIT);
        assertThat(first.readOnly()).isTrue();
        assertThat(first.maxRows()).isEqualTo(OptionalLong.of(50));
        GuardSpec second = policy.guards().get(2);
        assertThat(second.mode()).isEqualTo(GuardMode.ENFORCE);
        assertThat(second.readOnly()).isFalse();
        assertThat(second.maxRows()).isEmpty();
    }

    @Test
    void theBuiltInGuardEnforcesWithAThousandRows() throws Exception {
        GuardSpec builtIn = read("").guards().get(0);

        assertThat(builtIn).isSameAs(Policy.DEFAULT_GUARD);
        assertThat(builtIn.mode()).isEqualTo(GuardMode.ENFORCE);
        assertThat(builtIn.readOnly()).isFalse();
        assertThat(builtIn.maxRows()).isEqualTo(OptionalLong.of(1000));
    }

    @Test
    void maxRowsNoneIsNoLimit() throws Exception {
        Policy policy = read("guards:\n  - {origin: ci, target: staging, rules: all, max-rows: none}\n");

        assertThat(policy.guards().get(1).maxRows()).isEmpty();
    }

    @Test
    void badGuardValuesFailWithTheirPosition() throws Exception {
        assertThatThrownBy(() -> read("guards:\n  - origin: ci\n    target: x\n    rules: all\n    mode: warn\n"))
                .isInstanceOf(PolicyException.class).hasMessageContaining(":5:11")
                .hasMessageContaining("mode must be enforce").hasMessageContaining("'warn'");
        assertThatThrownBy(() -> read("guards:\n  - {origin: ci, target: x, rules: all, read-only: yes}\n"))
                .hasMessageContaining(":2:52").hasMessageContaining("read-only must be true or false");
        assertThatThrownBy(() -> read("guards:\n  - {origin: ci, target: x, rules: all, max-rows: -5}\n"))
                .hasMessageContaining(":2:51").hasMessageContaining("max-rows must be a whole number");
        assertThatThrownBy(() -> read("guards:\n  - {origin: ci, target: x, rules: all, max_rows: 5}\n"))
                .hasMessageContaining("unknown key 'max_rows'").hasMessageContaining("max-rows, mode, origin");
    }

    @Test
    void theAuditFileIsAbsoluteOrUnderHome() throws Exception {
        assertThat(read("audit:\n  file: /var/log/jdbc-guard/audit.jsonl\n").auditFile())
                .isEqualTo(Paths.get("/var/log/jdbc-guard/audit.jsonl"));
        assertThat(read("audit: {file: ~/logs/a.jsonl}\n").auditFile())
                .isEqualTo(Paths.get(System.getProperty("user.home"), "logs", "a.jsonl"));
        assertThatThrownBy(() -> read("audit:\n  file: logs/a.jsonl\n")).hasMessageContaining(":2:9")
                .hasMessageContaining("absolute path");
        assertThatThrownBy(() -> read("audit:\n  path: /a\n")).hasMessageContaining("unknown key 'path' in audit");
    }

    @Test
    void withoutAnAuditFileTheUserFolderHoldsIt() throws Exception {
        assertThat(read("").auditFile()).isEqualTo(UserFolder.path().resolve("audit.jsonl"));
    }

    @Test
    void breakGlassIsTrueFalseOrAMappingWithAMax() throws Exception {
        Policy defaults = read("");
        assertThat(defaults.breakGlassAllowed()).isTrue();
        assertThat(defaults.breakGlassMax()).isEqualTo(Duration.ofHours(4));
        assertThat(defaults.breakGlassSource()).isEqualTo("built-in default");

        Policy mapping = read("break-glass:\n  max: 30m\n");
        assertThat(mapping.breakGlassAllowed()).isTrue();
        assertThat(mapping.breakGlassMax()).isEqualTo(Duration.ofMinutes(30));
        assertThat(mapping.breakGlassSource()).endsWith("policy.yml:2:8");

        Policy forbidden = read("break-glass: false\n");
        assertThat(forbidden.breakGlassAllowed()).isFalse();
        assertThat(forbidden.breakGlassSource()).endsWith("policy.yml:1:14");

        assertThat(read("break-glass: true\n").breakGlassAllowed()).isTrue();
        assertThatThrownBy(() -> read("break-glass: {max: 4 hours}\n")).hasMessageContaining(":1:20")
                .hasMessageContaining("'4 hours' is not a duration").hasMessageContaining("30m, 4h or 1d");
        assertThatThrownBy(() -> read("break-glass: maybe\n")).hasMessageContaining("true, false or a mapping");
    }

    @Test
    void mergingKeepsTheMachineAuditFileTheSmallestMaxAndAnyFalse() throws Exception {
        Path machine = file("machine.yml", "audit: {file: /var/log/jdbc-guard/audit.jsonl}\nbreak-glass: {max: 1d}\n");
        Path user = file("user.yml", "audit: {file: /tmp/mine.jsonl}\nbreak-glass: {max: 2h}\n");
        Policy policy = new PolicyLoader(key -> null, key -> null, machine, user).load();

        assertThat(policy.auditFile()).isEqualTo(Paths.get("/var/log/jdbc-guard/audit.jsonl"));
        assertThat(policy.breakGlassMax()).isEqualTo(Duration.ofHours(2));
        assertThat(policy.breakGlassSource()).contains("user.yml:2:20");

        Path forbidding = file("forbid.yml", "break-glass: false\n");
        Policy forbidden = new PolicyLoader(key -> null, key -> null, machine, forbidding).load();
        assertThat(forbidden.breakGlassAllowed()).isFalse();
        assertThat(forbidden.breakGlassSource()).contains("forbid.yml:1:14");
    }

    @Test
    void pairGuardsCombineStrictestFirst() throws Exception {
        Policy policy = read("guards:\n"
                + "  - {origin: developer, target: production, rules: [drop], read-only: true, max-rows: 10,"
                + " mode: audit}\n"
                + "  - {origin: '*', target: staging, rules: [truncate], mode: audit, max-rows: 5}\n"
                + "  - {origin: '*', target: staging, rules: [drop]}\n");

        PairGuards production = policy.pairGuards("developer", Set.of("production"));
        assertThat(production.guards()).as("a declared developer -> production guard replaces the built-in one")
                .doesNotContain(Policy.DEFAULT_GUARD);
        assertThat(production.modeFor("drop")).contains(GuardMode.AUDIT);
        assertThat(production.modeFor("truncate")).isEmpty();
        assertThat(production.readOnly()).contains(GuardMode.AUDIT);
        assertThat(production.maxRows()).isEqualTo(OptionalLong.of(10));
        assertThat(production.rowLimitMode(11)).contains(GuardMode.AUDIT);
        assertThat(production.rowLimitMode(10)).isEmpty();
        assertThat(read("guards: []\n").pairGuards("developer", Set.of("production")).guards())
                .containsExactly(Policy.DEFAULT_GUARD);

        PairGuards staging = policy.pairGuards("ci", Set.of("staging"));
        assertThat(staging.modeFor("truncate")).contains(GuardMode.AUDIT);
        assertThat(staging.modeFor("drop")).contains(GuardMode.ENFORCE);
        assertThat(staging.modeFor("delete-without-where")).isEmpty();
        assertThat(staging.enforcedRules()).containsExactly("drop");
        assertThat(staging.auditedRules()).containsExactly("truncate");
        assertThat(staging.readOnly()).isEmpty();
        assertThat(staging.rowLimitMode(6)).contains(GuardMode.AUDIT);

        assertThat(policy.pairGuards("ci", Set.of("production")).isEmpty()).isTrue();
    }

    @Test
    void durationsReadAndPrint() {
        assertThat(DurationText.parse(" 30m ")).isEqualTo(Duration.ofMinutes(30));
        assertThat(DurationText.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(DurationText.format(Duration.ofMinutes(150))).isEqualTo("2h30m");
        assertThat(DurationText.format(Duration.ofHours(26))).isEqualTo("1d2h");
        assertThat(DurationText.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThatThrownBy(() -> DurationText.parse("0h")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DurationText.parse("4")).hasMessageContaining("'4' is not a duration");
    }
}
