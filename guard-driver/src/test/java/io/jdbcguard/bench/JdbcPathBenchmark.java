package io.jdbcguard.bench;

import io.jdbcguard.DriverState;
import io.jdbcguard.enforce.GuardContext;
import io.jdbcguard.enforce.TestContexts;
import io.jdbcguard.enforce.StatementGuard;
import io.jdbcguard.jdbc.GuardedConnection;
import io.jdbcguard.policy.Policy;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The guarded JDBC path side by side with the raw driver, in one run: the same calls on an in-memory H2 connection
 * (a fast real driver, so the guard's share is visible) either directly ({@code raw}) or through a guarded
 * connection for developer -> production with every rule ({@code guarded}). Three workloads: a prepared query with a
 * parameter, a literal query whose text was judged before (a cache hit), and iterating a 100-row result set.
 *
 * <p>Run (after {@code mvn -q install -DskipTests}): {@code mvn -q -pl guard-driver test-compile exec:exec
 * -Dexec.executable=java -Dexec.classpathScope=test
 * "-Dexec.args=-cp %classpath org.openjdk.jmh.Main JdbcPathBenchmark"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JdbcPathBenchmark {
    private static final String LITERAL = "SELECT id, name FROM users WHERE id = 42";

    /** {@code raw}: the H2 connection itself; {@code guarded}: the same through jdbc-guard's layer. */
    @Param({"raw", "guarded"})
    public String path;

    private Connection connection;
    private PreparedStatement byId;
    private Statement statement;

    /** Creates the table and the connection for this path. */
    @Setup(Level.Trial)
    public void setUp() throws SQLException, IOException {
        Connection h2 = DriverManager.getConnection("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
        try (Statement create = h2.createStatement()) {
            create.execute("CREATE TABLE IF NOT EXISTS users (id int primary key, name varchar(100))");
            create.execute("MERGE INTO users SELECT x, 'user ' || x FROM system_range(1, 100)");
        }
        if (path.equals("guarded")) {
            DriverState state = new DriverState();
            GuardContext context = TestContexts.developerToProduction(state, Policy.NONE,
                    Files.createTempDirectory("jdbc-guard-bench"));
            SessionSettings settings = SessionSettings.defaults(Dialect.POSTGRESQL);
            connection = GuardedConnection.wrap(h2, "jdbc:guard:h2", new StatementGuard(state, context, settings,
                    () -> settings, h2, "h2", "public"));
        } else {
            connection = h2;
        }
        byId = connection.prepareStatement("SELECT id, name FROM users WHERE id = ?");
        statement = connection.createStatement();
    }

    /** Closes the connection. */
    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        connection.close();
    }

    /** A prepared query with a parameter: set, execute, read the row. */
    @Benchmark
    public String preparedQuery() throws SQLException {
        byId.setInt(1, 42);
        try (ResultSet rows = byId.executeQuery()) {
            rows.next();
            return rows.getString(2);
        }
    }

    /** A literal query whose text the guard judged before. */
    @Benchmark
    public String literalQuery() throws SQLException {
        try (ResultSet rows = statement.executeQuery(LITERAL)) {
            rows.next();
            return rows.getString(2);
        }
    }

    /** A 100-row result set read to the end. */
    @Benchmark
    public long iterateResultSet() throws SQLException {
        long sum = 0;
        try (ResultSet rows = statement.executeQuery("SELECT id, name FROM users")) {
            while (rows.next()) {
                sum += rows.getInt(1) + rows.getString(2).length();
            }
        }
        return sum;
    }
}
