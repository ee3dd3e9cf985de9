package io.jdbcguard.rules;

import java.util.List;
import java.util.Set;

/**
 * Decides from tokens alone whether a statement that was not parsed only reads data or changes session state, so that
 * it needs no {@code unparseable} finding.
 *
 * <p>A statement is read-only when its first word is one of {@link #READ_ONLY_FIRST_WORDS} (queries, {@code SHOW},
 * {@code SET}, transaction control, {@code VACUUM}, {@code ANALYZE}, {@code REINDEX}, {@code LOCK},
 * {@code COPY ... TO}, cursor and {@code LISTEN}/{@code NOTIFY} commands) and none of its words, at any depth, is one
 * that changes data or schema or runs code ({@link #MODIFYING_WORDS}); {@code UPDATE} counts unless it is part of a
 * locking clause ({@code FOR UPDATE}, {@code FOR NO KEY UPDATE}). {@code COPY} is read-only only in the {@code TO}
 * direction and without {@code PROGRAM}.
 */
final class ReadOnlyStatements {
    private static final Set<String> READ_ONLY_FIRST_WORDS = Set.of("SELECT", "SHOW", "SET", "RESET", "BEGIN",
            "START", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "ABORT", "VACUUM", "ANALYZE", "ANALYSE",
            "EXPLAIN", "DESCRIBE", "DESC", "USE", "LOCK", "UNLOCK", "VALUES", "TABLE", "LISTEN", "NOTIFY", "UNLISTEN",
            "DEALLOCATE", "FETCH", "CLOSE", "MOVE", "CHECKPOINT", "REINDEX", "COPY", "DISCARD", "HELP", "CHECKSUM",
            "CHECK", "WITH", "DECLARE");
    private static final Set<String> MODIFYING_WORDS = Set.of("DELETE", "DROP", "TRUNCATE", "MERGE", "ALTER",
            "CALL", "EXECUTE", "EXEC", "DO", "INSERT", "REPLACE", "GRANT", "REVOKE", "CREATE", "RENAME",
            "UPDATE", "PROGRAM");

    private ReadOnlyStatements() {
    }

    /**
     * @param tokens the tokens of one statement, not empty
     * @return true when the statement certainly does not modify data or schema
     */
    static boolean isReadOnly(List<Token> tokens) {
        Token first = tokens.get(0);
        if (first.kind() != Token.Kind.WORD || !READ_ONLY_FIRST_WORDS.contains(first.value())) {
            return false;
        }
        if (first.isWord("COPY") && tokens.stream().noneMatch(t -> t.depth() == 0 && t.isWord("TO"))) {
            return false;
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.kind() == Token.Kind.WORD && MODIFYING_WORDS.contains(token.value())
                    && !isLockingClause(tokens, i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLockingClause(List<Token> tokens, int index) {
        return tokens.get(index).isWord("UPDATE") && index > 0
                && (tokens.get(index - 1).isWord("FOR") || tokens.get(index - 1).isWord("KEY"));
    }
}
