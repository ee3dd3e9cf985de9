package io.jdbcguard.rules.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.RuleExample;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Asserts that every example a rule documents in {@link io.jdbcguard.rules.Rule#blocks()} and
 * {@link io.jdbcguard.rules.Rule#allows()} behaves so.
 */
class RuleExamplesTest {

    static Stream<Arguments> blocked() {
        return Rules.all().stream().flatMap(rule -> rule.blocks().stream().map(e -> Arguments.of(rule.id(), e)));
    }

    static Stream<Arguments> allowed() {
        return Rules.all().stream().flatMap(rule -> rule.allows().stream().map(e -> Arguments.of(rule.id(), e)));
    }

    @ParameterizedTest(name = "{0} blocks {1}")
    @MethodSource("blocked")
    void blocksItsBlockExamples(String ruleId, RuleExample example) {
        Analysis analysis = new StatementAnalyzer(example.dialect(), true).analyze(example.sql());

        assertThat(analysis.findings()).extracting(Finding::ruleId).contains(ruleId);
    }

    @ParameterizedTest(name = "{0} allows {1}")
    @MethodSource("allowed")
    void allowsItsAllowExamples(String ruleId, RuleExample example) {
        Analysis analysis = new StatementAnalyzer(example.dialect(), true).analyze(example.sql());

        assertThat(analysis.findings()).extracting(Finding::ruleId).doesNotContain(ruleId);
    }
}
