package io.jdbcguard.breakglass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdbcguard.policy.Policy;
import io.jdbcguard.policy.PolicyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BreakGlassTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final ZoneId ZONE = ZoneOffset.ofHours(1);

    @TempDir
    Path dir;

    /** A policy file of {@code yaml}; an empty one declares no environment (an empty file is refused). */
    private Policy policy(String yaml) throws Exception {
        return PolicyReader.read(Files.writeString(dir.resolve("policy.yml"), yaml.isEmpty() ? "environments: {}\n"
                : yaml));
    }

    private static java.util.Optional<BreakGlassGrant> variable(String value, Policy policy) throws Exception {
        return BreakGlassVariable.read(key -> null, Map.of(BreakGlassVariable.ENV, value)::get, policy, NOW, ZONE);
    }

    @Test
    void theVariableCarriesAReasonAndAnExpiry() throws Exception {
        Policy policy = policy("");

        BreakGlassGrant grant = variable("INC-123 restore orders; until=2026-12-01T12:30", policy).orElseThrow();

        assertThat(grant.reason()).isEqualTo("INC-123 restore orders");
        assertThat(grant.expires()).isEqualTo(Instant.parse("2026-12-01T11:30:00Z"));
        assertThat(grant.target()).isEqualTo(BreakGlassGrant.ALL);
        assertThat(grant.source()).isEqualTo("environment variable JDBC_GUARD_BREAK_GLASS");
        assertThat(variable("INC-1; until=2026-12-01T13:00:00Z", policy).orElseThrow().expires())
                .isEqualTo(Instant.parse("2026-12-01T13:00:00Z"));
        assertThat(variable("INC-1; until=2026-12-01T13:00+02:00", policy).orElseThrow().expires())
                .isEqualTo(Instant.parse("2026-12-01T11:00:00Z"));
        assertThat(BreakGlassVariable.read(key -> null, key -> null, policy, NOW, ZONE)).isEmpty();
    }

    @Test
    void aVariableWithoutAUsableExpiryIsRefusedWithWhatToWrite() throws Exception {
        Policy policy = policy("");
        String example = "JDBC_GUARD_BREAK_GLASS=\"INC-123 restore orders; until=2026-12-01T12:00\"";

        assertThatThrownBy(() -> variable("INC-123 restore orders", policy)).isInstanceOf(BreakGlassException.class)
                .hasMessageContaining("must give a reason and an expiry").hasMessageContaining(example)
                .hasMessageContaining("--for 1h");
        assertThatThrownBy(() -> variable("INC-123 restore orders; until=tomorrow", policy))
                .hasMessageContaining("until=tomorrow: 'tomorrow' is not an ISO-8601 time").hasMessageContaining(example);
        assertThatThrownBy(() -> variable("INC-123 restore orders; until=2026-12-01T09:00:00Z", policy))
                .hasMessageContaining("ended at 2026-12-01T09:00:00Z").hasMessageContaining(example);
        assertThatThrownBy(() -> variable("INC-123 restore orders; until=2026-12-01T15:00:00Z", policy))
                .hasMessageContaining("break-glass for 5h is longer than the policy allows: at most 4h"
                        + " (built-in default)").hasMessageContaining(example);
        assertThatThrownBy(() -> variable("; until=2026-12-01T11:00:00Z", policy))
                .hasMessageContaining("must give a reason");
    }

    @Test
    void aForbiddingPolicyRefusesTheVariableAndIgnoresGrantFiles() throws Exception {
        BreakGlassGrants grants = new BreakGlassGrants(dir.resolve("break-glass"));
        grants.give(policy(""), "INC-9", Duration.ofHours(1), "production", NOW);
        Policy forbidding = policy("break-glass: false\n");

        assertThatThrownBy(() -> variable("INC-9; until=2026-12-01T11:00:00Z", forbidding))
                .hasMessageContaining("break-glass is forbidden by the policy (").hasMessageContaining(":1:14");
        assertThat(grants.active(forbidding, Set.of("production"), NOW)).isEmpty();
        assertThatThrownBy(() -> grants.give(forbidding, "INC-9", Duration.ofHours(1), "production", NOW))
                .hasMessageContaining("forbidden");
    }

    @Test
    void grantFilesAreGivenFoundEndedAndExpire() throws Exception {
        Policy policy = policy("break-glass: {max: 2h}\n");
        BreakGlassGrants grants = new BreakGlassGrants(dir.resolve("home/break-glass"));

        assertThatThrownBy(() -> grants.give(policy, "INC-7", Duration.ofHours(3), "production", NOW))
                .hasMessageContaining("3h is longer than the policy allows: at most 2h")
                .hasMessageContaining("--for 2h");
        BreakGlassGrant production = grants.give(policy, "INC-7 fix", Duration.ofMinutes(30), "production", NOW);
        BreakGlassGrant all = grants.give(policy, "INC-8", Duration.ofMinutes(10), BreakGlassGrant.ALL, NOW);

        BreakGlassGrants reader = new BreakGlassGrants(dir.resolve("home/break-glass"));
        assertThat(reader.active(policy, Set.of("production"), NOW.plusSeconds(60))).contains(production);
        assertThat(reader.active(policy, Set.of("staging"), NOW.plusSeconds(60))).contains(all);
        assertThat(reader.valid(policy, NOW)).containsExactly(production, all);

        assertThat(reader.end(policy, "production", NOW)).containsExactly(production);
        assertThat(reader.valid(policy, NOW)).containsExactly(all);
        assertThat(reader.active(policy, Set.of("staging"), NOW.plus(Duration.ofMinutes(11)))).isEmpty();
        assertThat(Files.list(dir.resolve("home/break-glass")).filter(f -> f.getFileName().toString()
                .startsWith("grant-"))).isEmpty();
    }

    @Test
    void aTightenedPolicyInvalidatesLongerGrants() throws Exception {
        BreakGlassGrants grants = new BreakGlassGrants(dir.resolve("break-glass"));
        grants.give(policy(""), "INC-5", Duration.ofHours(4), "production", NOW);
        grants.give(policy(""), "INC-6", Duration.ofMinutes(50), "staging", NOW);
        Policy tighter = policy("break-glass: {max: 1h}\n");

        assertThat(grants.active(tighter, Set.of("production"), NOW.plus(Duration.ofMinutes(1)))).isEmpty();
        assertThat(grants.all(NOW).stream().filter(g -> g.target().equals("production")).findFirst().orElseThrow()
                .invalidity(tighter, NOW)).contains("longer than the policy's max");
        assertThat(grants.active(tighter, Set.of("staging"), NOW.plus(Duration.ofMinutes(49)))).isPresent();
    }

    @Test
    void aGrantEditedByHandIsInvalidWhateverField() throws Exception {
        Policy policy = policy("");
        for (String[] edit : new String[][] {{"\"reason\":\"INC-7\"", "\"reason\":\"INC-8\""},
                {"\"target\":\"staging\"", "\"target\":\"production\""},
                {"\"created\":\"2026-12-01T10:00:00Z\"", "\"created\":\"2027-12-01T10:00:00Z\""},
                {"\"expires\":\"2026-12-01T11:00:00Z\"", "\"expires\":\"2026-12-01T13:00:00Z\""},
                {"\"os_user\":\"", "\"os_user\":\"x"}, {"\"host\":\"", "\"host\":\"x"},
                {",\"seal\":\"", ",\"sealed\":\""}}) {
            Path folder = dir.resolve("edited-" + edit[0].hashCode());
            BreakGlassGrants grants = new BreakGlassGrants(folder);
            BreakGlassGrant given = grants.give(policy, "INC-7", Duration.ofHours(1), "staging", NOW);
            Path file = Path.of(given.source());
            String text = Files.readString(file);
            assertThat(text).contains(edit[0]);
            Files.writeString(file, text.replace(edit[0], edit[1]));

            BreakGlassGrants reader = new BreakGlassGrants(folder);
            assertThat(reader.valid(policy, NOW)).as(edit[1]).isEmpty();
            assertThat(reader.all(NOW)).as(edit[1]).singleElement()
                    .satisfies(grant -> assertThat(grant.invalidity(policy, NOW)).isNotNull());
        }
        BreakGlassGrants untouched = new BreakGlassGrants(dir.resolve("untouched"));
        untouched.give(policy, "INC-9", Duration.ofHours(1), "staging", NOW);
        assertThat(new BreakGlassGrants(dir.resolve("untouched")).valid(policy, NOW)).hasSize(1);
        Files.delete(dir.resolve("untouched").resolve(".seal-key"));
        assertThat(new BreakGlassGrants(dir.resolve("untouched")).all(NOW)).singleElement()
                .satisfies(grant -> assertThat(grant.invalidity(policy, NOW)).contains("missing"));
    }

    @Test
    void aSessionPrefersTheVariableAndSeesGrantsGivenLater() throws Exception {
        Policy policy = policy("");
        BreakGlassGrants grants = new BreakGlassGrants(dir.resolve("break-glass"));
        BreakGlassSession withVariable = BreakGlassSession.open(policy, Set.of("production"), NOW,
                Map.of(BreakGlassVariable.PROPERTY, "INC-1; until=2026-12-01T10:30:00Z")::get, key -> null, ZONE,
                grants);
        BreakGlassSession without = BreakGlassSession.open(policy, Set.of("production"), NOW, key -> null,
                key -> null, ZONE, grants);

        assertThat(withVariable.active(NOW).orElseThrow().source()).isEqualTo("system property jdbcguard.breakGlass");
        assertThat(without.active(NOW)).isEmpty();

        BreakGlassGrant given = grants.give(policy, "INC-2", Duration.ofHours(1), "production", NOW);
        assertThat(without.active(NOW.plusSeconds(1))).contains(given);
        assertThat(withVariable.active(NOW.plus(Duration.ofMinutes(40)))).contains(given);
    }
}
