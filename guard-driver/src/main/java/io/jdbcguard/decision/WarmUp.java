package io.jdbcguard.decision;

import io.jdbcguard.DriverState;
import io.jdbcguard.audit.AuditTrail;
import io.jdbcguard.breakglass.BreakGlassGrants;
import io.jdbcguard.breakglass.BreakGlassSession;
import io.jdbcguard.enforce.AnalysisCache;
import io.jdbcguard.enforce.EffectCheck;
import io.jdbcguard.enforce.StatementGuard;
import io.jdbcguard.enforce.TableFacts;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
import io.jdbcguard.targets.ServerFacts;
import io.jdbcguard.targets.TargetResolver;
import java.time.ZoneId;
import java.util.List;

/**
 * Prepares the driver for its first judged statement while the application connects (cold start). Without it the
 * first statement of a JVM pays for loading and initialising everything a verdict needs: JSQLParser's parser and the
 * rules (about 350 ms of one core on this project's CI machine kind, most of it the first parse), and the classes of
 * the pair decision and of enforcement (server facts, break-glass grants and their JSON reader, the audit trail, the
 * table facts: about 200 ms). A daemon thread does both, on the other core, during the connect that must come before
 * any statement (a first connect of a JVM takes hundreds of milliseconds on its own: the vendor driver's classes, the
 * network, authentication). {@link DriverState#startWarmUp()} starts it once per {@link DriverState}, so once per JVM
 * for the driver's own: {@code GuardDriver} on its first connect, {@code GuardDataSource} on its first connection.
 *
 * <p>It reads no file, no property and no server, and logs nothing (unless it fails): it initialises classes and
 * analyses a few fixed statements with the default session settings of each dialect, whose analyses then stay in the
 * state's {@link AnalysisCache}s like any other. A statement that arrives while the warm-up still runs is judged as
 * usual, on its own thread; it only waits where both need the same class initialised.
 */
public final class WarmUp {
    /** Statements shaped like what applications send first: a TPC-B transaction, a scoped and an unscoped write. */
    private static final List<String> STATEMENTS = List.of(
            "SELECT abalance FROM pgbench_accounts WHERE aid = 1",
            "UPDATE pgbench_accounts SET abalance = abalance + -5 WHERE aid = 1",
            "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, 1, -5, CURRENT_TIMESTAMP)",
            "DELETE FROM users WHERE id = 1 OR 1 = 1",
            "DROP TABLE users");
    /**
     * Classes the first decision and the first judged statement initialise, and whose static initialisers load the
     * libraries they use (Jackson for break-glass grants).
     */
    private static final List<Class<?>> FIRST_STATEMENT_CLASSES = List.of(ServerFacts.class, TargetResolver.class,
            PairDecision.class, BreakGlassGrants.class, BreakGlassSession.class, AuditTrail.class,
            StatementGuard.class, EffectCheck.class, TableFacts.class);

    private WarmUp() {
    }

    /**
     * Starts the warm-up on a daemon thread named {@code jdbc-guard-warm-up}; {@link DriverState#startWarmUp()} calls
     * it once per state. Never blocks and never throws, nor does the thread.
     *
     * @param state the state whose analyses are warmed up
     */
    public static void start(DriverState state) {
        Thread thread = new Thread(() -> run(state), "jdbc-guard-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Warms up; a failure (the JVM shutting down while a class initialiser registers its shutdown hook, a class
     * missing from a broken class path) only costs the speed-up, and is logged at {@code DEBUG}: the statement that
     * needs the class meets the same failure on its own thread and reports it there.
     */
    private static void run(DriverState state) {
        try {
            warm(state);
        } catch (RuntimeException | LinkageError e) {
            System.getLogger(WarmUp.class.getName()).log(System.Logger.Level.DEBUG, "jdbc-guard: warm-up stopped", e);
        }
    }

    /** Analyses first (the parser is the larger part and every statement needs it), then the decision's classes. */
    private static void warm(DriverState state) {
        for (Dialect dialect : Dialect.values()) {
            SessionSettings settings = SessionSettings.defaults(dialect);
            for (AnalysisCache cache : List.of(state.analyses(settings.unknown()), state.analyses(settings))) {
                for (String sql : STATEMENTS) {
                    cache.analyze(sql);
                }
            }
        }
        for (Class<?> type : FIRST_STATEMENT_CLASSES) {
            try {
                Class.forName(type.getName(), true, type.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(type.getName() + " vanished from its own class loader", e);
            }
        }
        ZoneId.systemDefault();
    }
}
