package io.jdbcguard.rules.semantics;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.lexing.Token;
import java.util.List;
import java.util.Set;

/**
 * Statement forms recognised as harmless from their tokens, before any parse (most of them JSQLParser 5.4 cannot
 * parse; others it parses into classes no rule judges), each a small grammar following the server's documentation.
 * A form that has destructive variants names them, and they stay blocked.
 *
 * <ul>
 *   <li>{@code COMMENT ON <object> ... IS 'text' | NULL}, any object kind: sets a description only (<a
 *       href="https://www.postgresql.org/docs/15/sql-comment.html">COMMENT</a>).
 *   <li>{@code ALTER FUNCTION | PROCEDURE | ROUTINE | AGGREGATE ...}: attributes, name, owner, schema of a routine; no
 *       data (<a href="https://www.postgresql.org/docs/15/sql-alterfunction.html">ALTER FUNCTION</a>).
 *   <li>{@code CREATE [OR REPLACE] OPERATOR [CLASS | FAMILY]} and {@code ALTER OPERATOR [CLASS | FAMILY]} (<a
 *       href="https://www.postgresql.org/docs/15/sql-createopclass.html">CREATE OPERATOR CLASS</a>, <a
 *       href="https://www.postgresql.org/docs/15/sql-alteropfamily.html">ALTER OPERATOR FAMILY</a>), also its
 *       {@code DROP OPERATOR | FUNCTION}, which the server refuses for a member an index depends on (the form has
 *       no {@code CASCADE}).
 *   <li>{@code ALTER DATABASE | SCHEMA | LANGUAGE}: default character set and collation, settings, name, owner (<a
 *       href="https://dev.mysql.com/doc/refman/8.4/en/alter-database.html">MySQL ALTER DATABASE</a>, <a
 *       href="https://www.postgresql.org/docs/15/sql-alterdatabase.html">PostgreSQL ALTER DATABASE</a>).
 *   <li>{@code CREATE TYPE}, every form (<a href="https://www.postgresql.org/docs/15/sql-createtype.html">CREATE
 *       TYPE</a>), and {@code ALTER TYPE} (<a href="https://www.postgresql.org/docs/15/sql-altertype.html">ALTER
 *       TYPE</a>) without the words {@code DROP} and {@code ATTRIBUTE}. The attribute forms are left to the parser and
 *       the rules: {@code DROP ATTRIBUTE} deletes the attribute's values from every column of the composite type
 *       (the server does so without {@code CASCADE}) and, with {@code CASCADE}, the column of every typed table, so
 *       {@code alter-drop-column} blocks it; {@code ADD ATTRIBUTE}, {@code RENAME ATTRIBUTE} and
 *       {@code ALTER ATTRIBUTE ... TYPE} (refused by the server while a column uses the type; with {@code CASCADE}
 *       a conversion of typed tables like {@code ALTER COLUMN ... TYPE}) are allowed.
 *   <li>Catalog objects that hold no data: {@code CREATE CAST}, {@code CREATE [OR REPLACE] [TRUSTED] [PROCEDURAL]
 *       LANGUAGE}, {@code CREATE ACCESS METHOD}, {@code CREATE FOREIGN DATA WRAPPER}, {@code CREATE SERVER},
 *       {@code CREATE USER MAPPING}, {@code CREATE TEXT SEARCH ...}, {@code CREATE [OR REPLACE] AGGREGATE},
 *       {@code CREATE COLLATION}, {@code CREATE [DEFAULT] CONVERSION} (<a
 *       href="https://www.postgresql.org/docs/15/sql-commands.html">SQL Commands</a>).
 *   <li>{@code ALTER SEQUENCE}, every form but {@code SET UNLOGGED} (<a
 *       href="https://www.postgresql.org/docs/15/sql-altersequence.html">PostgreSQL ALTER SEQUENCE</a>, <a
 *       href="https://mariadb.com/kb/en/alter-sequence/">MariaDB ALTER SEQUENCE</a>): name, owner, schema, owning
 *       column and the options of the generated numbers. Deliberately also {@code RESTART [WITH n]}: it deletes and
 *       overwrites nothing, but a restart below the keys in use makes the next inserts fail on the primary key (a
 *       column without a unique key gets duplicates) until the sequence is set forward again. Like a rename, which
 *       also breaks clients and is allowed, it is undone with one statement ({@code setval}, which pg_dump writes for
 *       every sequence and any query may call), and migrations restart sequences after loading rows.
 *       {@code SET UNLOGGED}, after which a crash resets the sequence, is left to the parser and the rules.
 *   <li>Accounts and privileges: {@code GRANT}, {@code REVOKE}, {@code CREATE USER | ROLE}, {@code ALTER USER | ROLE},
 *       {@code RENAME USER}, also with MySQL's quoted {@code 'user'@'host'} accounts (<a
 *       href="https://dev.mysql.com/doc/refman/8.4/en/account-management-statements.html">Account Management
 *       Statements</a>); {@code DROP USER | ROLE} stays blocked by {@code drop}.
 *   <li>MySQL maintenance (<a href="https://dev.mysql.com/doc/refman/8.4/en/table-maintenance-statements.html">Table
 *       Maintenance Statements</a>): {@code OPTIMIZE | ANALYZE | CHECK | REPAIR [NO_WRITE_TO_BINLOG | LOCAL] TABLE}
 *       (blocked: {@code REPAIR ... USE_FRM}, which can lose rows), {@code KILL [CONNECTION | QUERY]}, {@code DO expr}
 *       (evaluates expressions like {@code SELECT}), {@code XA RECOVER}, and {@code FLUSH [NO_WRITE_TO_BINLOG |
 *       LOCAL]} (<a href="https://dev.mysql.com/doc/refman/8.4/en/flush.html">FLUSH</a>) of {@code TABLES} (with
 *       table names, {@code WITH READ LOCK}, {@code FOR EXPORT}) or of a list of options each of which is
 *       {@code PRIVILEGES} or logs; blocked: a list with any option that resets data, {@code FLUSH STATUS},
 *       {@code HOSTS}, {@code USER_RESOURCES}, {@code QUERY CACHE} and MariaDB's {@code *_STATISTICS}, also after
 *       {@code NO_WRITE_TO_BINLOG} or {@code LOCAL} and after a harmless option ({@code FLUSH LOGS, STATUS}), and
 *       MariaDB's {@code FLUSH BINARY LOGS DELETE_DOMAIN_ID = (...)}, which deletes replication domains from the
 *       binary log state (<a href="https://mariadb.com/kb/en/flush/">MariaDB FLUSH</a>).
 *   <li>{@code RESET}: PostgreSQL's, which sets session settings back to their defaults (<a
 *       href="https://www.postgresql.org/docs/15/sql-reset.html">RESET</a>), MySQL's {@code RESET QUERY CACHE},
 *       which empties a cache, and {@code RESET PERSIST}, which removes persisted settings from the server's option
 *       file (<a href="https://dev.mysql.com/doc/refman/8.4/en/reset.html">RESET</a>); blocked: every other MySQL
 *       form and every list of options with one of them: {@code RESET MASTER} and {@code RESET BINARY LOGS AND
 *       GTIDS} delete every binary log file (the point-in-time recovery data, and what replicas still have to read),
 *       {@code RESET SLAVE | REPLICA [ALL]} deletes a replica's relay logs and its replication position (<a
 *       href="https://dev.mysql.com/doc/refman/8.4/en/reset-binary-logs-and-gtids.html">RESET BINARY LOGS AND
 *       GTIDS</a>, <a href="https://dev.mysql.com/doc/refman/8.4/en/reset-replica.html">RESET REPLICA</a>).
 *   <li>PostgreSQL {@code CLUSTER}, which rewrites a table in index order (<a
 *       href="https://www.postgresql.org/docs/15/sql-cluster.html">CLUSTER</a>).
 *   <li>MySQL {@code LOAD DATA | XML ... INTO TABLE} without {@code REPLACE}: appends rows (<a
 *       href="https://dev.mysql.com/doc/refman/8.4/en/load-data.html">LOAD DATA</a>); with {@code REPLACE}, which
 *       overwrites rows, blocked.
 * </ul>
 */
