package io.jdbcguard.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry under {@code environments:}: how to recognise a target as this environment.
 *
 * @param name the environment's name, e.g. {@code production}
 * @param hosts the {@code hosts:} entries; a connection to any matching host is this environment
 * @param fingerprints the {@code fingerprints:} entries: server identities (PostgreSQL {@code system_identifier},
 *     MySQL {@code @@server_uuid}, MariaDB {@code @@server_id}) that make a connection this environment
 */
public record EnvironmentSpec(String name, List<Located<HostPattern>> hosts, List<Located<String>> fingerprints) {
    /** Copies the lists. */
    public EnvironmentSpec {
        hosts = List.copyOf(hosts);
        fingerprints = List.copyOf(fingerprints);
    }

    /**
     * @param other the same environment as declared in another policy file
     * @return an environment with the entries of both (files can only add to each other)
     */
    EnvironmentSpec union(EnvironmentSpec other) {
        List<Located<HostPattern>> allHosts = new ArrayList<>(hosts);
        allHosts.addAll(other.hosts);
        List<Located<String>> allFingerprints = new ArrayList<>(fingerprints);
        allFingerprints.addAll(other.fingerprints);
        return new EnvironmentSpec(name, allHosts, allFingerprints);
    }
}
