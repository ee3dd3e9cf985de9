package io.jdbcguard.cli;

import io.jdbcguard.enforce.Verdict;
import io.jdbcguard.policy.PairGuards;
import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.SessionSettings;
import io.jdbcguard.rules.analyzer.StatementAnalyzer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code check --dialect postgresql --origin developer --target production "DELETE FROM users"}: prints the verdict
 * for the pair under the policy in force, and every finding, judged exactly as the driver judges ({@link Verdict}).
 * Exit code 0 when allowed, 1 when blocked, 2 on a usage or policy error.
 */
@Command(name = "check", description = "Prints the verdict for a statement from an origin to a target.")
final class CheckCommand implements Callable<Integer> {
    @Mixin
    SessionOptions session;

    @Parameters(index = "0", description = "the SQL text (one or more statements)")
    String sql;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SessionSettings settings = session.settings();
        PairGuards guards = CommandPolicy.load(spec).pairGuards(session.origin, Set.of(session.target));
        Analysis analysis = new StatementAnalyzer(settings).analyze(sql);
        Verdict verdict = Verdict.of(analysis, guards, sql);
        out.println("Verdict: " + (!verdict.allowed() ? "BLOCKED" : verdict.audited().isEmpty() ? "ALLOWED"
                : "ALLOWED (audit mode: recorded as would-block)") + " for " + session.origin + " -> " + session.target
                + (guards.isEmpty() ? " (no guard applies to this pair)"
                        : " (enforced rules: " + String.join(", ", guards.enforcedRules())
                                + (guards.readOnly().isPresent() ? "; read-only" : "") + ")"));
        List<Finding> findings = new ArrayList<>(analysis.findings());
        verdict.enforced().stream().filter(f -> !findings.contains(f)).forEach(findings::add);
        verdict.audited().stream().filter(f -> !findings.contains(f)).forEach(findings::add);
        for (Finding finding : findings) {
            String effect = verdict.enforced().contains(finding) ? "blocks" : verdict.audited().contains(finding)
                    ? "audits" : "noted ";
            out.println("  " + effect + " [" + finding.ruleId() + "] " + finding.statementKind() + " "
                    + String.join(", ", finding.objects()) + ": " + finding.reason());
        }
        if (findings.isEmpty()) {
            out.println("  No rule objects to this text.");
        }
        return verdict.allowed() ? 0 : 1;
    }
}
