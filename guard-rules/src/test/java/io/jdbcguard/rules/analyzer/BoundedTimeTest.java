package io.jdbcguard.rules.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every text up to 1 MB gets a verdict in bounded time. The budget here is generous (a shared CI machine, a cold
 * JIT); {@code PathologicalInputBenchmark} measures the steady state, which is well under 100 ms per text.
 */
class BoundedTimeTest {
    private static final Duration BUDGET = Duration.ofSeconds(2);

    @BeforeAll
    static void warmUp() {
        for (int i = 0; i < 200; i++) {
            new StatementAnalyzer(Dialect.POSTGRESQL, true).analyze("DELETE FROM users WHERE name LIKE '%a%'");
            new StatementAnalyzer(Dialect.MYSQL, true).analyze("/*!50000 SELECT 'a' 'b' */");
        }
    }

    static Stream<Arguments> inputs() {
        return PathologicalInputs.all().entrySet().stream()
                .map(e -> Arguments.of(e.getKey(), e.getValue().getKey(), e.getValue().getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void pathologicalTextsGetAVerdictQuickly(String name, Dialect dialect, String sql) {
        StatementAnalyzer analyzer = new StatementAnalyzer(dialect, true);

        Analysis analysis = assertTimeoutPreemptively(BUDGET, () -> analyzer.analyze(sql), name);

        assertThat(analysis).isNotNull();
    }

    @Test
    void likeIsDecidedWithoutBacktracking() {
        StatementAnalyzer analyzer = new StatementAnalyzer(Dialect.POSTGRESQL, true);
        Map.Entry<Dialect, String> like = PathologicalInputs.all().get("like-backtracking");

        assertTimeoutPreemptively(Duration.ofMillis(500), () -> analyzer.analyze(like.getValue()));
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
