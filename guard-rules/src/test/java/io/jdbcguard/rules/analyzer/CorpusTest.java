package io.jdbcguard.rules.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case of {@code corpus/corpus.tsv} (format in the file's header) through {@link StatementAnalyzer} and
 * asserts that the set of rule ids found is exactly the labelled one.
 */
class CorpusTest {
    private static final String CORPUS = "/corpus/corpus.tsv";

    /** One line of the corpus. */
    record Case(int line, String dialect, Set<String> expectedRules, String category, String sql) {
        @Override
        public String toString() {
            return "line " + line + " " + dialect + " " + category + ": " + sql;
        }

        StatementAnalyzer analyzer() {
            switch (dialect) {
                case "postgresql":
                    return new StatementAnalyzer(Dialect.POSTGRESQL, true);
                case "mysql":
                    return new StatementAnalyzer(Dialect.MYSQL, true);
                case "mysql-no-backslash-escapes":
                    return new StatementAnalyzer(Dialect.MYSQL, false);
                default:
                    throw new IllegalArgumentException("Unknown dialect '" + dialect + "' on corpus line " + line
                            + ": use postgresql, mysql or mysql-no-backslash-escapes");
            }
        }
    }

    static List<Case> cases() throws IOException {
        try (InputStream in = CorpusTest.class.getResourceAsStream(CORPUS)) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            return IntStream.range(0, lines.size())
                    .filter(i -> !lines.get(i).isBlank() && !lines.get(i).startsWith("#"))
                    .mapToObj(i -> parse(i + 1, lines.get(i))).toList();
        }
    }

    private static Case parse(int line, String text) {
        String[] fields = text.split("\t", 4);
        if (fields.length != 4) {
            throw new IllegalArgumentException("Corpus line " + line + " has " + fields.length
                    + " TAB-separated fields; it needs dialect, expect, category and sql");
        }
        Set<String> expected = fields[1].equals("allow") ? Set.of()
                : Arrays.stream(fields[1].substring("block:".length()).split(",")).collect(Collectors.toSet());
        return new Case(line, fields[0], expected, fields[2], fields[3]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findsExactlyTheLabelledRules(Case c) {
        Analysis analysis = c.analyzer().analyze(c.sql());

        Set<String> found = analysis.findings().stream().map(Finding::ruleId)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(found).as("rule ids for %s; findings %s", c, analysis.findings())
                .isEqualTo(new TreeSet<>(c.expectedRules()));
    }

    @Test
    void hasAtLeast300CasesOverBothDialectsAndOnlyKnownRuleIds() throws IOException {
        List<Case> cases = cases();

        assertThat(cases).hasSizeGreaterThanOrEqualTo(300);
        assertThat(cases.stream().map(Case::dialect).collect(Collectors.toSet()))
                .contains("postgresql", "mysql");
        assertThat(cases.stream().flatMap(c -> c.expectedRules().stream()))
                .allMatch(Rules.ids()::contains);
        assertThat(Rules.ids()).allMatch(id -> cases.stream().anyMatch(c -> c.expectedRules().contains(id)));
    }
}
