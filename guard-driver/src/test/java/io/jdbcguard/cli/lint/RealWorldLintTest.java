package io.jdbcguard.cli.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jdbcguard.policy.Policy;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
import io.jdbcguard.rules.analyzer.StatementAnalyzer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * {@code lint} over real migration histories: the schema and upgrade scripts that Activiti, Camunda, Flowable, Quartz,
 * Spring Batch and Spring Session ship in their Maven jars (pinned versions), as {@code guard-rules}' real-world
 * corpus gathers them, and the Liquibase changelogs of two of those jars (rendered by Liquibase) ({@code mvn verify -Preal-world}; skipped when they were not gathered). The findings per
 * project, dialect and rule, for {@code developer} against {@code production} under the built-in policy, are checked
 * in ({@code src/test/resources/lint/real-world-expected.txt}).
 */
class RealWorldLintTest {
    private static final Path CORPUS = Path.of("..", "guard-rules", "target", "real-world-sql");
    private static final List<String> PROJECTS = List.of("activiti", "camunda", "flowable", "quartz", "spring-batch",
            "spring-session");
    private static final Path EXPECTED = Path.of("src", "test", "resources", "lint", "real-world-expected.txt");

    /**
     * Liquibase changelogs in the same jars, by jar and by the changelog's path in it: Camunda's (change sets of
     * {@code sqlFile}s chosen by a property per database) and Quartz's (Liquibase's own change types).
     */
    private static final Map<String, String> CHANGELOGS = new TreeMap<>(Map.of(
            "camunda-engine-7.21.0.jar", "org/camunda/bpm/engine/db/liquibase/camunda-changelog.xml",
            "quartz-2.3.2.jar", "org/quartz/impl/jdbcjobstore/liquibase.quartz.init.xml"));
    /** Where the corpus's gathering caches the jars ({@code guard-rules/src/test/corpus/gather.sh}). */
    private static final Path JARS = Path.of(System.getenv().getOrDefault("JDBC_GUARD_CORPUS_CACHE",
            System.getProperty("user.home") + "/.cache/jdbc-guard/real-world"), "jar");

    /** The changelog's folder of the jar (the changelog and the files it names), unpacked under target/. */
    private static Path extracted(String jar, String changelog) throws IOException {
        String folder = changelog.substring(0, changelog.lastIndexOf('/') + 1);
        Path into = Path.of("target", "lint", jar);
        try (ZipFile zip = new ZipFile(JARS.resolve(jar).toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                if (!entry.isDirectory() && entry.getName().startsWith(folder)) {
                    Path file = into.resolve(entry.getName());
                    Files.createDirectories(file.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return into.resolve(changelog);
    }

    @Test
    void findsWhatTheExpectedResultsSay() throws Exception {
        assumeTrue(Files.isDirectory(CORPUS.resolve("camunda")) && Files.isDirectory(JARS),
                "the real-world corpus was not gathered");
        List<String> lines = new ArrayList<>();
        for (String project : PROJECTS) {
            for (String dialect : List.of("mysql", "postgresql")) {
                Dialect parsed = Dialect.fromSubprotocol(dialect);
                LintJudge judge = new LintJudge(new StatementAnalyzer(parsed == Dialect.POSTGRESQL
                        ? SessionSettings.postgresql(true) : SessionSettings.mysql("10.11.6-MariaDB", "")), parsed,
                        Policy.NONE.pairGuards("developer", Set.of("production")), null);
                List<Path> files = MigrationFiles.of(List.of(CORPUS.resolve(project).resolve(dialect)));
                Map<String, Integer> byRule = new TreeMap<>();
                for (Path file : files) {
                    for (LintFinding finding : judge.judge(file)) {
                        byRule.merge(finding.rule(), 1, Integer::sum);
                    }
                }
                lines.add(project + "\t" + dialect + "\t" + files.size() + " files\t" + byRule);
            }
        }
        for (Map.Entry<String, String> changelog : CHANGELOGS.entrySet()) {
            Path file = extracted(changelog.getKey(), changelog.getValue());
            for (String dialect : List.of("mysql", "postgresql")) {
                Dialect parsed = Dialect.fromSubprotocol(dialect);
                LintJudge judge = new LintJudge(new StatementAnalyzer(parsed == Dialect.POSTGRESQL
                        ? SessionSettings.postgresql(true) : SessionSettings.mysql("10.11.6-MariaDB", "")), parsed,
                        Policy.NONE.pairGuards("developer", Set.of("production")), null);
                Map<String, Integer> byRule = new TreeMap<>();
                for (LintFinding finding : judge.judge(file)) {
                    byRule.merge(finding.rule(), 1, Integer::sum);
                }
                lines.add(changelog.getKey() + "\t" + dialect + "\t" + file.getFileName() + "\t" + byRule);
            }
        }
        String actual = String.join("\n", lines) + "\n";
        Files.createDirectories(Path.of("target", "lint"));
        Files.writeString(Path.of("target", "lint", "real-world-actual.txt"), actual);
        assertThat(actual).as("lint's findings on the real-world migrations (target/lint/real-world-actual.txt)")
                .isEqualTo(Files.readString(EXPECTED, StandardCharsets.UTF_8));
    }
}
