package io.jdbcguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's confidence interval of a median: the sign test's order statistics. */
class EndToEndBenchmarkTest {
    private static List<Double> shuffled(int n) {
        List<Double> values = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            values.add((double) i);
        }
        Collections.shuffle(values, new java.util.Random(n));
        return values;
    }

    @Test
    void twentyOneRoundsGiveTheSixthAndSixteenthValue() {
        assertThat(EndToEndBenchmark.medianInterval(shuffled(21))).containsExactly(6.0, 16.0);
    }

    @Test
    void tenRoundsGiveTheSecondAndNinthValue() {
        // P(X <= 1) = 11/1024 <= 2.5 % < P(X <= 2) = 56/1024 for X ~ binomial(10, 1/2)
        assertThat(EndToEndBenchmark.medianInterval(shuffled(10))).containsExactly(2.0, 9.0);
    }

    @Test
    void fewerThanSixRoundsGiveTheWholeRange() {
        assertThat(EndToEndBenchmark.medianInterval(shuffled(5))).containsExactly(1.0, 5.0);
        assertThat(EndToEndBenchmark.medianInterval(shuffled(1))).containsExactly(1.0, 1.0);
    }

    @Test
    void thousandsOfValuesGiveOrderStatisticsNearTheNormalApproximation() {
        // n = 5,000: the 2.5 % quantile of binomial(n, 1/2) is n/2 - 1.96 sqrt(n)/2 = 2,430.7; the sign test's k is
        // the largest k with P(X < k) <= 2.5 %, so the interval is the 2,431st smallest and largest (a product of
        // 0.5^5000 underflows a double: the binomial terms are summed in logarithms)
        assertThat(EndToEndBenchmark.medianInterval(shuffled(5000))).containsExactly(2431.0, 2570.0);
    }
}
