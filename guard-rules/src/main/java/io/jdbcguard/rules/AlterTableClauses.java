package io.jdbcguard.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an {@code ALTER TABLE} statement from its tokens, clause by clause, for statements JSQLParser did not
 * understand: every prefix the servers accept (MariaDB {@code ALTER [ONLINE] [IGNORE] TABLE [IF EXISTS] name
 * [WAIT n | NOWAIT]}, <a href="https://mariadb.com/kb/en/alter-table/">ALTER TABLE</a>; PostgreSQL
 * {@code ALTER TABLE [IF EXISTS] [ONLY] name [*]}, <a
 * href="https://www.postgresql.org/docs/current/sql-altertable.html">ALTER TABLE</a>) and every clause, cut at the
 * commas outside parentheses, in any order.
 *
 * <p>A clause is understood when its first word names an action whose effect on data the guard knows: harmless
 * ones (adding columns, constraints, indexes and partitions, renaming, defaults, ownership, storage and table
 * options, validation, triggers, attaching and detaching partitions) and destructive ones that a rule reports from
 * tokens ({@code DROP}, {@code TRUNCATE PARTITION}, {@code DISCARD}). Clauses that may rewrite or lose data in ways
 * the guard does not judge from tokens ({@code MODIFY}, {@code CHANGE}, {@code ALTER COLUMN ... TYPE},
 * {@code CONVERT TO CHARACTER SET}, {@code PARTITION BY}) and anything else are not understood.
 */
final class AlterTableClauses {
    private static final Set<String> UNDERSTOOD_FIRST_WORDS = Set.of("ADD", "ALTER", "RENAME", "OWNER", "SET",
            "RESET", "ENABLE", "DISABLE", "CLUSTER", "INHERIT", "NO", "VALIDATE", "REPLICA", "ATTACH", "DETACH",
            "DROP", "TRUNCATE", "DISCARD", "IMPORT", "COMMENT", "ENGINE", "AUTO_INCREMENT", "DEFAULT", "CHARACTER",
            "CHARSET", "COLLATE", "ALGORITHM", "LOCK", "FORCE", "ORDER", "ROW_FORMAT", "KEY_BLOCK_SIZE",
            "STATS_PERSISTENT", "STATS_AUTO_RECALC", "STATS_SAMPLE_PAGES", "PACK_KEYS", "CHECKSUM", "MAX_ROWS",
            "MIN_ROWS", "AVG_ROW_LENGTH", "ENCRYPTION", "COMPRESSION", "PAGE_CHECKSUM", "TRANSACTIONAL", "ANALYZE",
            "CHECK", "OPTIMIZE", "REBUILD", "REPAIR", "COALESCE", "REORGANIZE", "WITH", "WITHOUT", "OF", "NOT");

    private AlterTableClauses() {
    }

    /**
     * The clauses of an ALTER TABLE statement.
     *
     * @param tokens the statement's tokens
     * @return the clauses after the table name, each a non-empty token list; empty when the statement is not an
     *     ALTER TABLE with at least one clause
     */
    static Optional<List<List<Token>>> of(List<Token> tokens) {
        int at = 1;
        while (at < tokens.size() && (tokens.get(at).isWord("ONLINE") || tokens.get(at).isWord("OFFLINE")
                || tokens.get(at).isWord("IGNORE"))) {
            at++;
        }
        if (!tokens.get(0).isWord("ALTER") || at >= tokens.size() || !tokens.get(at).isWord("TABLE")) {
            return Optional.empty();
        }
        at++;
        if (at + 1 < tokens.size() && tokens.get(at).isWord("IF") && tokens.get(at + 1).isWord("EXISTS")) {
            at += 2;
        }
        if (at < tokens.size() && tokens.get(at).isWord("ONLY")) {
            at++;
        }
        at++;
        while (at + 1 < tokens.size() && tokens.get(at).isSymbol('.')) {
            at += 2;
        }
        if (at < tokens.size() && tokens.get(at).isSymbol('*')) {
            at++;
        }
        if (at < tokens.size() && tokens.get(at).isWord("NOWAIT")) {
            at++;
        } else if (at + 1 < tokens.size() && tokens.get(at).isWord("WAIT")) {
            at += 2;
        }
        List<List<Token>> clauses = new ArrayList<>();
        List<Token> clause = new ArrayList<>();
        for (int i = at; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isSymbol(',') && token.depth() == 0) {
                if (!clause.isEmpty()) {
                    clauses.add(clause);
                }
                clause = new ArrayList<>();
            } else {
                clause.add(token);
            }
        }
        if (!clause.isEmpty()) {
            clauses.add(clause);
        }
        return clauses.isEmpty() ? Optional.empty() : Optional.of(clauses);
    }

    /**
     * @param tokens the statement's tokens
     * @return true when it is an ALTER TABLE all of whose clauses are understood (see the class comment)
     */
    static boolean allUnderstood(List<Token> tokens) {
        return of(tokens).map(clauses -> clauses.stream().allMatch(AlterTableClauses::isUnderstood)).orElse(false);
    }

    private static boolean isUnderstood(List<Token> clause) {
        Token first = clause.get(0);
        if (first.kind() != Token.Kind.WORD || !UNDERSTOOD_FIRST_WORDS.contains(first.value())) {
            return false;
        }
        return !(first.isWord("ALTER") && clause.stream().anyMatch(t -> t.depth() == 0 && t.isWord("TYPE")));
    }
}
