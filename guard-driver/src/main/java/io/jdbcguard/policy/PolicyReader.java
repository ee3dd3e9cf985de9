package io.jdbcguard.policy;

import io.jdbcguard.rules.Rule;
import io.jdbcguard.rules.analyzer.Rules;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.Constructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads one policy file (YAML) strictly: every key must be known, every value of the expected shape, and every error
 * names the file, line and column and what was expected. The format:
 *
 * <pre>{@code
 * environments:                 # how targets are tagged
 *   production:
 *     hosts: [db.prod.example.com, "*.prod.example.com", 10.20.0.0/16]
 *     fingerprints: ["7319523112345678901"]     # optional server identities
 * origins:                      # how this machine is recognised when JDBC_GUARD_ORIGIN is not set
 *   ci:
 *     env: [CI, GITHUB_ACTIONS]  # any of these variables set
 *     hostnames: ["build-*"]
 *     users: [jenkins]
 *     files: [/etc/jdbc-guard/ci]
 * guards:                       # added to the built-in developer -> production: all
 *   - origin: "*"
 *     target: staging
 *     rules: [drop, truncate]   # or: all
 *     mode: audit               # enforce (default) or audit: let it run, record would-block
 *     read-only: true           # default false
 *     max-rows: 1000            # most rows one statement may change; default none
 * unknown: production           # assume untagged targets are this environment (default: untagged)
 * audit:
 *   file: /var/log/jdbc-guard/audit.jsonl   # absolute or ~/...; default ~/.jdbc-guard/audit.jsonl
 * break-glass:                  # false refuses every break-glass; true (default) or a mapping allows it
 *   max: 4h                     # longest grant: 30m, 4h, 1d (default 4h)
 * }</pre>
 */
public final class PolicyReader {
    private static final String ALL_RULES = "all";
    private static final Set<String> TOP_KEYS = Set.of("environments", "origins", "guards", "unknown", "audit",
            "break-glass");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final Set<String> ENVIRONMENT_KEYS = Set.of("hosts", "fingerprints");
    private static final Set<String> ORIGIN_KEYS = Set.of("env", "hostnames", "users", "files");
    private static final Set<String> GUARD_KEYS = Set.of("origin", "target", "rules", "mode", "read-only",
            "max-rows");
    private static final Set<String> AUDIT_KEYS = Set.of("file");
    private static final Set<String> BREAK_GLASS_KEYS = Set.of("max");
    private static final String NO_LIMIT = "none";

    private final Path file;
    /** The file's name as messages give it, made once: a large policy has a location per value. */
    private final String fileName;

    private PolicyReader(Path file) {
        this.file = file;
        this.fileName = file.toString();
    }

    /**
     * Reads and validates a policy file.
     *
     * @param file the YAML file
     * @return the policy it declares
     * @throws PolicyException if the file cannot be read, is not YAML, or has an unknown key or a value of the wrong
     *     shape; the message names file, line and column
     */
    public static Policy read(Path file) throws PolicyException {
        return new PolicyReader(file).read();
    }

    /**
     * Says which of SnakeYAML's limits (its {@code LoaderOptions} defaults) a file broke and how to fix it: aliases
     * of collections (a "billion laughs" file), nesting depth, document size; any other YAML error as it is.
     */
    private static String limit(String problem) {
        String text = String.valueOf(problem);
        if (text.contains("aliases")) {
            return "refused: it uses more than 50 YAML aliases of lists or maps (" + text + "), the shape of an alias"
                    + " bomb. Write the entries out instead of repeating aliases.";
        }
        if (text.contains("Nesting Depth")) {
            return "refused: it nests lists or maps more than 50 deep (" + text + "); a policy needs four levels."
                    + " Fix the brackets or the indentation.";
        }
        if (text.contains("exceeds the limit")) {
            return "refused: it is too large for a policy (" + text + "). Split it into fewer, shorter entries.";
        }
        return "not valid YAML: " + text + ". Fix the syntax.";
    }

