package io.jdbcguard.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.policy.Policy;
import io.jdbcguard.policy.PolicyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OriginResolverTest {
    @TempDir
    Path dir;

    private Policy policy() throws Exception {
        Path marker = dir.resolve("ci-marker");
        return PolicyReader.read(Files.writeString(dir.resolve("p.yml"), "origins:\n"
                + "  ci:\n    env: [GITLAB_CI]\n    files: [" + marker + "]\n"
                + "  build:\n    hostnames: ['build-*']\n  ops:\n    users: [deploy]\n"));
    }

    @Test
    void theDeclaredOriginWinsPropertyFirst() throws Exception {
        OriginResolver resolver = new OriginResolver(Map.of(OriginResolver.ORIGIN_PROPERTY, "staging-app")::get,
                Map.of(OriginResolver.ORIGIN_ENV, "ci", "GITLAB_CI", "true")::get, "laptop");

        Origin origin = resolver.resolve(policy());

        assertThat(origin.name()).isEqualTo("staging-app");
        assertThat(origin.reason()).contains("system property jdbcguard.origin");
    }

    @Test
    void theEnvironmentVariableDeclaresWhenThePropertyDoesNot() throws Exception {
        Origin origin = new OriginResolver(k -> null, Map.of(OriginResolver.ORIGIN_ENV, "ci")::get, "laptop")
                .resolve(Policy.NONE);

        assertThat(origin).isEqualTo(new Origin("ci", "declared by environment variable JDBC_GUARD_ORIGIN"));
    }

    @Test
    void thePolicyRecognisesByVariableFileHostAndUser() throws Exception {
        Policy policy = policy();
        assertThat(new OriginResolver(k -> null, Map.of("GITLAB_CI", "true")::get, "laptop").resolve(policy).name())
                .isEqualTo("ci");
        assertThat(new OriginResolver(k -> null, k -> null, "BUILD-7").resolve(policy).reason())
                .contains("host name BUILD-7 matches build-*");
        assertThat(new OriginResolver(Map.of("user.name", "deploy")::get, k -> null, "x").resolve(policy).name())
                .isEqualTo("ops");
        Files.createFile(dir.resolve("ci-marker"));
        assertThat(new OriginResolver(k -> null, k -> null, "laptop").resolve(policy).reason())
                .contains("marker file");
    }

    @Test
    void otherwiseItIsADeveloper() throws Exception {
        Origin origin = new OriginResolver(Map.of("user.name", "ann")::get, k -> null, "laptop").resolve(policy());

        assertThat(origin.name()).isEqualTo("developer");
        assertThat(origin.reason()).contains("the default").contains("laptop").contains("ann");
    }
}
