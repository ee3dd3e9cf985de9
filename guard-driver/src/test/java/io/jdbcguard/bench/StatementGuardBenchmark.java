package io.jdbcguard.bench;

import io.jdbcguard.GuardViolationException;
import io.jdbcguard.enforce.AnalysisCache;
import io.jdbcguard.enforce.GuardContext;
import io.jdbcguard.enforce.StatementGuard;
import io.jdbcguard.origin.Origin;
import io.jdbcguard.policy.Policy;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.StatementAnalyzer;
import io.jdbcguard.targets.Target;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the guard adds to each statement of a guarded connection: judging a text already judged (the steady state of
 * an application, which repeats its statements) against analysing a text for the first time. Unguarded pairs get the
 * vendor's own connection and pay nothing per statement, so there is nothing to measure for them.
 *
 * <p>Run (after {@code mvn -q install -DskipTests}): {@code mvn -q -pl guard-driver test-compile exec:exec
 * -Dexec.executable=java -Dexec.classpathScope=test
 * "-Dexec.args=-cp %classpath org.openjdk.jmh.Main StatementGuardBenchmark"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StatementGuardBenchmark {
    private static final String SELECT = "SELECT id, name FROM users WHERE id = ? AND drop_date IS NULL";
    private static final String DELETE = "DELETE FROM orders WHERE user_id = ? AND total < 10";

    private StatementGuard guard;
    private StatementAnalyzer analyzer;

    /** Builds a guard for developer -> production with every rule, and judges the texts once. */
    @Setup
    public void setUp() throws GuardViolationException {
        Target target = new Target(List.of("db:5432"), Set.of("production"), List.of("benchmark"));
        GuardContext context = new GuardContext(new Origin("developer", "benchmark"), target,
                List.of(Policy.DEFAULT_GUARD), Policy.DEFAULT_GUARD.rules(), null);
        guard = new StatementGuard(AnalysisCache.of(Dialect.POSTGRESQL, true), context);
        analyzer = new StatementAnalyzer(Dialect.POSTGRESQL, true);
        guard.check(SELECT);
        guard.check(DELETE);
    }

    /** A SELECT judged before: a cache lookup and a filter. */
    @Benchmark
    public StatementGuard judgedSelect() throws GuardViolationException {
        guard.check(SELECT);
        return guard;
    }

    /** A scoped DELETE judged before. */
    @Benchmark
    public StatementGuard judgedDelete() throws GuardViolationException {
        guard.check(DELETE);
        return guard;
    }

    /** The same SELECT analysed from scratch: lexing, splitting, parsing and every rule. */
    @Benchmark
    public Object firstSightSelect() {
        return analyzer.analyze(SELECT);
    }

    /** The same DELETE analysed from scratch. */
    @Benchmark
    public Object firstSightDelete() {
        return analyzer.analyze(DELETE);
    }
}
