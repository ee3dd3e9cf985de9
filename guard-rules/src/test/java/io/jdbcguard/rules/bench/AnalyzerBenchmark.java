package io.jdbcguard.rules.bench;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.analyzer.StatementAnalyzer;
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
 * JMH benchmark of {@link StatementAnalyzer#analyze(String)}: the cost the driver adds to each uncached statement.
 *
 * <p>Run from the repository root with {@code mvn -pl guard-rules test-compile exec:exec}, which starts
 * {@link #main(String[])} on the test class path. Timings are reported, never asserted.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AnalyzerBenchmark {
    private static final String SHORT_SELECT = "SELECT id, name FROM users WHERE id = ?";
    private static final String SHORT_DELETE = "DELETE FROM orders WHERE user_id = ? AND total < 10";

    /** The dialect to analyse in. */
    @Param({"POSTGRESQL", "MYSQL"})
    public String dialect;

    private StatementAnalyzer analyzer;
    private String script;

    /** Creates the analyzer and a 20-statement migration-like script. */
    @Setup
    public void setUp() {
        analyzer = new StatementAnalyzer(Dialect.valueOf(dialect), true);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            text.append("CREATE TABLE audit_").append(i).append(" (id INT PRIMARY KEY, note VARCHAR(100));\n")
                    .append("INSERT INTO audit_").append(i).append(" (id, note) VALUES (1, 'a; b'), (2, 'c');\n")
                    .append("UPDATE users SET name = 'x' WHERE id = ").append(i).append(";\n")
                    .append("SELECT u.name, SUM(o.total) FROM users u JOIN orders o ON o.user_id = u.id ")
                    .append("WHERE u.id > ").append(i).append(" GROUP BY u.name;\n");
        }
        script = text.toString();
    }

    /** @return the analysis of a short parameterised SELECT */
    @Benchmark
    public Analysis shortSelect() {
        return analyzer.analyze(SHORT_SELECT);
    }

    /** @return the analysis of a short DELETE with a WHERE */
    @Benchmark
    public Analysis shortDeleteWithWhere() {
        return analyzer.analyze(SHORT_DELETE);
    }

    /** @return the analysis of a 20-statement script */
    @Benchmark
    public Analysis script20Statements() {
        return analyzer.analyze(script);
    }

    /**
     * Runs this benchmark with the settings in its annotations.
     *
     * @param args ignored
     * @throws RunnerException if JMH fails to run
     */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(AnalyzerBenchmark.class.getName()).build()).run();
    }
}
