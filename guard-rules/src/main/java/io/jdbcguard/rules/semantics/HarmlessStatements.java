package io.jdbcguard.rules.semantics;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.lexing.Token;
import java.util.List;
import java.util.Set;

/**
 * Decides from tokens alone whether a statement that was not parsed is harmless: it only reads data, changes session
 * state or adds rows, so it needs no {@code unparseable} finding.
 *
 * <p>A statement is harmless when its first word is one of {@link #HARMLESS_FIRST_WORDS} (queries, {@code SHOW},
 * {@code SET}, transaction control, {@code VACUUM}, {@code ANALYZE}, {@code REINDEX}, {@code LOCK},
 * {@code COPY ... TO}, cursor and {@code LISTEN}/{@code NOTIFY} commands, and {@code INSERT}, which only adds rows)
 * and no later word, at any depth, changes data or schema or runs code ({@link #MODIFYING_WORDS}). {@code UPDATE}
 * counts unless it belongs to a locking clause ({@code FOR UPDATE}, {@code FOR NO KEY UPDATE}) or to an upsert of
 * the conflicting row ({@code ON CONFLICT DO UPDATE}, {@code ON DUPLICATE KEY UPDATE}) of listed rows; an upsert
 * whose rows come from a query may rewrite every row of its table and is parsed for that
 * ({@link UpsertSources#readsQuery}). {@code SHOW} only reads,
 * whatever words follow it ({@code SHOW CREATE TABLE}). {@code CREATE SCHEMA}
 * (which JSQLParser rejects for {@code public}) only adds a schema. {@code COPY} is harmless only
 * in the {@code TO} direction and without {@code PROGRAM}. The forms of {@link HarmlessForms} (catalog DDL,
 * comments, privileges, maintenance, {@code RESET} of settings) are harmless as well; a first word
 * {@code RESET} is harmless only there, because MySQL's {@code RESET MASTER} deletes the binary logs. MariaDB's
 * {@code SET STATEMENT var = value [, ...] FOR statement} runs the statement after {@code FOR} (<a
 * href="https://mariadb.com/kb/en/set-statement/">SET STATEMENT</a>), so it is harmless only when that statement is.
 */
public final class HarmlessStatements {
    private static final Set<String> HARMLESS_FIRST_WORDS = Set.of("SELECT", "SHOW", "SET", "BEGIN",
            "START", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "ABORT", "VACUUM", "ANALYZE", "ANALYSE",
            "EXPLAIN", "DESCRIBE", "DESC", "USE", "LOCK", "UNLOCK", "VALUES", "TABLE", "LISTEN", "NOTIFY", "UNLISTEN",
            "DEALLOCATE", "FETCH", "CLOSE", "MOVE", "CHECKPOINT", "REINDEX", "COPY", "DISCARD", "HELP", "CHECKSUM",
            "CHECK", "WITH", "DECLARE", "INSERT");
    private static final Set<String> MODIFYING_WORDS = Set.of("DELETE", "DROP", "TRUNCATE", "MERGE", "ALTER",
            "CALL", "EXECUTE", "EXEC", "DO", "INSERT", "REPLACE", "GRANT", "REVOKE", "CREATE", "RENAME", "UPDATE",
            "PROGRAM");

    private HarmlessStatements() {
    }

    /**
     * @param tokens the tokens of one statement, not empty
     * @param dialect its dialect
     * @return true when the statement certainly neither removes nor overwrites data or schema
     */
    public static boolean isHarmless(List<Token> tokens, Dialect dialect) {
        if (HarmlessForms.isHarmless(tokens, dialect)) {
            return true;
        }
        Token first = tokens.get(0);
        if (dialect == Dialect.MYSQL && first.isWord("SET") && tokens.size() > 1 && tokens.get(1).isWord("STATEMENT")) {
            int inner = 2;
            while (inner < tokens.size() && !(tokens.get(inner).depth() == 0 && tokens.get(inner).isWord("FOR"))) {
                inner++;
            }
            return inner + 1 < tokens.size() && isHarmless(tokens.subList(inner + 1, tokens.size()), dialect);
        }
        boolean createSchema = first.isWord("CREATE") && tokens.size() > 1 && tokens.get(1).isWord("SCHEMA");
        if (!createSchema && (first.kind() != Token.Kind.WORD || !HARMLESS_FIRST_WORDS.contains(first.value()))) {
            return false;
        }
        if (first.isWord("SHOW")) {
            return true;
        }
        if (first.isWord("COPY") && tokens.stream().noneMatch(t -> t.depth() == 0 && t.isWord("TO"))) {
            return false;
        }
        for (int i = 1; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.kind() == Token.Kind.WORD && MODIFYING_WORDS.contains(token.value())
                    && !isHarmlessUpdate(tokens, i) && !isUpsertDo(tokens, i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code FOR [NO KEY] UPDATE}, and {@code ON DUPLICATE KEY UPDATE} and {@code ON CONFLICT ... DO UPDATE} of an
     * INSERT whose rows do not come from a query.
     */
    private static boolean isHarmlessUpdate(List<Token> tokens, int index) {
        if (!tokens.get(index).isWord("UPDATE")) {
            return false;
        }
        Token previous = tokens.get(index - 1);
        return previous.isWord("FOR") || ((previous.isWord("KEY") || isUpsertDo(tokens, index - 1))
                && !UpsertSources.readsQuery(tokens));
    }

    /** The {@code DO} of {@code INSERT ... ON CONFLICT ... DO NOTHING|UPDATE}. */
    private static boolean isUpsertDo(List<Token> tokens, int index) {
        return tokens.get(0).isWord("INSERT") && tokens.get(index).isWord("DO");
    }
}
