package io.jdbcguard.policy;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One entry under {@code guards:}: which rules are enforced (or audited) when a connection from {@code origin} reaches
 * a target tagged {@code target}, and the limits on such connections. When several entries apply to one connection,
 * {@link PairGuards} combines them, strictest first.
 *
 * @param origin an origin name, or {@code *} for every origin
 * @param target an environment name, or {@code *} for every tagged or assumed environment
 * @param rules rule ids (see {@code io.jdbcguard.rules.analyzer.Rules}); {@code all} in the file expands to every rule
 * @param mode {@code mode:}: {@link GuardMode#ENFORCE} refuses what the rules object to, {@link GuardMode#AUDIT}
 *     lets it run and records a {@code would-block} event (default: enforce)
 * @param readOnly {@code read-only:}: whether connections of the pair may only read (default: false)
 * @param maxRows {@code max-rows:}: the most rows one statement may change on the pair; empty for {@code none}
 *     (default: none; 1000 for the built-in guard)
 * @param source where the entry was written, as {@code file:line:column}, or {@code built-in default}
 */
public record GuardSpec(String origin, String target, Set<String> rules, GuardMode mode, boolean readOnly,
        OptionalLong maxRows, String source) {
    /** The wildcard that matches every origin or target. */
    public static final String ANY = "*";

    /** Copies the set and checks the mode and limit are given. */
    public GuardSpec {
        rules = Set.copyOf(rules);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(maxRows, "maxRows");
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
