package io.jdbcguard.bench;

import io.jdbcguard.it.Database;
import io.jdbcguard.it.GuardSettings;
import io.jdbcguard.it.Target;
import io.jdbcguard.it.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The end-to-end benchmark: pgbench's TPC-B transaction (100,000 accounts; the five statements) over JDBC against the
 * integration-test production servers, and connect + {@code SELECT 1}, through the raw vendor driver (twice: the
 * second, "raw again", is a control whose ratio to the first is the run's noise), the guard on a guarded pair
 * (developer -> production, every built-in rule), the guard on an unguarded pair (origin ci) and Druid's WallFilter
 * ({@code jdbc:wrap-jdbc:filters=wall:}), all in one JVM. For each it prints two estimates of its speed relative to
 * raw, each with a distribution-free 95 % confidence interval of its median ({@link #medianInterval}), so a reader
 * sees whether a bar such as 0.99x lies inside what the run can resolve:
 * <ul>
 * <li>per round: the ratio of the variant's operations per second to raw's over a whole round (all its time,
 * stalls included), and its median over the rounds;
 * <li>per turn: within one turn every variant runs one slice right after the others, so the ratio of raw's slice
 * time to the variant's is a paired comparison under the same load; the median of these ratios within a round (from
 * about 70 turns of PostgreSQL connects to thousands of MariaDB ones), and the median of those over the rounds.
 * </ul>
 * The two differ in what decides their width. A round's total holds the few long stalls of the round (a checkpoint,
 * InnoDB flushing, autovacuum, a collection in this JVM, the scheduler on 2 cores), each falling on whichever
 * variant's slice was running; a dozen of them swing one variant's round by several percent, so the per-round median
 * resolves no better than 2-5 % here even in 21 rounds (raw against raw again shows it). A round's median turn is not
 * moved by them, and the interval is taken over rounds, not over turns: turns of one round share the round's
 * connections and server state, so they are not independent draws, while rounds (fresh connections, their own
 * random order) are. What the per-turn line does not show is a cost that only comes as rare long pauses (a
 * collection of the guard's garbage), which the per-round line keeps.
 *
 * <p>To keep the ratios from drifting with the machine's load (checkpoints, other processes on the 2 cores), a
 * round runs the variants finely interleaved: for TPC-B one open connection per variant,
 * {@value #TRANSACTIONS_PER_SLICE} transactions of each in turn, until each variant has run {@code bench.seconds}; for
 * connect one connection of each in turn. A change of load thus falls on all variants alike. Each turn takes the
 * variants in a fresh random order (seeded per round): an order only rotated keeps the cycle, so each variant would
 * always follow the same other one and pay for what that one leaves behind (the server's work after its commits,
 * caches holding its code and data); in runs with a rotated order the vendor's own connection handed out by the guard
 * (unguarded, always right after guarded) read 0.966-0.972x raw on MariaDB. A first round warms up
 * the JIT and the servers and is not counted. TPC-B is timed per transaction batch: opening the connection and
 * preparing the statements is the connect workload's business.
 *
 * <p>The JVM runs with a fixed, pre-touched heap ({@code -Xms1g -Xmx1g -XX:+AlwaysPreTouch}, set by the
 * {@code bench} profile), as a long-running application's heap is after its first minutes: a growing heap's first
 * touch of each fresh page costs a page fault (several microseconds on this machine's kind), which otherwise lands
 * on whichever code allocates and measures the heap's growth, not the guard.
 *
 * <p>Run: {@code mvn -B -ntp verify -Pbench} (builds, starts the test servers, runs this instead of the integration
 * tests). System properties: {@code bench.rounds} (default 5), {@code bench.seconds} per variant and round (default
 * 2), {@code bench.workloads} (comma-separated names of {@link Workload}, default all), {@code bench.variants}
 * (comma-separated names of {@link Variant}, default all; RAW and at least one other).
 */
public final class EndToEndBenchmark {
    private static final int ACCOUNTS = 100_000;
    private static final int TELLERS = 10;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final int TRANSACTIONS_PER_SLICE = 20;
    private static final long NANOS = Long.getLong("bench.seconds", 2) * 1_000_000_000L;
    private static final List<Variant> VARIANTS = variants();

    /**
     * Who connects: the raw driver, the raw driver again (a control: its ratio to raw shows the run's noise), the
     * guard on a guarded or unguarded pair, or Druid's wall filter.
     */
    enum Variant {
        RAW, RAW_AGAIN, GUARDED, UNGUARDED, DRUID
    }

    /**
     * What is measured. {@code MEASURED_SMALL} and {@code MEASURED_LARGE} are a change the row ceiling must measure:
     * a prepared {@code UPDATE ... SET v = v + 1 WHERE grp = ?} of 20 rows by an indexed column that is not a key,
     * in auto-commit mode, on a table of 20,000 and of 2,000,000 rows.
     */
    enum Workload {
        CONNECT, TPCB_PREPARED, TPCB_LITERAL, MEASURED_SMALL, MEASURED_LARGE;

        /** @return the rows of the table a measured-change workload updates, 0 for the others */
        int tableRows() {
            return this == MEASURED_SMALL ? 20_000 : this == MEASURED_LARGE ? 2_000_000 : 0;
        }
    }

    /** Rows of one group of a measured-change table: what one UPDATE changes. */
    private static final int GROUP_ROWS = 20;

    private EndToEndBenchmark() {
    }

    /**
     * @param args ignored
     * @throws Exception when a server cannot be reached
     */
    public static void main(String[] args) throws Exception {
        System.setProperty(GuardSettings.POLICY_PROPERTY, GuardSettings.policyFile().toString());
        Class.forName("com.alibaba.druid.proxy.DruidDriver");
        List<Workload> workloads = new ArrayList<>();
        for (String name : System.getProperty("bench.workloads", "CONNECT,TPCB_PREPARED,TPCB_LITERAL").split(",")) {
            workloads.add(Workload.valueOf(name.trim().toUpperCase(Locale.ROOT)));
        }
        System.out.printf(Locale.ROOT, "jdbc-guard end-to-end benchmark: %d rounds of %d s per variant, %s, "
                + "%d cores, %s, load average %.2f%n", ROUNDS, NANOS / 1_000_000_000L,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), java.time.LocalDate.now(), loadAverage());
        for (Database database : List.of(Database.POSTGRESQL, Database.MARIADB)) {
            load(database);
            for (Workload workload : workloads) {
                if (workload.tableRows() > 0) {
                    loadChanges(database, workload.tableRows());
                }
            }
            Map<Workload, Map<Variant, List<Double>>> results = new EnumMap<>(Workload.class);
            Map<Workload, Map<Variant, List<Double>>> turns = new EnumMap<>(Workload.class);
            Map<Workload, Integer> turnCounts = new EnumMap<>(Workload.class);
            for (int round = -1; round < ROUNDS; round++) {
                for (Workload workload : workloads) {
                    Map<Variant, Double> measured = new EnumMap<>(Variant.class);
                    Map<Variant, List<Double>> turnRatios = new EnumMap<>(Variant.class);
                    measure(database, workload, round, measured, turnRatios);
                    if (round >= 0) {
                        measured.forEach((variant, perSecond) -> results.computeIfAbsent(workload,
                                w -> new LinkedHashMap<>()).computeIfAbsent(variant, v -> new ArrayList<>())
                                .add(perSecond));
                        turnRatios.forEach((variant, ratios) -> turns.computeIfAbsent(workload,
                                w -> new EnumMap<>(Variant.class)).computeIfAbsent(variant, v -> new ArrayList<>())
                                .add(median(ratios)));
                        turnCounts.merge(workload, turnRatios.values().iterator().next().size(), Integer::sum);
                    }
                }
            }
            print(database, results, turns, turnCounts);
        }
    }

    private static List<Variant> variants() {
        List<Variant> variants = new ArrayList<>();
        for (String name : System.getProperty("bench.variants", "RAW,RAW_AGAIN,GUARDED,UNGUARDED,DRUID").split(",")) {
            variants.add(Variant.valueOf(name.trim().toUpperCase(Locale.ROOT)));
        }
        if (!variants.contains(Variant.RAW) || variants.size() < 2) {
            throw new IllegalArgumentException("bench.variants=" + variants
                    + " needs RAW and at least one other variant: every ratio is to raw; add them");
        }
        return variants;
    }

    private static void print(Database database, Map<Workload, Map<Variant, List<Double>>> results,
            Map<Workload, Map<Variant, List<Double>>> turns, Map<Workload, Integer> turnCounts) {
        System.out.printf(Locale.ROOT, "%n%s (first line: median per second, median of each round's ratio to raw "
                + "[its 95%% confidence interval]; second line: turns, median over the rounds of each round's median "
                + "turn's ratio to raw [its 95%% confidence interval]; load average %.2f at the end)%n", database,
                loadAverage());
        System.out.printf(Locale.ROOT, "%-14s %7s %28s %28s %28s %28s%n", "workload", "raw", "raw again",
                "guarded", "unguarded", "druid wall");
        for (Map.Entry<Workload, Map<Variant, List<Double>>> row : results.entrySet()) {
            List<Double> raws = row.getValue().get(Variant.RAW);
            StringBuilder perRound = new StringBuilder(String.format(Locale.ROOT, "%-14s %7.0f", row.getKey(),
                    median(raws)));
            StringBuilder perTurn = new StringBuilder(String.format(Locale.ROOT, "%-14s %7d", "  per turn",
                    turnCounts.get(row.getKey())));
            for (Variant variant : List.of(Variant.RAW_AGAIN, Variant.GUARDED, Variant.UNGUARDED, Variant.DRUID)) {
                List<Double> values = row.getValue().get(variant);
                if (values == null) {
                    perRound.append(String.format(Locale.ROOT, " %28s", "-"));
                    perTurn.append(String.format(Locale.ROOT, " %28s", "-"));
                    continue;
                }
                List<Double> ratios = new ArrayList<>();
                for (int round = 0; round < values.size(); round++) {
                    ratios.add(values.get(round) / raws.get(round));
                }
                List<Double> turnRatios = turns.get(row.getKey()).get(variant);
                perRound.append(String.format(Locale.ROOT, " %7.0f", median(values))).append(ratioCell(ratios));
                perTurn.append(String.format(Locale.ROOT, " %7s", "")).append(ratioCell(turnRatios));
            }
            System.out.println(perRound);
            System.out.println(perTurn);
        }
    }

    /** @return " median [interval]" of ratios, as the table prints it */
    private static String ratioCell(List<Double> ratios) {
        double[] interval = medianInterval(ratios);
        return String.format(Locale.ROOT, " %5.3fx [%5.3f-%5.3f]", median(ratios), interval[0], interval[1]);
    }

    /** The system's load average over the last minute, or a negative number where the platform has none. */
    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * A distribution-free confidence interval of at least 95 % for the median of the population {@code values} were
     * drawn from: the k-th smallest and k-th largest value, with the largest k for which a binomial(n, 1/2) variable
     * falls below k with probability at most 2.5 % (the sign test's interval; for 21 rounds the 6th and 16th of 21,
     * 97.3 %). With fewer than 6 values no such k exists and the interval is the whole range.
     *
     * @param values one value per round
     * @return the interval's lower and upper end
     */
    static double[] medianInterval(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double below = 0;
        double logTerm = n * Math.log(0.5);
        int k = 0;
        while (k < n / 2 && below + Math.exp(logTerm) <= 0.025) {
            below += Math.exp(logTerm);
            k++;
            logTerm += Math.log((double) (n - k + 1) / k);
        }
        int index = Math.max(k, 1) - 1;
        return new double[] {sorted[index], sorted[n - 1 - index]};
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static Connection connect(Database database, Variant variant) throws SQLException {
        String raw = TestDatabases.rawUrl(database, Target.PRODUCTION);
        switch (variant) {
            case RAW:
            case RAW_AGAIN:
                return DriverManager.getConnection(raw, TestDatabases.APP_USER, TestDatabases.APP_USER);
            case DRUID:
                return DriverManager.getConnection("jdbc:wrap-jdbc:filters=wall:" + raw, TestDatabases.APP_USER,
                        TestDatabases.APP_USER);
            default:
                System.setProperty(GuardSettings.ORIGIN_PROPERTY, variant == Variant.GUARDED ? GuardSettings.DEVELOPER
                        : GuardSettings.CI);
                return TestDatabases.guard(database, Target.PRODUCTION);
        }
    }

    /**
     * Runs one round, the variants finely interleaved.
     *
     * @param perSecond receives each variant's operations per second over the round
     * @param turnRatios receives, for each variant but raw, raw's slice time divided by the variant's, one per turn
     */
    private static void measure(Database database, Workload workload, int round, Map<Variant, Double> perSecond,
            Map<Variant, List<Double>> turnRatios) throws SQLException {
        List<Variant> order = new ArrayList<>(VARIANTS);
        Random shuffling = new Random(7 + round);
        Collections.shuffle(order, shuffling);
        Map<Variant, long[]> totals = new EnumMap<>(Variant.class);
        for (Variant variant : order) {
            totals.put(variant, new long[2]);
        }
        Map<Variant, Connection> connections = new EnumMap<>(Variant.class);
        Map<Variant, Tpcb> workloads = new EnumMap<>(Variant.class);
        try {
            if (workload != Workload.CONNECT) {
                for (Variant variant : order) {
                    Connection connection = connect(database, variant);
                    connections.put(variant, connection);
                    connection.setAutoCommit(workload.tableRows() > 0);
                    workloads.put(variant, workload == Workload.TPCB_PREPARED ? new PreparedTpcb(connection)
                            : workload == Workload.TPCB_LITERAL ? new LiteralTpcb(connection)
                            : new MeasuredChange(connection, workload.tableRows()));
                }
            }
            SplittableRandom random = new SplittableRandom(42 + round);
            Map<Variant, Long> turn = new EnumMap<>(Variant.class);
            while (totals.get(Variant.RAW)[1] < NANOS) {
                for (Variant variant : order) {
                    long[] total = totals.get(variant);
                    long start = System.nanoTime();
                    if (workload == Workload.CONNECT) {
                        try (Connection connection = connect(database, variant);
                                Statement statement = connection.createStatement();
                                ResultSet row = statement.executeQuery("SELECT 1")) {
                            row.next();
                        }
                        total[0]++;
                    } else {
                        Connection connection = connections.get(variant);
                        Tpcb tpcb = workloads.get(variant);
                        for (int i = 0; i < TRANSACTIONS_PER_SLICE; i++) {
                            tpcb.run(random.nextInt(ACCOUNTS) + 1, random.nextInt(TELLERS) + 1, 1,
                                    random.nextInt(-5000, 5001));
                            if (!connection.getAutoCommit()) {
                                connection.commit();
                            }
                        }
                        total[0] += TRANSACTIONS_PER_SLICE;
                    }
                    long elapsed = System.nanoTime() - start;
                    total[1] += elapsed;
                    turn.put(variant, elapsed);
                }
                for (Variant variant : order) {
                    if (variant != Variant.RAW) {
                        turnRatios.computeIfAbsent(variant, v -> new ArrayList<>())
                                .add((double) turn.get(Variant.RAW) / turn.get(variant));
                    }
                }
                Collections.shuffle(order, shuffling);
            }
        } finally {
            for (Map.Entry<Variant, Connection> open : connections.entrySet()) {
                Tpcb tpcb = workloads.get(open.getKey());
                if (tpcb != null) {
                    tpcb.close();
                }
                open.getValue().close();
            }
        }
        totals.forEach((variant, total) -> perSecond.put(variant, total[0] * 1e9 / total[1]));
    }

    /** One TPC-B transaction's five statements (pgbench's built-in script). */
    private interface Tpcb {
        void run(int aid, int tid, int bid, int delta) throws SQLException;

        void close() throws SQLException;
    }

    /** The statements prepared once per connection. */
    private static final class PreparedTpcb implements Tpcb {
        private final PreparedStatement account;
        private final PreparedStatement balance;
        private final PreparedStatement teller;
        private final PreparedStatement branch;
        private final PreparedStatement history;

        PreparedTpcb(Connection connection) throws SQLException {
            account = connection.prepareStatement(
                    "UPDATE pgbench_accounts SET abalance = abalance + ? WHERE aid = ?");
            balance = connection.prepareStatement("SELECT abalance FROM pgbench_accounts WHERE aid = ?");
            teller = connection.prepareStatement("UPDATE pgbench_tellers SET tbalance = tbalance + ? WHERE tid = ?");
            branch = connection.prepareStatement(
                    "UPDATE pgbench_branches SET bbalance = bbalance + ? WHERE bid = ?");
            history = connection.prepareStatement("INSERT INTO pgbench_history (tid, bid, aid, delta, mtime)"
                    + " VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)");
        }

        @Override
        public void run(int aid, int tid, int bid, int delta) throws SQLException {
            update(account, delta, aid);
            balance.setInt(1, aid);
            try (ResultSet row = balance.executeQuery()) {
                row.next();
            }
            update(teller, delta, tid);
            update(branch, delta, bid);
            history.setInt(1, tid);
            history.setInt(2, bid);
            history.setInt(3, aid);
            history.setInt(4, delta);
            history.executeUpdate();
        }

        private static void update(PreparedStatement statement, int delta, int id) throws SQLException {
            statement.setInt(1, delta);
            statement.setInt(2, id);
            statement.executeUpdate();
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement statement : List.of(account, balance, teller, branch, history)) {
                statement.close();
            }
        }
    }

    /** A 20-row change the row ceiling measures, one statement in auto-commit mode (see {@link Workload}). */
    private static final class MeasuredChange implements Tpcb {
        private final PreparedStatement update;
        private final int groups;

        MeasuredChange(Connection connection, int rows) throws SQLException {
            update = connection.prepareStatement("UPDATE " + changesTable(rows) + " SET v = v + 1 WHERE grp = ?");
            groups = rows / GROUP_ROWS;
        }

        @Override
        public void run(int aid, int tid, int bid, int delta) throws SQLException {
            update.setInt(1, aid % groups);
            update.executeUpdate();
        }

        @Override
        public void close() throws SQLException {
            update.close();
        }
    }

    private static String changesTable(int rows) {
        return "bench_changes_" + rows;
    }

    /** Creates and fills a measured-change table ({@link Workload#tableRows()}) unless it is there, full. */
    private static void loadChanges(Database database, int rows) throws SQLException {
        String table = changesTable(rows);
        try (Connection connection = TestDatabases.raw(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + table)) {
                count.next();
                if (count.getLong(1) == rows) {
                    return;
                }
            } catch (SQLException missing) {
                // created below
            }
            statement.execute("DROP TABLE IF EXISTS " + table);
            statement.execute("CREATE TABLE " + table + " (id int primary key, grp int not null, v int not null)");
            statement.execute("INSERT INTO " + table + (database == Database.POSTGRESQL
                    ? " SELECT g, g % " + rows / GROUP_ROWS + ", 0 FROM generate_series(1, " + rows + ") g"
                    : " SELECT seq, seq % " + rows / GROUP_ROWS + ", 0 FROM seq_1_to_" + rows));
            statement.execute("CREATE INDEX " + table + "_grp ON " + table + " (grp)");
            if (database == Database.POSTGRESQL) {
                statement.execute("VACUUM ANALYZE " + table);
            } else {
                statement.execute("ANALYZE TABLE " + table);
            }
        }
    }

    /** The statements as literal SQL: a new text for almost every statement. */
    private static final class LiteralTpcb implements Tpcb {
        private final Statement statement;

        LiteralTpcb(Connection connection) throws SQLException {
            statement = connection.createStatement();
        }

        @Override
        public void run(int aid, int tid, int bid, int delta) throws SQLException {
            statement.executeUpdate("UPDATE pgbench_accounts SET abalance = abalance + " + delta + " WHERE aid = "
                    + aid);
            try (ResultSet row = statement.executeQuery("SELECT abalance FROM pgbench_accounts WHERE aid = "
                    + aid)) {
                row.next();
            }
            statement.executeUpdate("UPDATE pgbench_tellers SET tbalance = tbalance + " + delta + " WHERE tid = "
                    + tid);
            statement.executeUpdate("UPDATE pgbench_branches SET bbalance = bbalance + " + delta + " WHERE bid = "
                    + bid);
            statement.executeUpdate("INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (" + tid
                    + ", " + bid + ", " + aid + ", " + delta + ", CURRENT_TIMESTAMP)");
        }

        @Override
        public void close() throws SQLException {
            statement.close();
        }
    }

    /** Creates and fills the pgbench tables on the production server, through a raw connection. */
    private static void load(Database database) throws SQLException {
        try (Connection connection = TestDatabases.raw(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            for (String table : List.of("pgbench_history", "pgbench_accounts", "pgbench_tellers",
                    "pgbench_branches")) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
            statement.execute("CREATE TABLE pgbench_branches (bid int primary key, bbalance int, filler char(88))");
            statement.execute("CREATE TABLE pgbench_tellers (tid int primary key, bid int, tbalance int,"
                    + " filler char(84))");
            statement.execute("CREATE TABLE pgbench_accounts (aid int primary key, bid int, abalance int,"
                    + " filler char(84))");
            statement.execute("CREATE TABLE pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp,"
                    + " filler char(22))");
            statement.execute("INSERT INTO pgbench_branches VALUES (1, 0, '')");
            statement.execute(database == Database.POSTGRESQL
                    ? "INSERT INTO pgbench_tellers SELECT g, 1, 0, '' FROM generate_series(1, " + TELLERS + ") g"
                    : "INSERT INTO pgbench_tellers SELECT seq, 1, 0, '' FROM seq_1_to_" + TELLERS);
            statement.execute(database == Database.POSTGRESQL
                    ? "INSERT INTO pgbench_accounts SELECT g, 1, 0, '' FROM generate_series(1, " + ACCOUNTS + ") g"
                    : "INSERT INTO pgbench_accounts SELECT seq, 1, 0, '' FROM seq_1_to_" + ACCOUNTS);
            if (database == Database.POSTGRESQL) {
                statement.execute("VACUUM ANALYZE");
            }
        }
    }
}
