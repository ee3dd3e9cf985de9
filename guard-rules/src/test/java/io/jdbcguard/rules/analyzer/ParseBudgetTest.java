package io.jdbcguard.rules.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.SessionSettings;
import io.jdbcguard.rules.parsing.StatementParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every text up to 1 MB gets a verdict with bounded parsing: each parse budget a text uses hands JSQLParser at most
 * {@link StatementParser#MAX_TOKENS} tokens (retries included), and a text uses at most four budgets (the text, a
 * second judgement in unknown settings, and the shape check of each). The time this takes is measured, not asserted:
 * {@code PathologicalInputBenchmark} (JMH) measures the steady state, well under 100 ms per text here.
 */
class ParseBudgetTest {
    private static final int MAX_BUDGETS = 4;

    static Stream<Arguments> inputs() {
        return PathologicalInputs.all().entrySet().stream()
                .map(e -> Arguments.of(e.getKey(), e.getValue().getKey(), e.getValue().getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void pathologicalTextsAreParsedWithinTheBudget(String name, Dialect dialect, String sql) {
        List<StatementParser.Budget> budgets = new ArrayList<>();
        StatementAnalyzer analyzer = new StatementAnalyzer(SessionSettings.defaults(dialect), budgets::add);

        Analysis analysis = analyzer.analyze(sql);

        assertThat(analysis).isNotNull();
        assertThat(budgets).hasSizeBetween(1, MAX_BUDGETS);
        assertThat(budgets).allSatisfy(budget -> assertThat(budget.tokensParsed())
                .isBetween(0, StatementParser.MAX_TOKENS));
    }

    @Test
    void aTextOverTheBudgetIsRefusedUnparsed() {
        List<StatementParser.Budget> budgets = new ArrayList<>();
        Map.Entry<Dialect, String> inList = PathologicalInputs.all().get("long-in-list");

        Analysis analysis = new StatementAnalyzer(SessionSettings.defaults(inList.getKey()), budgets::add)
                .analyze(inList.getValue());

        assertThat(analysis.findings()).extracting(Finding::ruleId).containsExactly("unparseable");
        assertThat(analysis.findings().get(0).reason()).contains("more than the 10000 the guard parses");
        assertThat(budgets).allSatisfy(budget -> assertThat(budget.tokensParsed()).isZero());
    }

    @Test
    void likeIsDecidedWithoutBacktracking() {
        StatementAnalyzer analyzer = new StatementAnalyzer(Dialect.POSTGRESQL, true);
        Map.Entry<Dialect, String> like = PathologicalInputs.all().get("like-backtracking");

        assertThat(analyzer.analyze(like.getValue()).findings()).isEmpty();
        assertThat(analyzer.analyze("DELETE FROM users WHERE 'aaab' LIKE '%a%a%b'").findings())
                .extracting(Finding::ruleId).containsExactly("always-true-where");
        assertThat(analyzer.analyze("DELETE FROM users WHERE 'aaa' LIKE '%a%a%a%a'").findings()).isEmpty();
        assertThat(analyzer.analyze("DELETE FROM users WHERE 'a%b' LIKE 'a\\%b'").findings())
                .extracting(Finding::ruleId).containsExactly("always-true-where");
        assertThat(analyzer.analyze("DELETE FROM users WHERE 'axb' LIKE 'a\\%b'").findings()).isEmpty();
        assertThat(analyzer.analyze("DELETE FROM users WHERE 'a!b' LIKE 'a!!b' ESCAPE '!'").findings())
                .extracting(Finding::ruleId).containsExactly("always-true-where");
        assertThat(analyzer.analyze("DELETE FROM users WHERE 'abc' LIKE 'a_c'").findings())
                .extracting(Finding::ruleId).containsExactly("always-true-where");
        assertThat(new StatementAnalyzer(Dialect.MYSQL, true).analyze("DELETE FROM users WHERE 'ABC' LIKE 'a%'")
                .findings()).extracting(Finding::ruleId).containsExactly("always-true-where");
    }
}
