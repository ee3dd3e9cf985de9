package io.jdbcguard.policy;

import io.jdbcguard.rules.Rule;
import io.jdbcguard.rules.analyzer.Rules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The policy in force: environments (how targets are tagged), origins (how this machine is recognised), guards (which
 * rules apply to which origin and target, in which mode, with which limits), the treatment of untagged targets, the
 * audit trail's file and break-glass, merged from every policy file read.
 *
 * <p>Files only add to each other: environments, origins and guards are unions, so a user's file cannot remove a tag
 * or a guard set in the machine-wide file. The built-in guard {@link #DEFAULT_GUARD} (origin {@code developer}
 * against target {@code production}: every rule, enforced, at most 1000 rows per statement) is in force unless a
 * file declares a guard for exactly that pair, which replaces it (a platform team starts a roll-out with
 * {@code mode: audit}, or makes production read-only); when several files declare one, all apply and the strictest
 * wins.
 * Single values come from the most authoritative file that sets them ({@code unknown:}, {@code audit: file:});
 * break-glass is allowed only if no file forbids it, for at most the smallest {@code max:} of all files.
 */
public final class Policy {
    /** The guard that is always in force: developers reaching production get every rule. */
    public static final GuardSpec DEFAULT_GUARD = new GuardSpec("developer", "production",
            Rules.all().stream().map(Rule::id).collect(Collectors.toSet()), GuardMode.ENFORCE, false,
            OptionalLong.of(1000), "built-in default");

    /** The longest a break-glass grant may last when no policy file sets {@code break-glass: {max: ...}}. */
    public static final Duration DEFAULT_BREAK_GLASS_MAX = Duration.ofHours(4);

    /** The audit trail's file name in the user's jdbc-guard folder, used when no policy file names one. */
    public static final String DEFAULT_AUDIT_FILE_NAME = "audit.jsonl";

    /** The policy when no file exists: no environments, so nothing is tagged and nothing is blocked. */
    public static final Policy NONE = new Policy(List.of(), Map.of(), Map.of(), List.of(), null, null,
            BreakGlassSetting.DEFAULT);

    private final List<Path> files;
    private final Map<String, EnvironmentSpec> environments;
    private final Map<String, OriginSpec> origins;
    private final List<GuardSpec> guards;
    private final Located<String> unknown;
    private final Located<Path> auditFile;
    private final BreakGlassSetting breakGlass;

    Policy(List<Path> files, Map<String, EnvironmentSpec> environments, Map<String, OriginSpec> origins,
            List<GuardSpec> guards, Located<String> unknown, Located<Path> auditFile, BreakGlassSetting breakGlass) {
        this.files = List.copyOf(files);
        this.environments = Collections.unmodifiableMap(new LinkedHashMap<>(environments));
        this.origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
        List<GuardSpec> declared = guards.stream().filter(g -> !g.equals(DEFAULT_GUARD)).collect(Collectors.toList());
        List<GuardSpec> all = new ArrayList<>();
        if (declared.stream().noneMatch(Policy::replacesDefault)) {
            all.add(DEFAULT_GUARD);
        }
        all.addAll(declared);
        this.guards = List.copyOf(all);
        this.unknown = unknown;
        this.auditFile = auditFile;
        this.breakGlass = breakGlass;
    }

    private static boolean replacesDefault(GuardSpec guard) {
        return guard.origin().equals(DEFAULT_GUARD.origin()) && guard.target().equals(DEFAULT_GUARD.target());
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

    /**
     * @return the file the audit trail is written to: {@code audit: {file: ...}} of the most authoritative policy file
     *     that names one, else {@value #DEFAULT_AUDIT_FILE_NAME} in the user's jdbc-guard folder ({@link UserFolder})
     */
    public Path auditFile() {
        return auditFile != null ? auditFile.value() : UserFolder.path().resolve(DEFAULT_AUDIT_FILE_NAME);
    }

    /**
     * @return false if a policy file says {@code break-glass: false}; then every break-glass request and grant is
     *     refused, whatever the other files say
     */
    public boolean breakGlassAllowed() {
        return breakGlass.forbiddenAt() == null;
    }

    /**
     * @return the longest a break-glass grant may last, counted from when it is given: the smallest
     *     {@code break-glass: {max: ...}} of all files, else {@link #DEFAULT_BREAK_GLASS_MAX}
     */
    public Duration breakGlassMax() {
        return breakGlass.max() != null ? breakGlass.max().value() : DEFAULT_BREAK_GLASS_MAX;
    }

    /**
     * @return where the break-glass setting in force was written, for messages: the {@code break-glass: false} that
     *     forbids it, else the {@code max:} that limits it (both as {@code file:line:column}), else
     *     {@code built-in default}
     */
    public String breakGlassSource() {
        if (breakGlass.forbiddenAt() != null) {
            return breakGlass.forbiddenAt();
        }
        return breakGlass.max() != null ? breakGlass.max().source() : "built-in default";
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
     * @return the guards that apply to the pair, combined (strictest wins): modes, read-only and max-rows
     */
    public PairGuards pairGuards(String origin, Set<String> environments) {
        return new PairGuards(guardsFor(origin, environments));
    }

    /**
     * @param origin the connection's origin
     * @param environments the target's environment tags
     * @return the ids of every rule a guard of the pair applies, in either mode, sorted; empty when the pair is not
     *     guarded
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
     * @return a policy with the union of environments, origins and guards; {@code unknown:} and the audit file
     *     from the more authoritative file that sets them; break-glass allowed only if both allow it, for the smaller
     *     max
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
                unknown != null ? unknown : other.unknown, auditFile != null ? auditFile : other.auditFile,
                breakGlass.merge(other.breakGlass));
    }
}
