package io.jdbcguard.targets;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.policy.Policy;
import io.jdbcguard.policy.PolicyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetResolverTest {
    private final HostResolver resolver = new HostResolver();

    @TempDir
    Path dir;

    private Policy policy(String extra) throws Exception {
        return PolicyReader.read(Files.writeString(dir.resolve("p.yml"), "environments:\n"
                + "  production:\n    hosts: [db.prod.example.com, 127.0.0.2, 10.0.0.0/8]\n"
                + "    fingerprints: ['7319523112345678901']\n"
                + "  staging:\n    hosts: [127.0.0.1, localhost]\n" + extra));
    }

    @Test
    void anyProductionHostMakesTheConnectionProduction() throws Exception {
        Target target = TargetResolver.resolve(List.of("127.0.0.1:5432", "127.0.0.2:5432"), null, policy(""),
                resolver);

        assertThat(target.environments()).containsExactlyInAnyOrder("staging", "production");
        assertThat(target.reasons()).anyMatch(r -> r.contains("host 127.0.0.2 matches production hosts entry"));
    }

    @Test
    void theServerMarkerWinsOverTheUrl() throws Exception {
        ServerFacts server = new ServerFacts("production", null, SessionSettings.defaults(Dialect.POSTGRESQL), List.of());

        Target target = TargetResolver.resolve(List.of("localhost:5433"), server, policy(""), resolver);

        assertThat(target.environments()).contains("production", "staging");
        assertThat(target.reasons()).anyMatch(r -> r.contains("marker says production"));
    }

    @Test
    void aFingerprintTagsTheTarget() throws Exception {
        ServerFacts server = new ServerFacts(null, "7319523112345678901", SessionSettings.defaults(Dialect.POSTGRESQL), List.of());

        Target target = TargetResolver.resolve(List.of("tunnel:6000"), server, policy(""), resolver);

        assertThat(target.environments()).containsExactly("production");
    }

    @Test
    void untaggedTargetsStayUntaggedUnlessThePolicySaysOtherwise() throws Exception {
        assertThat(TargetResolver.resolve(List.of("elsewhere.invalid:1"), null, policy(""), resolver).environments())
                .isEmpty();
        Target assumed = TargetResolver.resolve(List.of("elsewhere.invalid:1"), null, policy("unknown: production\n"),
                resolver);
        assertThat(assumed.environments()).containsExactly("production");
        assertThat(assumed.reasons().get(0)).contains("untagged targets are treated as production");
    }

    @Test
    void hostsAreSplitFromPorts() {
        assertThat(TargetResolver.hostOf("db:5432")).isEqualTo("db");
        assertThat(TargetResolver.hostOf("[::1]:5432")).isEqualTo("[::1]");
        assertThat(TargetResolver.hostOf("::1")).isEqualTo("::1");
        assertThat(TargetResolver.hostOf("db")).isEqualTo("db");
    }
}
