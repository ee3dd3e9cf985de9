package io.jdbcguard.rules.semantics;

import io.jdbcguard.rules.lexing.Token;
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
 * options, validation, triggers, attaching, detaching, exchanging and converting partitions, which keep their rows,
 * and removing partitioning or repartitioning, which keeps every row or fails) and ones that a rule judges from
 * tokens ({@code DROP}, {@code TRUNCATE PARTITION}, {@code DISCARD}; column type changes {@code MODIFY},
 * {@code CHANGE}, {@code ALTER COLUMN ... TYPE}, {@code ENGINE=}, and whatever {@code IGNORE} makes lossy, by
 * {@code lossy-alter} and {@code lossy-engine}). {@code CONVERT TO CHARACTER SET}, which replaces characters the new
 * character set lacks, and anything else are not understood.
 */
public final class AlterTableClauses {
    private static final Set<String> UNDERSTOOD_FIRST_WORDS = Set.of("ADD", "ALTER", "RENAME", "OWNER", "SET",
            "RESET", "ENABLE", "DISABLE", "CLUSTER", "INHERIT", "NO", "VALIDATE", "REPLICA", "ATTACH", "DETACH",
            "DROP", "TRUNCATE", "DISCARD", "IMPORT", "COMMENT", "ENGINE", "AUTO_INCREMENT", "DEFAULT", "CHARACTER",
            "CHARSET", "COLLATE", "ALGORITHM", "LOCK", "FORCE", "ORDER", "ROW_FORMAT", "KEY_BLOCK_SIZE",
            "STATS_PERSISTENT", "STATS_AUTO_RECALC", "STATS_SAMPLE_PAGES", "PACK_KEYS", "CHECKSUM", "MAX_ROWS",
            "MIN_ROWS", "AVG_ROW_LENGTH", "ENCRYPTION", "COMPRESSION", "PAGE_CHECKSUM", "TRANSACTIONAL", "ANALYZE",
            "CHECK", "OPTIMIZE", "REBUILD", "REPAIR", "COALESCE", "REORGANIZE", "WITH", "WITHOUT", "OF", "NOT",
            "MODIFY", "CHANGE", "PARTITION", "REMOVE", "EXCHANGE");

    private static final Set<String> PARTITION_COMMANDS = Set.of("DROP", "TRUNCATE", "DISCARD", "IMPORT", "ANALYZE",
            "CHECK", "OPTIMIZE", "REBUILD", "REPAIR");

    /** MySQL/MariaDB: words that continue a type's name after its first word. */
    private static final Set<String> TYPE_WORDS = Set.of("UNSIGNED", "SIGNED", "ZEROFILL", "PRECISION", "VARYING",
            "VARCHAR", "CHAR", "VARBINARY");

    private AlterTableClauses() {
    }

    /**
     * An ALTER TABLE statement read from its tokens.
     *
     * @param ignore whether it is MariaDB's {@code ALTER [ONLINE] IGNORE TABLE}
     * @param table the table's name as written, e.g. {@code app.users}
     * @param nameParts the tokens of the table's name, without the dots
     * @param clauses the clauses after the table name, each a non-empty token list
     */
    public record AlterTable(boolean ignore, String table, List<Token> nameParts, List<List<Token>> clauses) {
        /** Copies the lists. */
        public AlterTable {
            nameParts = List.copyOf(nameParts);
            clauses = List.copyOf(clauses);
        }
    }

