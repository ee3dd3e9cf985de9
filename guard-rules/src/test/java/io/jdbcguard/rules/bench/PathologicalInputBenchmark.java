package io.jdbcguard.rules.bench;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.analyzer.PathologicalInputs;
import io.jdbcguard.rules.analyzer.StatementAnalyzer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * JMH benchmark of {@link StatementAnalyzer#analyze(String)} over texts built to be slow ({@link PathologicalInputs}:
 * LIKE backtracking, a megabyte of adjacent strings, versioned comments, nested comments and parentheses, long IN
 * lists). The target is under 100 ms per text of up to 1 MB.
 *
 * <p>Run with {@code mvn -pl guard-rules test-compile exec:exec -Dexec.args="-cp %classpath
 * io.jdbcguard.rules.bench.PathologicalInputBenchmark"}, or through {@link #main(String[])}. Timings are reported,
 * never asserted; {@code ParseBudgetTest} asserts the parse budget.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PathologicalInputBenchmark {
    /** The name of the input in {@link PathologicalInputs#all()}. */
    @Param({"like-backtracking", "like-long-subject", "mysql-adjacent-strings", "postgresql-continued-strings",
        "mysql-version-comments", "mysql-many-versions", "mysql-unclosed-comments", "postgresql-nested-comments",
        "deep-parentheses", "many-statements", "long-in-list", "dollar-tags", "unicode-escapes", "alter-clauses"})
    public String input;

    private StatementAnalyzer analyzer;
    private String text;

    /** Builds the input and an analyzer of its dialect. */
    @Setup
    public void setUp() {
        Map.Entry<Dialect, String> entry = PathologicalInputs.all().get(input);
        analyzer = new StatementAnalyzer(entry.getKey(), true);
        text = entry.getValue();
    }

    /** @return the analysis of the input */
    @Benchmark
    public Analysis analyze() {
        return analyzer.analyze(text);
    }

    /**
     * Runs this benchmark with the settings in its annotations.
     *
     * @param args ignored
     * @throws RunnerException if JMH fails to run
     */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(PathologicalInputBenchmark.class.getName()).build()).run();
    }
}