final class HarmlessForms {
    private static final Set<String> ROUTINES = Set.of("FUNCTION", "PROCEDURE", "ROUTINE", "AGGREGATE");
    private static final Set<String> CATALOG_OBJECTS = Set.of("CAST", "LANGUAGE", "TRUSTED", "PROCEDURAL", "ACCESS",
            "FOREIGN", "SERVER", "TEXT", "AGGREGATE", "COLLATION", "CONVERSION", "DEFAULT", "OPERATOR", "TYPE");
    private static final Set<String> ACCOUNTS = Set.of("USER", "ROLE");
    private static final Set<String> MAINTENANCE = Set.of("OPTIMIZE", "ANALYZE", "CHECK", "REPAIR");
    private static final Set<String> FLUSHED_OPTIONS = Set.of("PRIVILEGES", "LOGS", "BINARY", "ENGINE", "ERROR",
            "GENERAL", "RELAY", "SLOW");

    private HarmlessForms() {
    }

    /**
     * @param tokens the tokens of one statement, not empty
     * @param dialect its dialect
     * @return true when the statement is one of the harmless forms above
     */
    static boolean isHarmless(List<Token> tokens, Dialect dialect) {
        String first = word(tokens, 0);
        int second = "OR".equals(word(tokens, 1)) && "REPLACE".equals(word(tokens, 2)) ? 3 : 1;
        switch (first) {
            case "COMMENT":
                return isComment(tokens);
            case "GRANT":
            case "REVOKE":
                return true;
            case "RENAME":
                return ACCOUNTS.contains(word(tokens, 1));
            case "CREATE":
                return CATALOG_OBJECTS.contains(word(tokens, second)) || ACCOUNTS.contains(word(tokens, 1));
            case "ALTER":
                return isHarmlessAlter(tokens);
            case "OPTIMIZE":
            case "ANALYZE":
            case "CHECK":
            case "REPAIR":
                return dialect == Dialect.MYSQL && hasNo(tokens, "USE_FRM")
                        && MAINTENANCE.contains(first) && (has(tokens, "TABLE") || has(tokens, "TABLES"));
            case "KILL":
            case "DO":
                return dialect == Dialect.MYSQL;
            case "XA":
                return "RECOVER".equals(word(tokens, 1));
            case "FLUSH":
                return dialect == Dialect.MYSQL && isHarmlessFlush(tokens);
            case "RESET":
                return dialect == Dialect.POSTGRESQL || isHarmlessMysqlReset(tokens);
            case "CLUSTER":
                return dialect == Dialect.POSTGRESQL;
            case "LOAD":
                return dialect == Dialect.MYSQL && ("DATA".equals(word(tokens, 1)) || "XML".equals(word(tokens, 1)))
                        && has(tokens, "INTO") && hasNo(tokens, "REPLACE");
            default:
                return false;
        }
    }

