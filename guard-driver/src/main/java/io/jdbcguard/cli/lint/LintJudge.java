package io.jdbcguard.cli.lint;

import io.jdbcguard.enforce.LiveCatalog;
import io.jdbcguard.enforce.Verdict;
import io.jdbcguard.policy.PairGuards;
import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.analyzer.StatementAnalyzer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges each statement of a migration file as the driver would judge it on a connection of the pair ({@link Verdict}
 * over the same analysis), and applies the reviewed exceptions written in the migration: a comment before or inside
 * a statement, {@code -- jdbc-guard: allow drop "INC-42 table replaced by orders_v2"} (one rule or several separated
 * by commas, and a reason in double quotes, which is required), lets lint pass that statement's findings of those
 * rules and shows the reason. The driver ignores these comments: a statement run from a guarded pair is judged as
 * ever. Flyway placeholders ({@code ${name}}) are read as identifiers of the same length, so positions stay true.
 */
public final class LintJudge {
    private static final Pattern ALLOW = Pattern.compile(
            "jdbc-guard:\\s*allow\\s+([A-Za-z-]+(?:\\s*,\\s*[A-Za-z-]+)*)(?:\\s+\"([^\"]*)\")?");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    /** The rules whose findings say what happens to a table's rows, so a live target's row count is told. */
    private static final Set<String> ROW_RULES = Set.of("drop", "truncate", "alter-drop-column",
            "delete-without-where", "update-without-where", "always-true-where");

    private final StatementAnalyzer analyzer;
    private final Dialect dialect;
    private final PairGuards guards;
    private final LiveCatalog live;

    /**
     * @param analyzer reads the statements with the session's settings (dialect, string escapes, version)
     * @param dialect the settings' dialect, to render Liquibase changelogs in
     * @param guards the guards of the pair the migration is judged for
     * @param live the target's catalog, to judge type changes against its columns and tell the rows a finding's
     *     tables hold; null to judge the text alone
     */
    public LintJudge(StatementAnalyzer analyzer, Dialect dialect, PairGuards guards, LiveCatalog live) {
        this.analyzer = analyzer;
        this.dialect = dialect;
        this.guards = guards;
        this.live = live;
    }

    /**
     * @param file a SQL file, or a Liquibase changelog named on the command line ({@link LiquibaseChangelogs}): its
     *     findings then name the change set and the line that declares it
     * @return its findings, in statement order
     * @throws IOException when it cannot be read, or Liquibase cannot render it
     */
    public List<LintFinding> judge(Path file) throws IOException {
        if (!LiquibaseChangelogs.isChangelog(file)) {
            return judge(file, withPlaceholdersAsNames(Files.readString(file, StandardCharsets.UTF_8)), List.of());
        }
        String rendered = LiquibaseChangelogs.render(file, dialect);
        return judge(file, rendered, LiquibaseChangelogs.changeSets(rendered, file));
    }

    /**
     * The findings of a script; where a change set of a rendered changelog holds the statement, it is named and its
     * declaring line is the location.
     */
    private List<LintFinding> judge(Path file, String text, List<LiquibaseChangelogs.ChangeSet> changeSets)
            throws IOException {
        List<LintFinding> findings = new ArrayList<>();
        int previousEnd = 0;
        int counted = 0;
        int lines = 1;
        for (StatementAnalyzer.ScriptStatement statement : analyzer.split(text)) {
            for (; counted < statement.start(); counted++) {
                lines += text.charAt(counted) == '\n' ? 1 : 0;
            }
            int line = lines;
            int column = statement.start() - text.lastIndexOf('\n', statement.start() - 1);
            Map<String, String> allowed = new HashMap<>();
            String comments = text.substring(previousEnd, statement.start()) + "\n" + statement.text();
            Matcher allow = ALLOW.matcher(comments);
            while (allow.find()) {
                if (allow.group(2) == null || allow.group(2).isBlank()) {
                    findings.add(new LintFinding(file, line, column, "lint", true, "a jdbc-guard allow comment needs"
                            + " its reason in double quotes: -- jdbc-guard: allow " + allow.group(1)
                            + " \"<ticket and why>\"", statement.text(), null));
                    continue;
                }
                for (String rule : allow.group(1).split(",")) {
                    allowed.put(rule.strip().toLowerCase(Locale.ROOT), allow.group(2));
                }
            }
            LiquibaseChangelogs.ChangeSet changeSet = null;
            for (LiquibaseChangelogs.ChangeSet candidate : changeSets) {
                if (candidate.offset() <= statement.start()) {
                    changeSet = candidate;
                }
            }
            if (changeSet != null) {
                line = changeSet.line();
                column = 1;
            }
            String where = changeSet == null ? "" : "changeSet " + changeSet.id() + " (" + changeSet.author() + "): ";
            Analysis analysis = analyzer.analyze(statement.text());
            if (live != null) {
                analysis = analysis.withFindings(live.typeChanges(analysis, statement.text()));
            }
            Verdict verdict = Verdict.of(analysis, guards, statement.text());
            add(findings, verdict.enforced(), true, file, line, column, where, statement.text(), allowed);
            add(findings, verdict.audited(), false, file, line, column, where, statement.text(), allowed);
            previousEnd = statement.end();
        }
        return findings;
    }

    private void add(List<LintFinding> into, List<Finding> findings, boolean blocks, Path file, int line,
            int column, String where, String statement, Map<String, String> allowed) throws IOException {
        for (Finding finding : findings) {
            String objects = finding.objects().isEmpty() ? "" : " " + String.join(", ", finding.objects());
            into.add(new LintFinding(file, line, column, finding.ruleId(), blocks, where + finding.statementKind()
                    + objects
                    + ": " + finding.reason() + rows(finding), statement, allowed.get(finding.ruleId())));
        }
    }

    /** On a live target, what the finding's tables hold: {@code " (live: users holds 5000 rows)"}. */
    private String rows(Finding finding) throws IOException {
        if (live == null || !ROW_RULES.contains(finding.ruleId())) {
            return "";
        }
        StringBuilder told = new StringBuilder();
        for (String table : finding.objects()) {
            long rows;
            try {
                rows = live.rows(table);
            } catch (SQLException e) {
                throw new IOException("cannot read the catalog of the target for " + table + ": " + e.getMessage(), e);
            }
            told.append(told.length() == 0 ? " (live: " : "; ").append(table).append(rows < 0 ? " is not there"
                    : " holds " + rows + " rows");
        }
        return told.length() == 0 ? "" : told.append(')').toString();
    }

    /** Flyway's {@code ${name}} as an identifier of the same length ({@code name} and underscores). */
    private static String withPlaceholdersAsNames(String text) {
        Matcher placeholder = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (placeholder.find()) {
            String name = placeholder.group(1).replaceAll("[^A-Za-z0-9_]", "_");
            String padded = ("p" + name + "___").substring(0, placeholder.group().length());
            placeholder.appendReplacement(out, Matcher.quoteReplacement(padded));
        }
        placeholder.appendTail(out);
        return out.toString();
    }
}