    /**
     * Reads an ALTER TABLE statement.
     *
     * @param tokens the statement's tokens
     * @return the statement; empty when it is not an ALTER TABLE with at least one clause
     */
    public static Optional<AlterTable> read(List<Token> tokens) {
        int at = 1;
        boolean ignore = false;
        while (at < tokens.size() && (tokens.get(at).isWord("ONLINE") || tokens.get(at).isWord("OFFLINE")
                || tokens.get(at).isWord("IGNORE"))) {
            ignore |= tokens.get(at).isWord("IGNORE");
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
        List<Token> nameParts = new ArrayList<>();
        if (at < tokens.size()) {
            nameParts.add(tokens.get(at));
        }
        at++;
        while (at + 1 < tokens.size() && tokens.get(at).isSymbol('.')) {
            nameParts.add(tokens.get(at + 1));
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
            if (token.isSymbol(',') && token.depth() == 0 && !isPartitionCommand(clause)) {
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
        return clauses.isEmpty() ? Optional.empty()
                : Optional.of(new AlterTable(ignore, String.join(".", nameParts.stream()
                        .map(AlterTableClauses::name).toList()), nameParts, clauses));
    }

    /**
     * Whether a clause is a MySQL/MariaDB partition command taking a list of partition names ({@code DROP PARTITION
     * p1, p2}, {@code TRUNCATE PARTITION}, ...): such a command is the whole of its ALTER TABLE ({@code alter_commands}
     * in {@code sql_yacc.yy}), so its commas separate names, not clauses.
     */
    private static boolean isPartitionCommand(List<Token> clause) {
        return clause.size() >= 2 && clause.get(1).isWord("PARTITION") && clause.get(0).kind() == Token.Kind.WORD
                && PARTITION_COMMANDS.contains(clause.get(0).value());
    }

    /**
     * A clause that changes a column's type: PostgreSQL {@code ALTER [COLUMN] c [SET DATA] TYPE t [COLLATE x]
     * [USING expression]}, MySQL/MariaDB {@code MODIFY [COLUMN] [IF EXISTS] c t ...} and
     * {@code CHANGE [COLUMN] [IF EXISTS] c new_name t ...}.
     *
     * @param column the column's token (for {@code CHANGE}, its current name)
     * @param type the tokens of the new type, without column attributes ({@code NOT NULL}, {@code DEFAULT},
     *     {@code COLLATE}, ...); never empty
     * @param using the tokens of the {@code USING} expression; empty when there is none
     */
    public record TypeClause(Token column, List<Token> type, List<Token> using) {
        /** Copies the lists. */
        public TypeClause {
            type = List.copyOf(type);
            using = List.copyOf(using);
        }
    }

    /**
     * Reads a clause that changes a column's type.
     *
     * @param clause one clause of {@link AlterTable#clauses()}
     * @return the type change; empty when the clause changes no column's type
     */
    public static Optional<TypeClause> typeChange(List<Token> clause) {
        Token first = clause.get(0);
        boolean alter = first.isWord("ALTER");
        if (!alter && !first.isWord("MODIFY") && !first.isWord("CHANGE")) {
            return Optional.empty();
        }
        int at = 1;
        if (at < clause.size() && clause.get(at).isWord("COLUMN")) {
            at++;
        }
        if (!alter && at + 1 < clause.size() && clause.get(at).isWord("IF") && clause.get(at + 1).isWord("EXISTS")) {
            at += 2;
        }
        if (at >= clause.size() || !isName(clause.get(at))) {
            return Optional.empty();
        }
        Token column = clause.get(at);
        int type = at + (first.isWord("CHANGE") ? 2 : 1);
        if (alter) {
            if (type + 1 < clause.size() && clause.get(type).isWord("SET") && clause.get(type + 1).isWord("DATA")) {
                type += 2;
            }
            if (type >= clause.size() || !clause.get(type).isWord("TYPE")) {
                return Optional.empty();
            }
            type++;
        }
        int end = alter ? postgresTypeEnd(clause, type) : mysqlTypeEnd(clause, type);
        if (end <= type) {
            return Optional.empty();
        }
        int using = end < clause.size() && clause.get(end).isWord("USING") ? end + 1 : clause.size();
        return Optional.of(new TypeClause(column, clause.subList(type, end), clause.subList(using, clause.size())));
    }

    /** PostgreSQL: the type runs up to {@code COLLATE}, {@code USING} or the clause's end. */
    private static int postgresTypeEnd(List<Token> clause, int from) {
        int depth = clause.get(from - 1).depth();
        for (int i = from; i < clause.size(); i++) {
            if (clause.get(i).depth() == depth && (clause.get(i).isWord("COLLATE") || clause.get(i).isWord("USING"))) {
                return i;
            }
        }
        return clause.size();
    }

    /**
     * MySQL/MariaDB: the type is a name, its arguments in parentheses and the words that belong to it
     * ({@code DOUBLE PRECISION}, {@code INT UNSIGNED ZEROFILL}, {@code NATIONAL CHARACTER VARYING(10)}); column
     * attributes follow.
     */
    private static int mysqlTypeEnd(List<Token> clause, int from) {
        if (from >= clause.size() || !isName(clause.get(from))) {
            return from;
        }
        int depth = clause.get(from).depth();
        int i = from + 1;
        while (i < clause.size()) {
            Token token = clause.get(i);
            boolean inside = token.depth() > depth || token.isSymbol('(') || token.isSymbol(')');
            boolean word = token.kind() == Token.Kind.WORD && (TYPE_WORDS.contains(token.value())
                    || token.isWord("CHARACTER") && clause.get(i - 1).isWord("NATIONAL"));
            if (!inside && !word) {
                break;
            }
            i++;
        }
        return i;
    }

    private static boolean isName(Token token) {
        return token.kind() == Token.Kind.WORD || token.kind() == Token.Kind.QUOTED_IDENTIFIER;
    }

    /** An identifier as written, without quotes. */
    public static String name(Token token) {
        return token.kind() == Token.Kind.WORD ? token.text() : token.value();
    }

    /**
     * @param tokens the statement's tokens
     * @return true when it is an ALTER TABLE all of whose clauses are understood (see the class comment)
     */
    public static boolean allUnderstood(List<Token> tokens) {
        return read(tokens).map(alter -> alter.clauses().stream().allMatch(AlterTableClauses::isUnderstood))
                .orElse(false);
    }

    private static boolean isUnderstood(List<Token> clause) {
        Token first = clause.get(0);
        if (first.isWord("CONVERT")) {
            return clause.size() > 1 && (clause.get(1).isWord("PARTITION") || clause.get(1).isWord("TABLE"));
        }
        return first.kind() == Token.Kind.WORD && UNDERSTOOD_FIRST_WORDS.contains(first.value());
    }
}
