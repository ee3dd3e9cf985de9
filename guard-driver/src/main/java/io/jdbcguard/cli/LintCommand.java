package io.jdbcguard.cli;

import io.jdbcguard.GuardDriver;
import io.jdbcguard.VendorDrivers;
import io.jdbcguard.cli.lint.LintFinding;
import io.jdbcguard.cli.lint.LintJudge;
import io.jdbcguard.cli.lint.LintReport;
import io.jdbcguard.cli.lint.MigrationFiles;
import io.jdbcguard.enforce.LiveCatalog;
import io.jdbcguard.policy.PairGuards;
import io.jdbcguard.policy.Policy;
import io.jdbcguard.policy.PolicyException;
import io.jdbcguard.policy.PolicyReader;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
import io.jdbcguard.rules.analyzer.StatementAnalyzer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lint --dialect postgresql src/main/resources/db/migration}: the driver's judgement of migrations before they
 * run, for CI and code review. Each statement of each file ({@link MigrationFiles}: plain {@code .sql} scripts and
 * Flyway's layout, in Flyway's order) is judged by the same analysis and policy as the driver, for the pair
 * {@code --origin} against {@code --target} (by default {@code developer} against {@code production}, the strictest),
 * with the session's settings given by {@code --dialect}, {@code --sql-mode} and {@code --server-version}; reviewed
 * exceptions written in the migration ({@link LintJudge}) pass, with their reasons shown. Formats: {@link LintReport}.
 * Exit codes: 0 when no finding is at or above {@code --fail-on}, 1 when one is, 2 on a usage or configuration error.
 */
@Command(name = "lint", description = "Judges migration files (SQL scripts, Flyway layouts) as the driver would.")
final class LintCommand implements Callable<Integer> {
    @Mixin
    SessionOptions session;

    @Option(names = "--policy", description = "a policy file to judge by instead of the policy files in force")
    Path policy;

    @Option(names = "--format", defaultValue = "text", description = "text, json, github or sarif (default: text)")
    String format;

    @Option(names = "--fail-on", defaultValue = "block",
            description = "block (findings an enforcing guard refuses), audit (also those an audit-mode guard"
                    + " records) or none (default: block)")
    String failOn;

    @Option(names = "--url", description = "a jdbc:guard: or vendor URL of the target: lint reads its catalog"
            + " (read-only queries) to judge type changes against the live columns and tell the rows of the tables"
            + " findings name; the vendor driver must be on the class path (JDBC_GUARD_CLASSPATH)")
    String url;

    @Mixin
    LoginOptions login;

    @Parameters(arity = "1..*", description = "SQL files and folders of them")
    List<Path> paths;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        LintReport.Format output;
        try {
            output = LintReport.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new GuardCli.UsageError("--format " + format + ": use text, json, github or sarif.");
        }
        if (!Set.of("block", "audit", "none").contains(failOn)) {
            throw new GuardCli.UsageError("--fail-on " + failOn + ": use block, audit or none.");
        }
        Dialect parsed = session.dialect();
        SessionSettings settings = session.settings();
        PairGuards guards = policy().pairGuards(session.origin, Set.of(session.target));
        List<Path> files;
        try {
            files = MigrationFiles.of(paths);
        } catch (IllegalArgumentException e) {
            throw new GuardCli.UsageError(e.getMessage() + ".");
        }
        List<LintFinding> findings = new ArrayList<>();
        try (Connection target = connect()) {
            LintJudge judge = new LintJudge(new StatementAnalyzer(settings), parsed, guards,
                    target == null ? null : new LiveCatalog(target, parsed, guards));
            for (Path file : files) {
                findings.addAll(judge.judge(file));
            }
        } catch (SQLException e) {
            throw new GuardCli.UsageError("--url " + VendorDrivers.redact(url) + ": cannot read the target's catalog ("
                    + e.getMessage() + "); check the URL, the user, the password and that the vendor driver is on the"
                    + " class path.");
        }
        PrintWriter out = spec.commandLine().getOut();
        LintReport.write(findings, output, out);
        boolean fails = findings.stream().anyMatch(finding -> !finding.allowed()
                && (failOn.equals("audit") || failOn.equals("block") && finding.blocks()));
        return fails ? 1 : 0;
    }

    /** The target's vendor connection, read-only, or null without {@code --url}. */
    private Connection connect() throws SQLException {
        if (url == null) {
            return null;
        }
        String vendorUrl = LoginOptions.jdbcUrl("--url", url).startsWith(GuardDriver.PREFIX)
                ? GuardDriver.vendorUrl(url) : url;
        Connection target = GuardDriver.state().vendorDrivers().find(vendorUrl).connect(vendorUrl,
                login.properties());
        target.setReadOnly(true);
        return target;
    }

    private Policy policy() {
        if (policy == null) {
            return CommandPolicy.load(spec);
        }
        try {
            return PolicyReader.read(policy);
        } catch (PolicyException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
