package io.jdbcguard.rules.semantics;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.lexing.Token;
import java.util.List;
import java.util.Set;

/**
 * Which statements only read, for read-only sessions (the policy's {@code read-only: true}): the driver blocks every
 * other statement before it reaches the server, and the server, whose session the driver made read-only, refuses
 * writes hidden in functions. The classification is conservative, from the tokens, so it never needs a parse:
 *
 * <ul>
 *   <li>reads: {@code SELECT}, {@code WITH}, {@code VALUES}, {@code TABLE}, {@code SHOW}, {@code DESCRIBE},
 *       {@code EXPLAIN} (without {@code ANALYZE} of a write), transaction control ({@code BEGIN}, {@code START},
 *       {@code COMMIT}, {@code END}, {@code ROLLBACK}, {@code ABORT}, {@code SAVEPOINT}, {@code RELEASE}),
 *       {@code SET} of a setting and PostgreSQL {@code RESET} of one (MySQL {@code RESET} clears logs and
 *       caches), {@code USE}, cursors ({@code DECLARE}, {@code FETCH},
 *       {@code MOVE}, {@code CLOSE}), {@code DEALLOCATE}, {@code LISTEN}, {@code UNLISTEN}, MySQL {@code DO expr}
 *       (evaluates expressions like a {@code SELECT} without a result, <a
 *       href="https://mariadb.com/kb/en/do/">DO</a>; PostgreSQL's {@code DO} runs a code block) and PostgreSQL
 *       {@code COPY ... TO STDOUT} (sends rows to the client, <a
 *       href="https://www.postgresql.org/docs/15/sql-copy.html">COPY</a>; to a file or {@code PROGRAM} it writes on
 *       the server);
 *   <li>but not when such a statement holds a data-changing key word ({@code INSERT}, {@code UPDATE},
 *       {@code DELETE}, {@code MERGE}, {@code REPLACE}, {@code TRUNCATE} not followed by {@code (}: a
 *       data-modifying {@code WITH}, {@code EXPLAIN ANALYZE DELETE}), a PostgreSQL row lock
 *       ({@code FOR UPDATE/SHARE}: PostgreSQL refuses them in read-only transactions, <a
 *       href="https://www.postgresql.org/docs/current/sql-select.html#SQL-FOR-UPDATE-SHARE">The Locking Clause</a>;
 *       MySQL allows them), PostgreSQL {@code SELECT ... INTO} (creates a table) or MySQL
 *       {@code INTO OUTFILE/DUMPFILE} (writes a file);
 *   <li>{@code SHOW} reads whatever it names ({@code SHOW default_transaction_read_only});
 *   <li>and never another statement that names the session's read-only setting ({@code READ WRITE},
 *       {@code default_transaction_read_only}, {@code transaction_read_only}, {@code tx_read_only}, in any word,
 *       identifier or string, e.g. {@code SELECT set_config('default_transaction_read_only', 'off', false)}), nor
 *       {@code RESET ALL} and {@code DISCARD ALL}, which reset it (<a
 *       href="https://www.postgresql.org/docs/current/sql-discard.html">DISCARD</a>; MySQL <a
 *       href="https://dev.mysql.com/doc/refman/8.4/en/set-transaction.html">SET TRANSACTION</a>).
 * </ul>
 * Everything else ({@code CALL}, PostgreSQL {@code DO}, {@code PREPARE}, {@code EXECUTE}, DDL, other {@code COPY},
 * {@code LOAD DATA}, JDBC {@code {call ...}}) is a write. The analyzer judges {@code PREPARE} and {@code EXECUTE
 * IMMEDIATE} by the statement they hold ({@link io.jdbcguard.rules.analyzer.StatementAnalyzer}).
 *
 * <p>For hidden writes, {@link #isQuery} also takes as a query what only evaluates one but is no read: a row lock, an
 * {@code INTO} and a table created from the query.
 */
