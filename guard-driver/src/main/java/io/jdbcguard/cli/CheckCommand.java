package io.jdbcguard.cli;

import io.jdbcguard.policy.Policy;
import io.jdbcguard.policy.PolicyException;
import io.jdbcguard.policy.PolicyLoader;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.StatementAnalyzer;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code check --dialect postgresql --origin developer --target production "DELETE FROM users"}: prints the verdict
 * for the pair under the policy in force, and every finding. Exit code 1 when blocked.
 */
@Command(name = "check", description = "Prints the verdict for a statement from an origin to a target.")
final class CheckCommand implements Callable<Integer> {
    @Option(names = "--dialect", required = true, description = "postgresql or mysql (mariadb)")
    String dialect;

    @Option(names = "--origin", defaultValue = "developer", description = "the origin (default: ${DEFAULT-VALUE})")
    String origin;

    @Option(names = "--target", defaultValue = "production",
            description = "the target's environment (default: ${DEFAULT-VALUE})")
    String target;

    @Option(names = "--no-backslash-escapes", description = "MySQL sql_mode NO_BACKSLASH_ESCAPES")
    boolean noBackslashEscapes;

    @Parameters(index = "0", description = "the SQL text (one or more statements)")
    String sql;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws PolicyException {
        PrintWriter out = spec.commandLine().getOut();
        Policy policy = PolicyLoader.standard().load();
        Set<String> rules = policy.rulesFor(origin, Set.of(target));
        List<Finding> findings = new StatementAnalyzer(Dialect.fromSubprotocol(dialect), !noBackslashEscapes)
                .analyze(sql).findings();
        List<Finding> blocking = findings.stream().filter(f -> rules.contains(f.ruleId()))
                .collect(Collectors.toList());
        out.println("Verdict: " + (blocking.isEmpty() ? "ALLOWED" : "BLOCKED") + " for " + origin + " -> "
                + target + (rules.isEmpty() ? " (no rule applies to this pair)"
                        : " (rules: " + String.join(", ", rules) + ")"));
        for (Finding finding : findings) {
            out.println("  " + (rules.contains(finding.ruleId()) ? "blocks" : "noted ") + " [" + finding.ruleId()
                    + "] " + finding.statementKind() + " " + String.join(", ", finding.objects()) + ": "
                    + finding.reason());
        }
        if (findings.isEmpty()) {
            out.println("  No rule objects to this text.");
        }
        return blocking.isEmpty() ? 0 : 1;
    }
}
