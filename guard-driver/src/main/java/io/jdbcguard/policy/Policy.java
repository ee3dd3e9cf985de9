package io.jdbcguard.policy;

import io.jdbcguard.rules.Rule;
import io.jdbcguard.rules.Rules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The policy in force: environments (how targets are tagged), origins (how this machine is recognised), guards (which
 * rules apply to which origin and target) and the treatment of untagged targets, merged from every policy file read.
 *
 * <p>Files only add to each other: environments, origins and guards are unions, so a user's file cannot remove a tag
 * or a guard set in the machine-wide file. The built-in guard {@link #DEFAULT_GUARD} (origin {@code developer}
 * against target {@code production}: every rule) is always in force.
 */
public final class Policy {
    /** The guard that is always in force: developers reaching production get every rule. */
    public static final GuardSpec DEFAULT_GUARD = new GuardSpec("developer", "production",
            Rules.all().stream().map(Rule::id).collect(Collectors.toSet()), "built-in default");

    /** The policy when no file exists: no environments, so nothing is tagged and nothing is blocked. */
    public static final Policy NONE = new Policy(List.of(), Map.of(), Map.of(), List.of(), null, true);

    private final List<Path> files;
    private final Map<String, EnvironmentSpec> environments;
    private final Map<String, OriginSpec> origins;
    private final List<GuardSpec> guards;
    private final Located<String> unknown;
    private final boolean breakGlassAllowed;

    Policy(List<Path> files, Map<String, EnvironmentSpec> environments, Map<String, OriginSpec> origins,
            List<GuardSpec> guards, Located<String> unknown, boolean breakGlassAllowed) {
        this.files = List.copyOf(files);
        this.environments = Collections.unmodifiableMap(new LinkedHashMap<>(environments));
        this.origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
        List<GuardSpec> all = new ArrayList<>();
        all.add(DEFAULT_GUARD);
        guards.stream().filter(g -> !g.equals(DEFAULT_GUARD)).forEach(all::add);
        this.guards = List.copyOf(all);
        this.unknown = unknown;
        this.breakGlassAllowed = breakGlassAllowed;
    }

    /** @return the policy files this policy was read from, most authoritative first; empty when none exists */
    public List<Path> files() {
        return files;
    }

    /** @return the declared environments by name */
    public Collection<EnvironmentSpec> environments() {
        return environments.values();
    }

    /** @return the declared origins by name, in declaration order */
    public Collection<OriginSpec> origins() {
        return origins.values();
    }

    /** @return every guard in force, the built-in default first */
    public List<GuardSpec> guards() {
        return guards;
    }

    /**
     * @return the environment an untagged target is assumed to be ({@code unknown:} in the policy), or null when
     *     untagged targets stay untagged (the default: not production)
     */
    public Located<String> unknown() {
        return unknown;
    }

    /** @return false if a policy file says {@code break-glass: false}; then break-glass requests are refused */
    public boolean breakGlassAllowed() {
        return breakGlassAllowed;
    }

    /**
     * @param origin the connection's origin
     * @return true if some guard may apply to this origin; false means no connection from it is ever checked, so
     *     the driver skips target detection and checking altogether
     */
    public boolean guardsOrigin(String origin) {
        return guards.stream().anyMatch(g -> g.origin().equals(GuardSpec.ANY) || g.origin().equals(origin));
    }

    /**
     * @param origin the connection's origin
     * @param environments the target's environment tags
     * @return the guards that apply to the pair (empty when the pair is not guarded)
     */
    public List<GuardSpec> guardsFor(String origin, Set<String> environments) {
        return guards.stream()
                .filter(g -> environments.stream().anyMatch(env -> g.appliesTo(origin, env)))
                .collect(Collectors.toList());
    }

    /**
     * @param origin the connection's origin
     * @param environments the target's environment tags
     * @return the ids of every rule enforced for the pair, sorted; empty when the pair is not guarded
     */
    public Set<String> rulesFor(String origin, Set<String> environments) {
        Set<String> rules = new TreeSet<>();
        guardsFor(origin, environments).forEach(g -> rules.addAll(g.rules()));
        return rules;
    }

    /**
     * Combines this policy (more authoritative) with another file's.
     *
     * @param other a policy read from a less authoritative file
     * @return a policy with the union of environments, origins and guards; {@code unknown:} from the more
     *     authoritative file that sets it; break-glass allowed only if both allow it
     */
    Policy merge(Policy other) {
        List<Path> allFiles = new ArrayList<>(files);
        allFiles.addAll(other.files);
        Map<String, EnvironmentSpec> allEnvironments = new LinkedHashMap<>(environments);
        other.environments.forEach((name, spec) -> allEnvironments.merge(name, spec, EnvironmentSpec::union));
        Map<String, OriginSpec> allOrigins = new LinkedHashMap<>(origins);
        other.origins.forEach((name, spec) -> allOrigins.merge(name, spec, OriginSpec::union));
        Set<GuardSpec> allGuards = new LinkedHashSet<>(guards);
        allGuards.addAll(other.guards);
        return new Policy(allFiles, allEnvironments, allOrigins, new ArrayList<>(allGuards),
                unknown != null ? unknown : other.unknown, breakGlassAllowed && other.breakGlassAllowed);
    }
}
