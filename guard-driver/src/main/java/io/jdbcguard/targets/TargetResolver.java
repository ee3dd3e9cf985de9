package io.jdbcguard.targets;

import io.jdbcguard.policy.EnvironmentSpec;
import io.jdbcguard.policy.HostPattern;
import io.jdbcguard.policy.Located;
import io.jdbcguard.policy.Policy;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Tags a target from the hosts its URL names: a host matching an environment's {@code hosts:} entry by name, glob,
 * IP or CIDR (names resolved, see {@link HostResolver}) earns that environment; so does the server's marker or a
 * fingerprint listed under an environment (see {@link ServerFacts}). Every tag applies, so any production host or a
 * production marker makes the connection production whatever else the URL says. When nothing matches, the policy's
 * {@code unknown:} environment is assumed, if set. When the URL's hosts could not be read at all (a URL form the
 * vendor driver's parser was not available for) and the server did not tag it either, the target is the policy's
 * {@code unknown:} environment, or {@value #UNREADABLE_DEFAULT} when the policy sets none: what the guard does not
 * understand, it does not allow.
 */
public final class TargetResolver {
    /** The environment assumed for a URL whose hosts cannot be read, when the policy has no {@code unknown:}. */
    public static final String UNREADABLE_DEFAULT = "production";

    private TargetResolver() {
    }

    /**
     * @param hosts the hosts as {@link UrlHosts} returns them ({@code host:port} or {@code host}); empty when the
     *     URL's hosts could not be read
     * @param server what the server said about itself, or null when not connected (tags from the URL only)
     * @param policy the policy in force
     * @param resolver resolves host names for the policy's IP and CIDR entries
     * @return the target with its tags and the reasons
     */
    public static Target resolve(List<String> hosts, ServerFacts server, Policy policy, HostResolver resolver) {
        Set<String> environments = new LinkedHashSet<>();
        List<String> reasons = new ArrayList<>();
        for (String hostAndPort : hosts) {
            String host = hostOf(hostAndPort);
            List<InetAddress> addresses = null;
            for (EnvironmentSpec environment : policy.environments()) {
                for (Located<HostPattern> entry : environment.hosts()) {
                    HostPattern pattern = entry.value();
                    String match = null;
                    if (pattern.matchesHost(host)) {
                        match = "host " + host;
                    } else if (pattern.matchesAddresses() && !HostPattern.isIpLiteral(host)) {
                        addresses = addresses != null ? addresses : resolver.resolve(host);
                        match = addresses.stream().filter(pattern::matchesAddress).findFirst()
                                .map(a -> "host " + host + " (resolves to " + a.getHostAddress() + ")").orElse(null);
                    }
                    if (match != null && environments.add(environment.name())) {
                        reasons.add(match + " matches " + environment.name() + " hosts entry '" + pattern + "' ("
                                + entry.source() + ")");
                    }
                }
            }
        }
        if (server != null) {
            if (server.marker() != null && environments.add(server.marker())) {
                reasons.add("the server's marker says " + server.marker() + " (set by a DBA on the database)");
            }
            for (EnvironmentSpec environment : policy.environments()) {
                for (Located<String> fingerprint : environment.fingerprints()) {
                    if (fingerprint.value().equals(server.fingerprint()) && environments.add(environment.name())) {
                        reasons.add("server fingerprint " + server.fingerprint() + " matches " + environment.name()
                                + " fingerprints (" + fingerprint.source() + ")");
                    }
                }
            }
            reasons.addAll(server.notes());
        }
        if (environments.isEmpty()) {
            Located<String> unknown = policy.unknown();
            if (hosts.isEmpty()) {
                String assumed = unknown != null ? unknown.value() : UNREADABLE_DEFAULT;
                environments.add(assumed);
                reasons.add("jdbc-guard could not read the hosts of this URL, so it treats the target as " + assumed
                        + (unknown != null ? " (unknown: at " + unknown.source() + ")" : " (no unknown: in the policy)")
                        + "; use a URL form the vendor driver parses (host:port), or mark the server (see docs/policy.md)");
            } else if (unknown != null) {
                environments.add(unknown.value());
                reasons.add("no policy entry matches " + String.join(", ", hosts) + "; untagged targets are treated as "
                        + unknown.value() + " (unknown: at " + unknown.source() + ")");
            } else {
                reasons.add("no policy entry matches " + String.join(", ", hosts) + policyFiles(policy));
            }
        }
        return new Target(hosts, environments, reasons);
    }

    private static String policyFiles(Policy policy) {
        return policy.files().isEmpty() ? " (no policy file found)" : " (policy " + policy.files() + ")";
    }

    /**
     * @param hostAndPort {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6 literal
     * @return the host part, brackets kept for IPv6
     */
    public static String hostOf(String hostAndPort) {
        if (hostAndPort.startsWith("[")) {
            int close = hostAndPort.indexOf(']');
            return close > 0 ? hostAndPort.substring(0, close + 1) : hostAndPort;
        }
        int colon = hostAndPort.indexOf(':');
        return colon >= 0 && colon == hostAndPort.lastIndexOf(':') ? hostAndPort.substring(0, colon) : hostAndPort;
    }
}
