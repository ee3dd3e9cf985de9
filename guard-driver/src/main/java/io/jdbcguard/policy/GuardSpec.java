package io.jdbcguard.policy;

import java.util.Set;

/**
 * One entry under {@code guards:}: which rules are enforced when a connection from {@code origin} reaches a target
 * tagged {@code target}.
 *
 * @param origin an origin name, or {@code *} for every origin
 * @param target an environment name, or {@code *} for every tagged or assumed environment
 * @param rules rule ids (see {@code io.jdbcguard.rules.Rules}); {@code all} in the file expands to every rule
 * @param source where the entry was written, as {@code file:line:column}, or {@code built-in default}
 */
public record GuardSpec(String origin, String target, Set<String> rules, String source) {
    /** The wildcard that matches every origin or target. */
    public static final String ANY = "*";

    /** Copies the set. */
    public GuardSpec {
        rules = Set.copyOf(rules);
    }

    /**
     * @param originName the connection's origin
     * @param environment one of the target's environment tags
     * @return true if this entry applies to that pair
     */
    public boolean appliesTo(String originName, String environment) {
        return (origin.equals(ANY) || origin.equals(originName)) && (target.equals(ANY) || target.equals(environment));
    }
}
