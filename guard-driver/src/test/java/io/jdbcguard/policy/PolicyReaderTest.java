package io.jdbcguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyReaderTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("policy.yml"), yaml);
    }

    @Test
    void readsTheMinimalForm() throws Exception {
        Policy policy = PolicyReader.read(file("environments:\n  production:\n"
                + "    hosts: [db.prod.example.com, \"*.prod.example.com\", 10.20.0.0/16, 127.0.0.2]\n"));

        EnvironmentSpec production = policy.environments().iterator().next();
        assertThat(production.name()).isEqualTo("production");
        assertThat(production.hosts()).extracting(h -> h.value().toString())
                .containsExactly("db.prod.example.com", "*.prod.example.com", "10.20.0.0/16", "127.0.0.2");
        assertThat(production.hosts().get(3).source()).endsWith("policy.yml:3:70");
        assertThat(policy.rulesFor("developer", Set.of("production"))).contains("drop", "truncate");
        assertThat(policy.rulesFor("ci", Set.of("production"))).isEmpty();
        assertThat(policy.rulesFor("developer", Set.of("staging"))).isEmpty();
    }

    @Test
    void readsOriginsGuardsUnknownAndBreakGlass() throws Exception {
        Policy policy = PolicyReader.read(file("origins:\n  ci:\n    env: [CI]\n    hostnames: ['build-*']\n"
                + "guards:\n  - origin: '*'\n    target: staging\n    rules: [drop]\n"
                + "unknown: production\nbreak-glass: false\n"));

        assertThat(policy.origins()).extracting(OriginSpec::name).containsExactly("ci");
        assertThat(policy.rulesFor("ci", Set.of("staging"))).containsExactly("drop");
        assertThat(policy.unknown().value()).isEqualTo("production");
        assertThat(policy.breakGlassAllowed()).isFalse();
    }

    @Test
    void anUnknownKeyFailsWithLineColumnAndTheKnownKeys() throws Exception {
        Path file = file("environments:\n  production:\n    host: [db.prod]\n");

        assertThatThrownBy(() -> PolicyReader.read(file))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(file + ":3:5")
                .hasMessageContaining("unknown key 'host'")
                .hasMessageContaining("fingerprints, hosts");
    }

    @Test
    void aTypoAtTheTopLevelFails() throws Exception {
        Path file = file("enviroments:\n  production:\n    hosts: [a]\n");

        assertThatThrownBy(() -> PolicyReader.read(file))
                .hasMessageContaining(":1:1").hasMessageContaining("unknown key 'enviroments'");
    }

    @Test
    void brokenYamlFailsWithItsPosition() throws Exception {
        Path file = file("environments:\n  production:\n    hosts: [a, b\n");

        assertThatThrownBy(() -> PolicyReader.read(file))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(file.toString() + ":")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void anUnknownRuleFailsNamingTheKnownOnes() throws Exception {
        Path file = file("guards:\n  - origin: developer\n    target: staging\n    rules: [drop, dorp]\n");

        assertThatThrownBy(() -> PolicyReader.read(file))
                .hasMessageContaining(":4:19").hasMessageContaining("unknown rule 'dorp'")
                .hasMessageContaining("truncate");
    }

    @Test
    void aGuardWithoutTargetFails() throws Exception {
        Path file = file("guards:\n  - origin: developer\n    rules: all\n");

        assertThatThrownBy(() -> PolicyReader.read(file)).hasMessageContaining(":2:5")
                .hasMessageContaining("no 'target'");
    }

    @Test
    void aBadCidrFails() throws Exception {
        Path file = file("environments:\n  production:\n    hosts: [10.20.0.0/40]\n");

        assertThatThrownBy(() -> PolicyReader.read(file)).hasMessageContaining(":3:13")
                .hasMessageContaining("prefix length");
    }

    @Test
    void aFileWithoutADocumentIsRefusedNeverAnEmptyPolicy() throws Exception {
        for (String text : new String[] {"", "\n", "   \n\n", "# jdbc-guard policy\n", "# a\n  # b\n"}) {
            Path file = file(text);
            assertThatThrownBy(() -> PolicyReader.read(file)).as(text).isInstanceOf(PolicyException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("holds no policy")
                    .hasMessageContaining("rename");
        }
        for (String text : new String[] {"---\n", "--- # nothing\n...\n"}) {
            Path file = file(text);
            assertThatThrownBy(() -> PolicyReader.read(file)).as(text).isInstanceOf(PolicyException.class)
                    .hasMessageContaining(file.toString());
        }
    }

    @Test
    void everyPrefixOfAPolicyEitherTagsProductionOrIsRefused() throws Exception {
        String policy = "# the company policy\nenvironments:\n  production:\n    hosts: [db.prod.example.com,"
                + " \"*.prod.example.com\", 10.20.0.0/16]\n";
        int tagged = 0;
        for (int end = 0; end <= policy.length(); end++) {
            Path file = file(policy.substring(0, end));
            Policy read;
            try {
                read = PolicyReader.read(file);
            } catch (PolicyException refused) {
                continue;
            }
            assertThat(read.environments()).as("prefix of %d characters", end)
                    .anyMatch(environment -> environment.name().equals("production")
                            && !environment.hosts().isEmpty());
            tagged++;
        }
        assertThat(tagged).isPositive();
    }

    @Test
    void yamlBombsAndDeepNestingAreRefusedNamingTheLimit() throws Exception {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char name = 'b'; name <= 'h'; name++) {
            String previous = "*" + (char) (name - 1);
            bomb.append(name).append(": &").append(name).append(" [").append(String.join(", ",
                    java.util.Collections.nCopies(9, previous))).append("]\n");
        }
        Path bombFile = file(bomb.toString());
        assertThatThrownBy(() -> PolicyReader.read(bombFile)).isInstanceOf(PolicyException.class)
                .hasMessageContaining(bombFile.toString()).hasMessageContaining("alias bomb")
                .hasMessageNotContaining("permissions");
        Path deep = file("environments: " + "[".repeat(100_000));
        assertThatThrownBy(() -> PolicyReader.read(deep)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("more than 50 deep").hasMessageNotContaining("permissions");
    }
}
