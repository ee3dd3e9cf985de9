package io.jdbcguard.rules.parsing;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.lexing.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes or rewrites the few clauses that JSQLParser 5.4 cannot parse but that do not change which rows or objects
 * a statement touches, so the statement is still checked from its syntax tree.
 *
 * <p>{@code ONLY} after {@code DELETE FROM} or {@code UPDATE} (it excludes inheriting tables, so the statement touches
 * fewer rows, never more; <a href="https://www.postgresql.org/docs/current/sql-delete.html">DELETE</a>) and
 * {@code RESTART IDENTITY} / {@code CONTINUE IDENTITY} in {@code TRUNCATE} (sequence handling only;
 * <a href="https://www.postgresql.org/docs/current/sql-truncate.html">TRUNCATE</a>). MySQL's
 * {@code ALTER TABLE ... DROP FOREIGN KEY fk} and {@code DROP CHECK c} become the equivalent
 * {@code DROP CONSTRAINT}. PostgreSQL's {@code ALTER COLUMN c SET DATA TYPE t}, which Hibernate's schema update
 * writes, becomes its documented synonym {@code ALTER COLUMN c TYPE t} (<a
 * href="https://www.postgresql.org/docs/15/sql-altertable.html">ALTER TABLE</a>), judged as that. PostgreSQL's
 * {@code WITHOUT OIDS}, accepted for compatibility and without effect (<a
 * href="https://www.postgresql.org/docs/15/sql-createtable.html">CREATE TABLE</a>), is removed. MySQL's {@code ||} and {@code &&} become {@code OR} and {@code AND}, which is what they
 * mean unless {@code sql_mode} has {@code PIPES_AS_CONCAT}
 * (<a href="https://dev.mysql.com/doc/refman/8.4/en/logical-operators.html">Logical Operators</a>); JSQLParser would
 * read {@code ||} as concatenation and so miss {@code WHERE id = 1 || 1}.
 *
 * <p>MySQL also: a character set or collation named by a string ({@code CHARACTER SET 'utf8'}, {@code COLLATE
 * 'utf8_bin'}) is written as the same name unquoted (<a
 * href="https://dev.mysql.com/doc/refman/8.4/en/charset-column.html">Column Character Set and Collation</a>: the name
 * may be quoted), and the {@code ALGORITHM = ...}, {@code DEFINER = account} and {@code SQL SECURITY ...} options of
 * {@code CREATE [OR REPLACE] VIEW | FUNCTION | PROCEDURE | TRIGGER | EVENT}, the form mysqldump writes, are removed:
 * they choose how and as whom the object runs, not what it touches (<a
 * href="https://dev.mysql.com/doc/refman/8.4/en/create-view.html">CREATE VIEW</a>). {@code CREATE TABLE t ... SELECT},
 * whose {@code AS} MySQL makes optional (<a href="https://mariadb.com/kb/en/create-table/#create-select">CREATE ...
 * SELECT</a>), gets the {@code AS} JSQLParser needs, and MariaDB's {@code ENGINE [=] name} of {@code CREATE
 * SEQUENCE}, the storage engine of the sequence's table (<a href="https://mariadb.com/kb/en/create-sequence/">CREATE
 * SEQUENCE</a>), is removed.
 */
public final class ParserWorkarounds {
    private ParserWorkarounds() {
    }