    /** {@code COMMENT ON ... IS 'text' | NULL}, nothing after the comment. */
    private static boolean isComment(List<Token> tokens) {
        int n = tokens.size();
        return n >= 5 && "ON".equals(word(tokens, 1)) && "IS".equals(word(tokens, n - 2))
                && (tokens.get(n - 1).kind() == Token.Kind.STRING || tokens.get(n - 1).isWord("NULL"));
    }

    /**
     * {@code FLUSH [NO_WRITE_TO_BINLOG | LOCAL] TABLE[S] ...}, or a list of {@link #FLUSHED_OPTIONS} without
     * {@code DELETE_DOMAIN_ID}.
     */
    private static boolean isHarmlessFlush(List<Token> tokens) {
        int at = "NO_WRITE_TO_BINLOG".equals(word(tokens, 1)) || "LOCAL".equals(word(tokens, 1)) ? 2 : 1;
        String option = word(tokens, at);
        if (option.equals("TABLES") || option.equals("TABLE")) {
            return true;
        }
        if (at >= tokens.size() || has(tokens, "DELETE_DOMAIN_ID")) {
            return false;
        }
        for (int i = at; i < tokens.size(); i++) {
            boolean optionStart = i == at || tokens.get(i - 1).isSymbol(',');
            if (optionStart && !FLUSHED_OPTIONS.contains(word(tokens, i))) {
                return false;
            }
        }
        return true;
    }

    /** MySQL {@code RESET QUERY CACHE} and {@code RESET PERSIST [[IF EXISTS] name]}, nothing else in the list. */
    private static boolean isHarmlessMysqlReset(List<Token> tokens) {
        boolean queryCache = tokens.size() == 3 && "QUERY".equals(word(tokens, 1)) && "CACHE".equals(word(tokens, 2));
        return queryCache || ("PERSIST".equals(word(tokens, 1)) && tokens.stream().noneMatch(t -> t.isSymbol(',')));
    }

    private static boolean isHarmlessAlter(List<Token> tokens) {
        String object = word(tokens, 1);
        if (ROUTINES.contains(object)) {
            return true;
        }
        if (object.equals("OPERATOR") || object.equals("DATABASE") || object.equals("SCHEMA")
                || object.equals("LANGUAGE")) {
            return true;
        }
        if (object.equals("TYPE")) {
            return hasNo(tokens, "DROP") && hasNo(tokens, "ATTRIBUTE");
        }
        if (object.equals("SEQUENCE")) {
            return hasNo(tokens, "UNLOGGED");
        }
        return ACCOUNTS.contains(object);
    }

    private static boolean has(List<Token> tokens, String word) {
        return tokens.stream().anyMatch(t -> t.depth() == 0 && t.isWord(word));
    }

    private static boolean hasNo(List<Token> tokens, String word) {
        return tokens.stream().noneMatch(t -> t.isWord(word));
    }

    private static String word(List<Token> tokens, int index) {
        return index < tokens.size() && tokens.get(index).kind() == Token.Kind.WORD ? tokens.get(index).value() : "";
    }
}
