package io.jdbcguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {
    @TempDir
    Path dir;

    @Test
    void aUserFileCannotRemoveWhatTheMachineFileTags() throws Exception {
        Path machine = Files.writeString(dir.resolve("machine.yml"),
                "environments:\n  production:\n    hosts: [db.prod]\n");
        Path user = Files.writeString(dir.resolve("user.yml"),
                "environments:\n  production:\n    hosts: []\n  staging:\n    hosts: [db.prod]\n");
        PolicyLoader loader = new PolicyLoader(key -> null, key -> null, machine, user);

        Policy policy = loader.load();

        assertThat(policy.files()).containsExactly(machine, user);
        EnvironmentSpec production = policy.environments().stream()
                .filter(e -> e.name().equals("production")).findFirst().orElseThrow();
        assertThat(production.hosts()).extracting(h -> h.value().toString()).containsExactly("db.prod");
        assertThat(policy.rulesFor("developer", Set.of("production", "staging"))).isNotEmpty();
    }

    @Test
    void theNamedFileComesFromThePropertyBeforeTheEnvironment() throws Exception {
        Path named = Files.writeString(dir.resolve("named.yml"), "environments: {}\n");
        PolicyLoader loader = new PolicyLoader(Map.of(PolicyLoader.POLICY_PROPERTY, named.toString())::get,
                Map.of(PolicyLoader.POLICY_ENV, "/nowhere.yml")::get, dir.resolve("none1"), dir.resolve("none2"));

        assertThat(loader.files()).containsExactly(named);
    }

    @Test
    void aNamedFileThatDoesNotExistFails() {
        PolicyLoader loader = new PolicyLoader(key -> null, Map.of(PolicyLoader.POLICY_ENV, "/nowhere.yml")::get,
                dir.resolve("none1"), dir.resolve("none2"));

        assertThatThrownBy(loader::load).isInstanceOf(PolicyException.class)
                .hasMessageContaining("/nowhere.yml").hasMessageContaining("JDBC_GUARD_POLICY");
    }

    @Test
    void noFileMeansNoTags() throws Exception {
        PolicyLoader loader = new PolicyLoader(key -> null, key -> null, dir.resolve("none1"), dir.resolve("none2"));

        assertThat(loader.load()).isSameAs(Policy.NONE);
    }

    @Test
    void noFileIsWarnedOnceByTheDriversLoaderAndNeverByAQuietOne() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(PolicyLoader.class.getName());
        logger.addHandler(handler);
        try {
            PolicyLoader driver = new PolicyLoader(key -> null, key -> null, dir.resolve("none1"),
                    dir.resolve("none2"));
            driver.load();
            driver.load();
            new PolicyLoader(key -> null, key -> null, dir.resolve("none1"), dir.resolve("none2")).quiet().load();
        } finally {
            logger.removeHandler(handler);
        }

        assertThat(records).singleElement().satisfies(record -> assertThat(record.getMessage())
                .contains("no policy file", "nothing is blocked"));
    }

    @Test
    void anEditedFileIsReadAgain() throws Exception {
        Path named = Files.writeString(dir.resolve("named.yml"), "environments:\n  production:\n    hosts: [a]\n");
        PolicyLoader loader = new PolicyLoader(Map.of(PolicyLoader.POLICY_PROPERTY, named.toString())::get,
                key -> null, dir.resolve("none1"), dir.resolve("none2"));
        loader.load();

        Files.writeString(named, "environments:\n  production:\n    hosts: [a, b, c]\n");

        assertThat(loader.load().environments().iterator().next().hosts()).hasSize(3);
    }

    @Test
    void aRecheckTimeSparesTheFilesButNotANewlyNamedFile() throws Exception {
        Path first = Files.writeString(dir.resolve("first.yml"), "environments:\n  production:\n    hosts: [a]\n");
        Path second = Files.writeString(dir.resolve("second.yml"), "environments:\n  staging:\n    hosts: [b]\n");
        Map<String, String> properties = new java.util.HashMap<>(Map.of(PolicyLoader.POLICY_PROPERTY, first.toString()));
        PolicyLoader loader = new PolicyLoader(properties::get, key -> null, dir.resolve("none1"),
                dir.resolve("none2"), java.time.Duration.ofHours(1));
        Policy loaded = loader.load();

        Files.writeString(first, "environments:\n  production:\n    hosts: [a, b, c]\n");
        assertThat(loader.load()).isSameAs(loaded);

        properties.put(PolicyLoader.POLICY_PROPERTY, second.toString());
        assertThat(loader.load().files()).containsExactly(second);
    }
}