    /**
     * Leaves every scalar a string: the policy reads each value as text and checks it itself, so SnakeYAML's implicit
     * typing of scalars (a regular expression per plain scalar for booleans, numbers, dates and the like, most of the
     * time spent loading a large policy) is not needed. A merge key {@code <<} is then an ordinary key, which the
     * policy refuses as unknown.
     */
    private static final class PlainScalars extends Resolver {
        @Override
        protected void addImplicitResolvers() {
        }
    }

    private Policy read() throws PolicyException {
        Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            root = new Yaml(new Constructor(options), new Representer(new DumperOptions()), new DumperOptions(), options,
                    new PlainScalars()).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new PolicyException(where(mark) + ": not valid YAML: " + e.getProblem()
                    + ". Fix the syntax there (indentation, quotes, colons).", e);
        } catch (YAMLException e) {
            throw new PolicyException(file + ": " + limit(e.getMessage()), e);
        } catch (IOException | RuntimeException e) {
            throw new PolicyException(file + ": cannot read the jdbc-guard policy file: " + e.getMessage()
                    + ". Fix its permissions or point jdbcguard.policy / JDBC_GUARD_POLICY elsewhere.", e);
        }
        if (root == null) {
            throw new PolicyException(file + ": the jdbc-guard policy file holds no policy (it is empty or only"
                    + " comments), which would tag nothing and so block nothing. If it is being rewritten, replace it"
                    + " atomically instead: write the new policy to a temporary file in the same folder, then rename"
                    + " it over this one; if no policy is meant, delete the file.", null);
        }
        Map<String, NodeTuple> top = mapping(root, TOP_KEYS, "the policy");
        Map<String, EnvironmentSpec> environments = new LinkedHashMap<>();
        if (top.containsKey("environments")) {
            for (NodeTuple entry : mapping(top.get("environments").getValueNode()).values()) {
                String name = name(entry.getKeyNode(), "an environment name");
                environments.put(name, environment(name, entry.getValueNode()));
            }
        }
        Map<String, OriginSpec> origins = new LinkedHashMap<>();
        if (top.containsKey("origins")) {
            for (NodeTuple entry : mapping(top.get("origins").getValueNode()).values()) {
                String name = name(entry.getKeyNode(), "an origin name");
                origins.put(name, origin(name, entry.getValueNode()));
            }
        }
        List<GuardSpec> guards = new ArrayList<>();
        if (top.containsKey("guards")) {
            for (Node item : sequence(top.get("guards").getValueNode(), "a list of guards")) {
                guards.add(guard(item));
            }
        }
        Located<String> unknown = null;
        if (top.containsKey("unknown")) {
            Node node = top.get("unknown").getValueNode();
            unknown = new Located<>(name(node, "the environment to assume for untagged targets, e.g. production"),
                    where(node.getStartMark()));
        }
        Located<Path> auditFile = top.containsKey("audit") ? auditFile(top.get("audit").getValueNode()) : null;
        BreakGlassSetting breakGlass = top.containsKey("break-glass")
                ? breakGlass(top.get("break-glass").getValueNode()) : BreakGlassSetting.DEFAULT;
        return new Policy(List.of(file), environments, origins, guards, unknown, auditFile, breakGlass);
    }

    private Located<Path> auditFile(Node node) throws PolicyException {
        Map<String, NodeTuple> keys = mapping(node, AUDIT_KEYS, "audit");
        if (!keys.containsKey("file")) {
            return null;
        }
        Node fileNode = keys.get("file").getValueNode();
        String value = scalar(fileNode, "the audit trail's file");
        Path path = value.startsWith("~/") ? Paths.get(System.getProperty("user.home"), value.substring(2))
                : Paths.get(value);
        if (!path.isAbsolute()) {
            throw error(fileNode, "the audit file must be an absolute path or start with ~/, not '" + value
                    + "', e.g. /var/log/jdbc-guard/audit.jsonl");
        }
        return new Located<>(path, where(fileNode.getStartMark()));
    }

    private BreakGlassSetting breakGlass(Node node) throws PolicyException {
        if (node instanceof MappingNode) {
            Map<String, NodeTuple> keys = mapping(node, BREAK_GLASS_KEYS, "break-glass");
            if (!keys.containsKey("max")) {
                return BreakGlassSetting.DEFAULT;
            }
            Node maxNode = keys.get("max").getValueNode();
            try {
                Duration max = DurationText.parse(scalar(maxNode, "the longest break-glass grant, e.g. 4h"));
                return new BreakGlassSetting(null, new Located<>(max, where(maxNode.getStartMark())));
            } catch (IllegalArgumentException e) {
                throw error(maxNode, "break-glass max: " + e.getMessage());
            }
        }
        String value = scalar(node, "true, false or a mapping such as {max: 4h}");
        if (value.equals("false")) {
            return new BreakGlassSetting(where(node.getStartMark()), null);
        }
        if (!value.equals("true")) {
            throw error(node, "break-glass must be true, false or a mapping such as {max: 4h}, not '" + value + "'");
        }
        return BreakGlassSetting.DEFAULT;
    }

    private EnvironmentSpec environment(String name, Node node) throws PolicyException {
        Map<String, NodeTuple> keys = mapping(node, ENVIRONMENT_KEYS, "environment '" + name + "'");
        List<Located<HostPattern>> hosts = new ArrayList<>();
        if (keys.containsKey("hosts")) {
            for (Located<String> host : strings(keys.get("hosts").getValueNode(), "host names, globs, IPs or CIDRs")) {
                try {
                    hosts.add(new Located<>(HostPattern.parse(host.value()), host.source()));
                } catch (IllegalArgumentException e) {
                    throw new PolicyException(host.source() + ": " + e.getMessage(), e);
                }
            }
        }
        return new EnvironmentSpec(name, hosts, optionalStrings(keys, "fingerprints"));
    }

    private OriginSpec origin(String name, Node node) throws PolicyException {
        Map<String, NodeTuple> keys = mapping(node, ORIGIN_KEYS, "origin '" + name + "'");
        return new OriginSpec(name, optionalStrings(keys, "hostnames"), optionalStrings(keys, "users"),
                optionalStrings(keys, "env"), optionalStrings(keys, "files"));
    }

    private GuardSpec guard(Node node) throws PolicyException {
        Map<String, NodeTuple> keys = mapping(node, GUARD_KEYS, "a guard");
        for (String required : List.of("origin", "target", "rules")) {
            if (!keys.containsKey(required)) {
                throw error(node, "this guard has no '" + required + "': a guard needs origin, target and rules,"
                        + " e.g. {origin: developer, target: staging, rules: [drop, truncate]}");
            }
        }
        String origin = name(keys.get("origin").getValueNode(), "an origin name or *");
        String target = name(keys.get("target").getValueNode(), "an environment name or *");
        Node rulesNode = keys.get("rules").getValueNode();
        Set<String> known = Rules.all().stream().map(Rule::id).collect(Collectors.toCollection(TreeSet::new));
        Set<String> rules = new LinkedHashSet<>();
        if (rulesNode instanceof ScalarNode && ((ScalarNode) rulesNode).getValue().equals(ALL_RULES)) {
            rules.addAll(known);
        } else {
            for (Located<String> rule : strings(rulesNode, "rule ids or all")) {
                if (rule.value().equals(ALL_RULES)) {
                    rules.addAll(known);
                } else if (known.contains(rule.value())) {
                    rules.add(rule.value());
                } else {
                    throw new PolicyException(rule.source() + ": unknown rule '" + rule.value() + "'. Known rules: "
                            + String.join(", ", known) + ", or all.", null);
                }
            }
        }
        GuardMode mode = keys.containsKey("mode") ? mode(keys.get("mode").getValueNode()) : GuardMode.ENFORCE;
        boolean readOnly = keys.containsKey("read-only") && bool(keys.get("read-only").getValueNode(), "read-only");
        OptionalLong maxRows = keys.containsKey("max-rows") ? maxRows(keys.get("max-rows").getValueNode())
                : OptionalLong.empty();
        return new GuardSpec(origin, target, rules, mode, readOnly, maxRows, where(node.getStartMark()));
    }

    private GuardMode mode(Node node) throws PolicyException {
        String value = scalar(node, "enforce or audit");
        for (GuardMode mode : GuardMode.values()) {
            if (mode.id().equals(value)) {
                return mode;
            }
        }
        throw error(node, "mode must be enforce (refuse) or audit (let it run and record it), not '" + value + "'");
    }

    private OptionalLong maxRows(Node node) throws PolicyException {
        String value = scalar(node, "a number of rows or none");
        if (value.equals(NO_LIMIT)) {
            return OptionalLong.empty();
        }
        if (DIGITS.matcher(value).matches()) {
            return OptionalLong.of(Long.parseLong(value));
        }
        throw error(node, "max-rows must be a whole number of rows (e.g. 1000) or none, not '" + value + "'");
    }

    private boolean bool(Node node, String key) throws PolicyException {
        String value = scalar(node, "true or false");
        if (!value.equals("true") && !value.equals("false")) {
            throw error(node, key + " must be true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private Map<String, NodeTuple> mapping(Node node) throws PolicyException {
        return mapping(node, null, "this section");
    }

    private Map<String, NodeTuple> mapping(Node node, Set<String> allowed, String what) throws PolicyException {
        if (!(node instanceof MappingNode)) {
            throw error(node, "expected a mapping (key: value lines) for " + what);
        }
        Map<String, NodeTuple> keys = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            String key = scalar(tuple.getKeyNode(), "a key");
            if (allowed != null && !allowed.contains(key)) {
                throw error(tuple.getKeyNode(), "unknown key '" + key + "' in " + what + ". Expected one of: "
                        + String.join(", ", new TreeSet<>(allowed)) + ".");
            }
            if (keys.put(key, tuple) != null) {
                throw error(tuple.getKeyNode(), "'" + key + "' appears twice in " + what + ": keep one.");
            }
        }
        return keys;
    }

    private List<Node> sequence(Node node, String what) throws PolicyException {
        if (!(node instanceof SequenceNode)) {
            throw error(node, "expected " + what + " (a YAML list: [a, b] or '- a' lines)");
        }
        return ((SequenceNode) node).getValue();
    }

    private List<Located<String>> strings(Node node, String what) throws PolicyException {
        List<Located<String>> values = new ArrayList<>();
        if (node instanceof ScalarNode) {
            values.add(new Located<>(scalar(node, what), where(node.getStartMark())));
            return values;
        }
        for (Node item : sequence(node, "a list of " + what)) {
            values.add(new Located<>(scalar(item, what), where(item.getStartMark())));
        }
        return values;
    }

    private List<Located<String>> optionalStrings(Map<String, NodeTuple> keys, String key) throws PolicyException {
        return keys.containsKey(key) ? strings(keys.get(key).getValueNode(), key) : List.of();
    }

    private String name(Node node, String what) throws PolicyException {
        String value = scalar(node, what);
        if (!value.equals(GuardSpec.ANY) && !NAME.matcher(value).matches()) {
            throw error(node, "'" + value + "' is not a valid name for " + what
                    + ": use letters, digits, '.', '_' and '-'");
        }
        return value;
    }

    private String scalar(Node node, String what) throws PolicyException {
        if (!(node instanceof ScalarNode)) {
            throw error(node, "expected a single value (" + what + ") here, not a list or mapping");
        }
        return ((ScalarNode) node).getValue();
    }

    private PolicyException error(Node node, String message) {
        return new PolicyException(where(node.getStartMark()) + ": " + message, null);
    }

    private String where(Mark mark) {
        return mark == null ? fileName : fileName + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }
}
