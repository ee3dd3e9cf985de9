package io.jdbcguard.bench;

import io.jdbcguard.DriverState;
import io.jdbcguard.decision.WarmUp;
import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
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
 * The first statement a JVM analyses: one call in each of 10 fresh JVMs. {@code connectMillis} is the time between
 * the start of the driver's first connect (which starts the {@link WarmUp}) and the first statement; 0 is the worst
 * case, which cannot happen through the driver (a statement needs a connection); 1000 is a first connect of a JVM as
 * measured on this project's CI machine kind (0.9-1.3 s with pgjdbc, Connector/J or MariaDB Connector/J to a local
 * server).
 *
 * <p>Run like {@link AnalysisCacheBenchmark}, with {@code ColdStartBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(10)
public class ColdStartBenchmark {
    private static final SessionSettings SETTINGS = SessionSettings.defaults(Dialect.POSTGRESQL);

    private final DriverState state = new DriverState();

    /** Milliseconds from the guard's first use to the first statement. */
    @Param({"0", "300", "1000"})
    public int connectMillis;

    /** Waits {@code connectMillis} after the guard's first use, as a connect would. */
    @Setup
    public void connect() throws InterruptedException {
        if (connectMillis > 0) {
            state.startWarmUp();
            Thread.sleep(connectMillis);
        }
    }

    /** @return the analysis of the JVM's first statement */
    @Benchmark
    public Analysis firstStatement() {
        return state.analyses(SETTINGS).analyze("UPDATE accounts SET balance = balance - 10 WHERE id = 42");
    }
}
