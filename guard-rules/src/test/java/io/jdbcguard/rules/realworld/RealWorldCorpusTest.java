package io.jdbcguard.rules.realworld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.analyzer.StatementAnalyzer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs the guard over the real-world corpus that {@code src/test/corpus/gather.sh} gathers (schemas, migrations and
 * server scripts of Debian packages and Maven Central jars; run with {@code mvn -Preal-world verify}) and compares
 * the counts per corpus, every blocked harmless statement and every missed destructive one with
 * {@code src/test/resources/real-world/expected.txt}, so a change of them shows in review. Statements are split as
 * the clients do ({@link ScriptSplitter}) and labelled by {@link Label}. The actual results are written to
 * {@code target/real-world/actual.txt}; copy it over the expected file when a change is intended. Skipped when the
 * corpus was not gathered.
 *
 * <p>The column names of the corpus's {@code CREATE TABLE} statements are compared with
 * {@code src/test/resources/real-world/column-names.txt}, which {@code KeywordColumnsTest} uses in every build.
 */
class RealWorldCorpusTest {
    /** Extension and server scripts; every other corpus is an application's schema and migrations. */
    private static final Set<String> SERVER_CORPORA = Set.of("pg-extensions", "pg-partman", "pgagent",
            "mariadb-system");
    private static final int SHOWN_LENGTH = 160;
    /** Counts per corpus: statements, harmless, blocked, destructive, missed, opaque, blocked, rejected. */
    private static final int COLUMNS = 8;

    @Test
    void blocksWhatTheExpectedResultsSay() throws IOException {
        String dir = System.getProperty("jdbcguard.realWorld.dir");
        assumeTrue(dir != null && Files.isDirectory(Path.of(dir)), "real-world corpus not gathered (-Preal-world)");
        Path root = Path.of(dir);
        Map<String, int[]> counts = new TreeMap<>();
        List<String> falsePositives = new ArrayList<>();
        List<String> falseNegatives = new ArrayList<>();
        Set<String> columns = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        for (Path file : files) {
            String relative = root.relativize(file).toString();
            String corpus = relative.substring(0, relative.indexOf('/'));
            boolean postgresql = relative.contains("/postgresql/");
            StatementAnalyzer analyzer = new StatementAnalyzer(postgresql ? Dialect.POSTGRESQL : Dialect.MYSQL, true);
            String script = Files.readString(file, StandardCharsets.ISO_8859_1).replace("@extschema@", "public")
                    .replace("@extowner@", "postgres");
            int[] c = counts.computeIfAbsent(corpus, k -> new int[COLUMNS]);
            for (ScriptSplitter.Statement statement : ScriptSplitter.split(script, postgresql)) {
                Label label = Label.of(statement.sql(), postgresql);
                Analysis analysis = analyzer.analyze(statement.sql());
                List<Finding> blocking = analysis.findings().stream().filter(f -> !f.toolBookkeeping()).toList();
                boolean blocked = !blocking.isEmpty();
                c[0]++;
                int slot = label == Label.HARMLESS ? 1 : label == Label.DESTRUCTIVE ? 3 : label == Label.OPAQUE ? 5
                        : 7;
                c[slot]++;
                String where = relative + ":" + statement.line();
                if (label == Label.HARMLESS && blocked) {
                    c[2]++;
                    Finding f = blocking.get(0);
                    falsePositives.add(where + "\t" + f.ruleId() + "\t" + shown(f.reason()) + "\t"
                            + shown(statement.sql()));
                } else if (label == Label.DESTRUCTIVE && !blocked) {
                    c[4]++;
                    falseNegatives.add(where + "\t" + shown(statement.sql()));
                } else if (label == Label.OPAQUE && blocked) {
                    c[6]++;
                }
                if (label == Label.HARMLESS) {
                    columns.addAll(ColumnNames.of(statement.sql(), postgresql));
                }
            }
        }
        String actual = report(counts, falsePositives, falseNegatives);
        Path out = Path.of("target", "real-world");
        Files.createDirectories(out);
        Files.writeString(out.resolve("actual.txt"), actual, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("column-names.txt"), String.join("\n", columns) + "\n", StandardCharsets.UTF_8);

        assertThat(actual).as("real-world results (target/real-world/actual.txt)").isEqualTo(resource("expected.txt"));
        assertThat(String.join("\n", columns) + "\n").as("column names (target/real-world/column-names.txt)")
                .isEqualTo(resource("column-names.txt"));
    }