public final class ReadOnlyStatements {
    private static final Set<String> READS = Set.of("SELECT", "WITH", "VALUES", "TABLE", "SHOW", "DESCRIBE", "DESC",
            "EXPLAIN", "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "SET", "RESET",
            "USE", "DECLARE", "FETCH", "MOVE", "CLOSE", "DEALLOCATE", "LISTEN", "UNLISTEN");
    private static final Set<String> WRITES = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE", "TRUNCATE");

    private ReadOnlyStatements() {
    }

    /**
     * @param dialect the statement's dialect
     * @param tokens the statement's tokens, never empty
     * @return true if the statement only reads and leaves the session's read-only setting alone
     */
    public static boolean isReadOnly(Dialect dialect, List<Token> tokens) {
        return reads(dialect, tokens, false);
    }

    /**
     * @param dialect the statement's dialect
     * @param tokens the statement's tokens, never empty
     * @return true if the statement only evaluates a query and changes no rows itself: it only reads, or it also
     *     locks rows (PostgreSQL {@code FOR UPDATE/SHARE}), writes its result (PostgreSQL {@code SELECT ... INTO},
     *     MySQL {@code INTO OUTFILE/DUMPFILE}) or creates a table from its query ({@link TablesFromQuery})
     */
    public static boolean isQuery(Dialect dialect, List<Token> tokens) {
        return TablesFromQuery.kind(tokens, dialect) != Analysis.FromQuery.NONE || reads(dialect, tokens, true);
    }

    /** @param query whether a row lock and an {@code INTO} are allowed ({@link #isQuery}) */
    private static boolean reads(Dialect dialect, List<Token> tokens, boolean query) {
        Token first = tokens.get(0);
        boolean mysqlDo = first.isWord("DO") && dialect == Dialect.MYSQL;
        if (!mysqlDo && !isCopyToClient(dialect, tokens)
                && (first.kind() != Token.Kind.WORD || !READS.contains(first.value()))) {
            return false;
        }
        if (first.isWord("RESET") && (dialect == Dialect.MYSQL || tokens.size() > 1 && tokens.get(1).isWord("ALL"))) {
            return false;
        }
        if (first.isWord("SHOW")) {
            return true;
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (token.kind() != Token.Kind.SYMBOL && token.kind() != Token.Kind.NUMBER
                    && token.value().toUpperCase(java.util.Locale.ROOT).contains("READ_ONLY")) {
                return false;
            }
            if (token.kind() != Token.Kind.WORD) {
                continue;
            }
            String word = token.value();
            boolean call = next != null && next.isSymbol('(');
            if (word.equals("READ") && next != null && next.isWord("WRITE")) {
                return false;
            }
            if (!query && dialect == Dialect.POSTGRESQL && word.equals("FOR") && next != null
                    && (next.isWord("UPDATE") || next.isWord("SHARE") || next.isWord("NO") || next.isWord("KEY"))) {
                return false;
            }
            if (!query && word.equals("INTO") && (dialect == Dialect.POSTGRESQL
                    || next != null && (next.isWord("OUTFILE") || next.isWord("DUMPFILE")))) {
                return false;
            }
            boolean copyTo = word.equals("TO") && first.isWord("COPY");
            if (copyTo && (next == null || !next.isWord("STDOUT"))) {
                return false;
            }
            boolean lock = word.equals("UPDATE") && i > 0 && (dialect == Dialect.MYSQL || query)
                    && (tokens.get(i - 1).isWord("FOR") || query && tokens.get(i - 1).isWord("KEY"));
            if (WRITES.contains(word) && !call && !lock) {
                return false;
            }
        }
        return true;
    }

    /** PostgreSQL {@code COPY table | (query) TO STDOUT ...}: the TO direction, to the client. */
    private static boolean isCopyToClient(Dialect dialect, List<Token> tokens) {
        if (dialect != Dialect.POSTGRESQL || !tokens.get(0).isWord("COPY")) {
            return false;
        }
        for (int i = 1; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).depth() == 0 && tokens.get(i).isWord("TO")) {
                return tokens.get(i + 1).isWord("STDOUT");
            }
        }
        return false;
    }
}
