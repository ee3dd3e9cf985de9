/**
 * The interception layer: the one layer between a guarded application and the vendor's JDBC objects.
 *
 * <p>Written for this job in the style of HikariCP's proxies: explicit delegating classes, no reflection and no JDK
 * proxies on the hot path. The few methods that matter are hand-written in abstract classes, and every object handed
 * out is a {@code final} class ({@code Delegating*}) generated at build time from the {@code java.sql} interfaces by
 * {@code guard-driver/src/build/GenerateDelegatingJdbc.java}, which implements each remaining method by a plain call
 * on the vendor's object:
 * <pre>
 *   GuardedConnection (public, abstract) ◀── DelegatingConnection
 *   GuardedStatement (abstract)          ◀── DelegatingStatement
 *   └─ GuardedPreparedStatement          ◀── DelegatingPreparedStatement, DelegatingCallableStatement
 *   (nothing hand-written)               ─── DelegatingResultSet, DelegatingDatabaseMetaData, DelegatingArray, ...
 * </pre>
 * The hand-written classes hold the fields (the vendor's object, {@code delegates}, {@code state}) and the methods
 * that take SQL text to run; the generator never writes such a method, so a new JDK method of that kind fails the
 * build until a hand-written class checks it.
 *
 * <p>Each connection has two helpers, shared by every object it hands out:
 * <ul>
 *   <li>{@code DelegateFactory} wraps every JDBC object a method returns (statements, result sets, metadata,
 *       {@code Array}, {@code Struct}, {@code Ref}, LOBs, {@code SQLXML}, savepoints, and {@code Object} values by
 *       their run-time type) in its delegate, so no getter leads back to a vendor object; {@code VendorBacked} gives
 *       a delegate passed back as an argument to the vendor as its own object;
 *   <li>{@code ConnectionState} holds the connection's {@code Checks}, chosen once: {@code UndecidedChecks} until
 *       the pair is decided, then {@code GuardedChecks} (the pair's {@code StatementGuard} and {@code EffectCheck})
 *       or {@code UnguardedChecks} (nothing judged). Statements call the checks for each text, result sets for each
 *       row change, and every delegate's {@code unwrap} asks them, so {@code unwrap} reaches a vendor object only on
 *       a connection decided unguarded.
 * </ul>
 *
 * <p>The path of one statement:
 * <pre>
 *   app ── Statement.execute(sql) ──▶ GuardedStatement
 *          │ Checks.check(sql): undecided? a read no pair objects to runs at once, anything else decides the pair
 *          │     first (Decisions: server facts, target, rules), which replaces the checks for good; unguarded: CLEAN
 *          │ guarded: StatementGuard.check(sql): AnalysisCache (by text or shape, per session settings) ─▶ Verdict
 *          │     ─▶ block? blocked: GuardViolationException (42501), nothing sent
 *          │ Checks.begin: EffectCheck.needed(analysis)? (no: null, the vendor call runs as it is) else
 *          │     EffectCheck.begin: a change to measure: savepoint or own transaction, the server's counters read;
 *          │     a read that may hide a write: read-only transaction or counted savepoint ─▶ CheckedRun
 *          ▼
 *        vendor Statement.execute(sql) ──▶ server
 *          │ CheckedRun.kept(result): counters again, ChangeJudge (ceiling, every-row test), commit or release;
 *          │     CheckedRun.failed(e): undo, the vendor's exception with the cleanup's attached
 *          │ StatementGuard.ran(analysis): re-read session settings if the text may have changed them
 *          ▼
 *        result wrapped (DelegateFactory.resultSet: DelegatingResultSet) ──▶ app
 * </pre>
 *
 * <p>Hops on the hot path, for a known verdict (a text judged before, a change proven to touch one row and within the
 * transaction's budget), counting the calls this layer makes from the application's call to the vendor's: a prepared
 * execution makes three, the application's call into {@code GuardedPreparedStatement}, one call into the
 * connection's checks, {@code Checks.beginPrepared} (its type changes judged again, the session-settings mark,
 * {@code EffectCheck.needed}), and the vendor call; a literal text makes four, the application's call into
 * {@code GuardedStatement}, {@code Checks.check} (an {@code AnalysisCache} hit), {@code Checks.begin}, and the vendor
 * call. The statement reads the checks from the connection's state field at each call, so choosing them costs no
 * call. An updatable result set's {@code deleteRow()} and {@code updateRow()} pass {@code Checks.rowChange} first,
 * which counts the row against the transaction's budget.
 *
 * <p>datasource-proxy, part of the original design, is no longer used: its query transformer ran only for
 * String-argument methods of plain {@code Statement}s (a {@code PreparedStatement.executeUpdate(String)} reached
 * Connector/J unchecked), its proxies left result sets, metadata and arrays leading back to the raw connection, so a
 * second wrapping layer had to undo its leaks, and its listeners, the part that would serve an audit trail or row
 * counts, cannot run without its proxy layer. One layer of our own costs one hop per call and has no such holes.
 */
package io.jdbcguard.jdbc;
