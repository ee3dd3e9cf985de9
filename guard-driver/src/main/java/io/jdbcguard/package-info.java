/**
 * jdbc-guard's driver: {@link io.jdbcguard.GuardDriver} (the {@code java.sql.Driver} for {@code jdbc:guard:} URLs)
 * and {@link io.jdbcguard.GuardDataSource}.
 *
 * <p>The path of one connection, the same for the driver, the data source and the CLI's {@code doctor}
 * ({@link io.jdbcguard.decision.Decisions}):
 * <pre>
 *   policy (io.jdbcguard.policy) ─▶ origin (io.jdbcguard.origin) ─▶ hosts from the vendor's URL parser
 *     ─▶ [origin guarded by some guard?] ─no─▶ the vendor's own connection
 *     ─▶ server facts in one round trip: marker, fingerprint, session settings (io.jdbcguard.targets)
 *     ─▶ target ─▶ rules for the pair ─▶ [none?] ─▶ the vendor's own connection
 *     ─▶ GuardedConnection (io.jdbcguard.jdbc) with a StatementGuard (io.jdbcguard.enforce)
 * </pre>
 * The path of one statement is drawn in {@link io.jdbcguard.jdbc}.
 */
package io.jdbcguard;
