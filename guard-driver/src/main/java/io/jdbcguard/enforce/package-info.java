/**
 * The guard of one connection's statements: {@link io.jdbcguard.enforce.StatementGuard} judges each text by its static
 * analysis and by what the server says ({@link io.jdbcguard.enforce.EffectCheck}: the effect of a change, or whether a
 * read wrote, around one execution, a {@link io.jdbcguard.enforce.CheckedRun}; {@code TypeChangeCheck}: a column
 * type change against the column's live type). {@link io.jdbcguard.enforce.LiveCatalog} gives the command line's
 * {@code lint --url} the same catalog reads.
 *
 * <p>Every SQL text the package sends of its own (counters, savepoints, the guard's transaction, read-only checks and
 * a read-only pair's read-only session, catalog queries, bounded looks at a table's rows) is in {@code ServerSql},
 * with one subclass per server ({@code PostgresSql}, {@code MariaDbSql}) holding that server's SQL, its parameters
 * and the reading of its rows.
 * The other classes hold a {@code ServerSql} and choose no SQL by dialect. Where they still branch on the dialect,
 * the servers differ in behaviour, not in SQL: a MySQL/MariaDB table name matches in any letter case
 * ({@code ChangeJudge}); a MySQL multi-table UPDATE or DELETE reports the rows of all its tables, and Connector/J's
 * streaming result set must be fetched before the guard can ask the server anything ({@code CheckedRun}); MySQL
 * commits {@code CREATE TABLE ... SELECT} on its own and InnoDB cascades go uncounted, so both are refused before they
 * run ({@code EffectCheck}); a failed read aborts a PostgreSQL transaction, and {@code sql_mode} is MySQL's
 * ({@code TypeChangeCheck}).
 */
package io.jdbcguard.enforce;