    /**
     * @param tokens the tokens of one statement
     * @param dialect its dialect
     * @return the tokens without the clauses named above
     */
    public static List<Token> apply(List<Token> tokens, Dialect dialect) {
        boolean truncate = !tokens.isEmpty() && tokens.get(0).isWord("TRUNCATE");
        boolean mysqlCreate = dialect == Dialect.MYSQL && !tokens.isEmpty() && tokens.get(0).isWord("CREATE");
        boolean createTable = mysqlCreate && tokens.stream().anyMatch(t -> t.depth() == 0 && t.isWord("TABLE"));
        boolean createSequence = mysqlCreate && tokens.stream().anyMatch(t -> t.depth() == 0 && t.isWord("SEQUENCE"));
        List<Token> out = new ArrayList<>(tokens.size());
        int start = 0;
        if (dialect == Dialect.MYSQL && !tokens.isEmpty() && tokens.get(0).isWord("CREATE")) {
            start = tokens.size() > 2 && tokens.get(1).isWord("OR") && tokens.get(2).isWord("REPLACE") ? 3 : 1;
            out.addAll(tokens.subList(0, start));
            for (int end = skipCreateOptions(tokens, start); end != start; end = skipCreateOptions(tokens, start)) {
                start = end;
            }
        }
        for (int i = start; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            boolean only = token.isWord("ONLY") && i > 0 && (tokens.get(i - 1).isWord("UPDATE")
                    || (tokens.get(i - 1).isWord("FROM") && i > 1 && tokens.get(i - 2).isWord("DELETE")));
            boolean identity = truncate && (token.isWord("RESTART") || token.isWord("CONTINUE"))
                    && i + 1 < tokens.size() && tokens.get(i + 1).isWord("IDENTITY");
            String mysqlOperator = dialect == Dialect.MYSQL ? logicalOperator(tokens, i) : null;
            if (createTable && token.depth() == 0 && token.isWord("SELECT") && !tokens.get(i - 1).isWord("AS")) {
                out.add(Token.word("AS", 0, true));
                out.add(token);
            } else if (createSequence && token.depth() == 0 && token.isWord("ENGINE") && i + 1 < tokens.size()) {
                i += tokens.get(i + 1).isSymbol('=') && i + 2 < tokens.size() ? 2 : 1;
            } else if (mysqlOperator != null) {
                out.add(Token.word(mysqlOperator, token.depth(), true));
                i++;
            } else if (identity) {
                i++;
            } else if (isDropForeignKey(tokens, i)) {
                out.add(token.withText("CONSTRAINT"));
                i++;
            } else if (token.isWord("CHECK") && i > 0 && tokens.get(i - 1).isWord("DROP")) {
                out.add(token.withText("CONSTRAINT"));
            } else if (dialect == Dialect.POSTGRESQL && token.isWord("SET") && i + 2 < tokens.size()
                    && tokens.get(i + 1).isWord("DATA") && tokens.get(i + 2).isWord("TYPE")) {
                i++;
            } else if (dialect == Dialect.POSTGRESQL && token.depth() == 0 && token.isWord("WITHOUT")
                    && i + 1 < tokens.size() && tokens.get(i + 1).isWord("OIDS")) {
                i++;
            } else if (dialect == Dialect.MYSQL && isQuotedCharsetName(tokens, i)) {
                out.add(Token.word(token.value(), token.depth(), token.spaceBefore()));
            } else if (!only) {
                out.add(token);
            }
        }
        return out;
    }

    /**
     * After {@code CREATE [OR REPLACE]} at {@code i}: the index after one {@code ALGORITHM = x}, {@code DEFINER =
     * account} or {@code SQL SECURITY x} option, or {@code i} when there is none.
     */
    private static int skipCreateOptions(List<Token> tokens, int i) {
        if (i + 2 >= tokens.size()) {
            return i;
        }
        if (tokens.get(i).isWord("SQL") && tokens.get(i + 1).isWord("SECURITY")) {
            return i + 3;
        }
        boolean option = tokens.get(i).isWord("ALGORITHM") || tokens.get(i).isWord("DEFINER");
        if (!option || !tokens.get(i + 1).isSymbol('=')) {
            return i;
        }
        int end = i + 3;
        if (end + 1 < tokens.size() && tokens.get(end).isSymbol('@')) {
            end += 2;
        } else if (end + 1 < tokens.size() && tokens.get(end).isSymbol('(') && tokens.get(end + 1).isSymbol(')')) {
            end += 2;
        }
        return end;
    }

    /** A string naming a character set or collation, after {@code CHARACTER SET}, {@code CHARSET} or {@code COLLATE}. */
    private static boolean isQuotedCharsetName(List<Token> tokens, int i) {
        Token token = tokens.get(i);
        if (token.kind() != Token.Kind.STRING || i == 0) {
            return false;
        }
        int before = tokens.get(i - 1).isSymbol('=') && i > 1 ? i - 2 : i - 1;
        Token previous = tokens.get(before);
        boolean afterCharset = previous.isWord("CHARSET") || previous.isWord("COLLATE")
                || (previous.isWord("SET") && before > 0 && tokens.get(before - 1).isWord("CHARACTER"));
        return afterCharset && token.value().matches("[A-Za-z0-9_]+");
    }

    /** MySQL's {@code ||} and {@code &&} at {@code i}, as the key word they mean, or null. */
    private static String logicalOperator(List<Token> tokens, int i) {
        if (i + 1 >= tokens.size() || tokens.get(i + 1).spaceBefore()) {
            return null;
        }
        if (tokens.get(i).isSymbol('|') && tokens.get(i + 1).isSymbol('|')) {
            return "OR";
        }
        return tokens.get(i).isSymbol('&') && tokens.get(i + 1).isSymbol('&') ? "AND" : null;
    }

    private static boolean isDropForeignKey(List<Token> tokens, int i) {
        return tokens.get(i).isWord("FOREIGN") && i > 0 && tokens.get(i - 1).isWord("DROP") && i + 1 < tokens.size()
                && tokens.get(i + 1).isWord("KEY");
    }
}
