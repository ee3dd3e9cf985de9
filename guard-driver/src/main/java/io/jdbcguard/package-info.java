/**
 * jdbc-guard's driver: {@link io.jdbcguard.GuardDriver} (the {@code java.sql.Driver} for {@code jdbc:guard:} URLs)
 * and {@link io.jdbcguard.GuardDataSource}.
 *
 * <p>The path of one connection, the same for the driver, the data source and the CLI's {@code doctor}
 * ({@link io.jdbcguard.decision.Decisions}):
 * <pre>
 *   policy (io.jdbcguard.policy) ─▶ origin (io.jdbcguard.origin) ─▶ hosts from the vendor's URL parser
 *     ─▶ [origin guarded by some guard?] ─no─▶ the vendor's own connection
 *     ─▶ GuardedConnection (io.jdbcguard.jdbc), its pair not yet decided; when a statement first needs it
 *        (anything but a read no pair objects to, leaving auto-commit, setReadOnly(false), unwrap):
 *     ─▶ server facts in one round trip: marker, fingerprint, session settings (io.jdbcguard.targets)
 *     ─▶ target ─▶ rules for the pair ─▶ [none?] ─▶ nothing more is judged
 *     ─▶ a StatementGuard (io.jdbcguard.enforce) judges every statement
 * </pre>
 * (A requested break-glass, or a connection not in auto-commit mode, decides at connect, and an unguarded pair then
 * gets the vendor's own connection.)
 * The path of one statement is drawn in {@link io.jdbcguard.jdbc}.
 *
 * <p>The packages, each using only those before it ({@code PackageLayersTest}), and guard-rules only through its API
 * ({@code RulesApiTest}):
 * <pre>
 *   policy        policy files, guards, environments (YAML through SnakeYAML)
 *   targets       what a server is: hosts, marker, fingerprint, session settings
 *   origin        what this machine is
 *   audit         the audit trail
 *   breakglass    grants and their use
 *   enforce       a connection's StatementGuard: static verdicts, the effect check, per-server SQL
 *   jdbc          the delegates every JDBC object is handed out as, and a connection's checks
 *   decision      the connect path above: plan, pair decision, warm-up
 *   cli           the jdbc-guard command
 * </pre>
 * This package holds the entry points, {@link io.jdbcguard.DriverState} and
 * {@link io.jdbcguard.GuardViolationException}; {@code flyway} and {@code liquibase} plug the driver into those tools.
 *
 * <p>What the driver keeps from one connection to the next (vendor drivers, parsed URLs, the policy files, resolved
 * host names, analyses, table facts, audit trails, whether the warm-up ran) lives in one
 * {@link io.jdbcguard.DriverState}, owned by {@link io.jdbcguard.GuardDriver} and handed to what needs it through
 * constructors and parameters, so a test starts afresh with {@code new DriverState()}. Only facts of the JVM itself
 * stay static: this machine's host name ({@link io.jdbcguard.origin.OriginResolver#localHostName()}) and the turns
 * the writers of one audit file take around its lock ({@link io.jdbcguard.audit.AuditTrail}).
 */
package io.jdbcguard;
