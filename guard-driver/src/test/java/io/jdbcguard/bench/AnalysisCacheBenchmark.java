package io.jdbcguard.bench;

import io.jdbcguard.enforce.AnalysisCache;
import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
import io.jdbcguard.rules.analyzer.StatementShape;
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

/**
 * The per-statement cost of {@link AnalysisCache#analyze}: a hit by text (a prepared statement's text), a hit by
 * shape (literal SQL: a new text of a known shape, TPC-B's account update, 75 characters), the shape key alone, and
 * a miss (a shape never seen: key, analysis and store; the table name changes every call), in each dialect.
 *
 * <p>Run: {@code mvn -B -ntp -o -pl guard-rules,guard-driver test-compile exec:exec -Dexec.executable=java
 * -Dexec.classpathScope=test "-Dexec.args=-cp %classpath org.openjdk.jmh.Main AnalysisCacheBenchmark"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AnalysisCacheBenchmark {
    private static final String PREPARED = "UPDATE pgbench_accounts SET abalance = abalance + ? WHERE aid = ?";

    /** The dialect whose lexer reads the texts (MySQL's also follows compound statements). */
    @Param({"POSTGRESQL", "MYSQL"})
    public Dialect dialect;

    private SessionSettings settings;
    private AnalysisCache cache;
    private final String[] literal = new String[1024];
    private int next;
    private long table;

    /** Judges both shapes once and writes 1024 literal texts of the account update. */
    @Setup
    public void setUp() {
        settings = SessionSettings.defaults(dialect);
        cache = new AnalysisCache(settings);
        cache.analyze(PREPARED);
        for (int i = 0; i < literal.length; i++) {
            literal[i] = "UPDATE pgbench_accounts SET abalance = abalance + " + (i * 37 % 10_001 - 5000)
                    + " WHERE aid = " + (i * 7919 % 100_000 + 1);
        }
        cache.analyze(literal[0]);
    }

    /** @return the analysis of a text judged before */
    @Benchmark
    public Analysis hitByText() {
        return cache.analyze(PREPARED);
    }

    /** @return the analysis of a new text of a shape judged before */
    @Benchmark
    public Analysis hitByShape() {
        next = (next + 1) & (literal.length - 1);
        return cache.analyze(literal[next]);
    }

    /** @return the shape key of a literal text: the lexer pass of a hit by shape */
    @Benchmark
    public StatementShape.Key shapeKey() {
        next = (next + 1) & (literal.length - 1);
        return StatementShape.key(settings, literal[next]);
    }

    /** @return the analysis of a text of a new shape */
    @Benchmark
    public Analysis miss() {
        return cache.analyze("UPDATE accounts_" + table++ + " SET abalance = abalance + 5 WHERE aid = 3");
    }
}