    private static String report(Map<String, int[]> counts, List<String> falsePositives,
            List<String> falseNegatives) throws IOException {
        StringBuilder out = new StringBuilder(header());
        out.append("#corpus\tkind\tstatements\tharmless\tharmless-blocked\tdestructive\tdestructive-missed\topaque"
                + "\topaque-blocked\trejected\n");
        int[][] totals = new int[2][COLUMNS];
        for (Map.Entry<String, int[]> entry : counts.entrySet()) {
            boolean server = SERVER_CORPORA.contains(entry.getKey());
            out.append(line(entry.getKey(), server, entry.getValue()));
            for (int i = 0; i < COLUMNS; i++) {
                totals[server ? 1 : 0][i] += entry.getValue()[i];
            }
        }
        out.append(line("all", false, totals[0])).append(line("all", true, totals[1]));
        out.append("\n# Harmless statements blocked: file:line, first rule, its reason, statement\n");
        falsePositives.forEach(line -> out.append(line).append('\n'));
        out.append("\n# Destructive statements not blocked: file:line, statement\n");
        falseNegatives.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    private static String line(String corpus, boolean server, int[] c) {
        return corpus + "\t" + (server ? "server" : "application") + "\t" + c[0] + "\t" + c[1] + "\t" + c[2] + "\t"
                + c[3] + "\t" + c[4] + "\t" + c[5] + "\t" + c[6] + "\t" + c[7] + String.format(Locale.ROOT,
                        "\t(%.2f%% of harmless blocked)%n", c[1] == 0 ? 0.0 : 100.0 * c[2] / c[1]);
    }

    private static String header() {
        return """
                # Expected results of RealWorldCorpusTest (mvn -Preal-world verify), for the files that
                # guard-rules/src/test/corpus/gather.sh gathers at its pinned package versions.
                # Labels (Label.java): destructive = DROP (not DROP TEMPORARY or DROP PREPARE), TRUNCATE, DELETE/UPDATE without WHERE,
                # ALTER TABLE ... DROP <column|index|key|partition>, CREATE OR REPLACE TABLE, LOAD DATA ... REPLACE (REPLACE INTO is an upsert: harmless);
                # opaque = PostgreSQL DO, CALL, PREPARE/EXECUTE IMMEDIATE of a variable (blocked by design);
                # rejected = a PostgreSQL statement starting with # (psql sends it, the server refuses it: nothing runs);
                # harmless = everything else. Blocked = a finding that is not a migration tool's bookkeeping.
                # Kinds: server = extension and server scripts (target: at most 1% of harmless blocked, each listed
                # below with its reason); application = schemas and migrations (target: none blocked).
                # MySQL compound statements (BEGIN ... END bodies) are sent whole, as the mysql client does after
                # DELIMITER.
                """;
    }

    private static String shown(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > SHOWN_LENGTH ? line.substring(0, SHOWN_LENGTH) + "..." : line;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RealWorldCorpusTest.class.getResourceAsStream("/real-world/" + name)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The column names a harmless {@code CREATE TABLE} defines, in lower case, without quotes. */
    static final class ColumnNames {
        private static final Set<String> NOT_COLUMNS = Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "KEY", "INDEX",
                "FOREIGN", "CHECK", "FULLTEXT", "SPATIAL", "EXCLUDE", "LIKE", "PERIOD");

        private ColumnNames() {
        }

        static Set<String> of(String sql, boolean postgresql) {
            String text = sql.replaceAll("(?m)--.*$", " ").replaceAll("(?s)/\\*.*?\\*/", " ").strip();
            if (!text.toUpperCase(Locale.ROOT).matches("(?s)^CREATE\\s+(TEMPORARY\\s+|TEMP\\s+|UNLOGGED\\s+)?TABLE\\b.*")) {
                return Set.of();
            }
            int open = text.indexOf('(');
            if (open < 0) {
                return Set.of();
            }
            Set<String> names = new TreeSet<>();
            int depth = 0;
            StringBuilder item = new StringBuilder();
            for (int i = open + 1; i < text.length() && depth >= 0; i++) {
                char c = text.charAt(i);
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                if ((c == ',' && depth == 0) || depth < 0) {
                    name(item.toString(), postgresql).ifPresent(names::add);
                    item.setLength(0);
                } else {
                    item.append(c);
                }
            }
            return names;
        }

        private static java.util.Optional<String> name(String item, boolean postgresql) {
            String first = item.strip().split("\\s+", 2)[0];
            if (first.isEmpty() || NOT_COLUMNS.contains(first.toUpperCase(Locale.ROOT))) {
                return java.util.Optional.empty();
            }
            String name = first.replaceAll("^[`\"\\[]|[`\"\\]]$", "");
            return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? java.util.Optional.of(name.toLowerCase(Locale.ROOT))
                    : java.util.Optional.empty();
        }
    }
}
