package io.jdbcguard.rules.parsing;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.lexing.Token;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds words that JSQLParser 5.4 takes for key words where the server reads an identifier, so that a statement
 * JSQLParser rejects can be parsed again with that word quoted ({@link StatementParser}). Real schemas name columns
 * {@code uuid}, {@code output}, {@code statement}, {@code script}, {@code returns}, {@code comment}, ... which the
 * servers accept unquoted but JSQLParser's grammar reserves.
 *
 * <p>Quoting must not change what the server reads, so a word is quoted only when both hold:
 * <ul>
 *   <li>the server does not reserve it: PostgreSQL key words of the categories "reserved", "reserved (can be
 *       function or type)" and "non-reserved (cannot be function or type)" are never quoted
 *       (<a href="https://www.postgresql.org/docs/15/sql-keywords-appendix.html">Appendix C. SQL Key Words</a>; the
 *       list is {@code pg_get_keywords()} of PostgreSQL 15 with {@code catcode} R, T or C), nor are the reserved
 *       words of MariaDB 10.11 (<a href="https://mariadb.com/kb/en/reserved-words/">Reserved Words</a>; the list is
 *       every word of {@code information_schema.KEYWORDS} that MariaDB 10.11 refuses as an unquoted column name)
 *       and of MySQL 8.4 (<a href="https://dev.mysql.com/doc/refman/8.4/en/keywords.html">11.3 Keywords and
 *       Reserved Words</a>). Non-reserved key words are identifiers wherever the grammar allows an identifier
 *       ("non-reserved key words only have a special meaning in particular contexts and can be used as identifiers
 *       in other contexts", Appendix C);
 *   <li>its neighbours put it where only a name or an operand can stand: before an operator, comma, closing
 *       parenthesis, dot or the end of the statement; after a dot; first in a parenthesised or comma-separated
 *       list item (a column definition or list element); after a word that introduces a name ({@code FROM},
 *       {@code JOIN}, {@code INTO}, {@code UPDATE}, {@code TABLE}, {@code COLUMN}, {@code AS}, {@code BY},
 *       {@code SELECT}, {@code DISTINCT}, {@code WHERE}, {@code AND}, {@code OR}, {@code TO}, {@code RENAME},
 *       {@code MODIFY}, {@code CHANGE}, MySQL {@code AFTER}); or before a predicate word ({@code IS}, {@code IN},
 *       {@code LIKE}, {@code NOT}, {@code BETWEEN}, {@code AS}, {@code ASC}, {@code DESC}, ...) or before
 *       {@code FROM} or {@code WHERE} (the last item of a select list, or its alias). A word before an
 *       opening parenthesis (a function call), the first word of a statement, the word after a column's name in
 *       a column definition (its type) and a word before {@code =} that follows a value or another word (a
 *       table option such as {@code ENGINE=InnoDB}) are never quoted.
 * </ul>
 * A word the server would read as a key word at such a place leaves a text JSQLParser still rejects, so the
 * statement stays unparseable.
 */
public final class KeywordIdentifiers {
    /** PostgreSQL 15 key words of categories R, T and C. */
    private static final Set<String> POSTGRESQL_RESERVED = Set.of(
            "ALL", "ANALYSE", "ANALYZE", "AND", "ANY", "ARRAY", "AS", "ASC", "ASYMMETRIC", "AUTHORIZATION", "BETWEEN",
            "BIGINT", "BINARY", "BIT", "BOOLEAN", "BOTH", "CASE", "CAST", "CHAR", "CHARACTER", "CHECK", "COALESCE",
            "COLLATE", "COLLATION", "COLUMN", "CONCURRENTLY", "CONSTRAINT", "CREATE", "CROSS", "CURRENT_CATALOG",
            "CURRENT_DATE", "CURRENT_ROLE", "CURRENT_SCHEMA", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER",
            "DEC", "DECIMAL", "DEFAULT", "DEFERRABLE", "DESC", "DISTINCT", "DO", "ELSE", "END", "EXCEPT", "EXISTS",
            "EXTRACT", "FALSE", "FETCH", "FLOAT", "FOR", "FOREIGN", "FREEZE", "FROM", "FULL", "GRANT", "GREATEST",
            "GROUP", "GROUPING", "HAVING", "ILIKE", "IN", "INITIALLY", "INNER", "INOUT", "INT", "INTEGER",
            "INTERSECT", "INTERVAL", "INTO", "IS", "ISNULL", "JOIN", "LATERAL", "LEADING", "LEAST", "LEFT", "LIKE",
            "LIMIT", "LOCALTIME", "LOCALTIMESTAMP", "NATIONAL", "NATURAL", "NCHAR", "NONE", "NORMALIZE", "NOT",
            "NOTNULL", "NULL", "NULLIF", "NUMERIC", "OFFSET", "ON", "ONLY", "OR", "ORDER", "OUT", "OUTER", "OVERLAPS",
            "OVERLAY", "PLACING", "POSITION", "PRECISION", "PRIMARY", "REAL", "REFERENCES", "RETURNING", "RIGHT",
            "ROW", "SELECT", "SESSION_USER", "SETOF", "SIMILAR", "SMALLINT", "SOME", "SUBSTRING", "SYMMETRIC",
            "TABLE", "TABLESAMPLE", "THEN", "TIME", "TIMESTAMP", "TO", "TRAILING", "TREAT", "TRIM", "TRUE", "UNION",
            "UNIQUE", "USER", "USING", "VALUES", "VARCHAR", "VARIADIC", "VERBOSE", "WHEN", "WHERE", "WINDOW", "WITH",
            "XMLATTRIBUTES", "XMLCONCAT", "XMLELEMENT", "XMLEXISTS", "XMLFOREST", "XMLNAMESPACES", "XMLPARSE",
            "XMLPI", "XMLROOT", "XMLSERIALIZE", "XMLTABLE");
    /** MariaDB 10.11 and MySQL 8.4 reserved words. */
    private static final Set<String> MYSQL_RESERVED = Set.of(
            "ACCESSIBLE", "ADD", "ALL", "ALTER", "ANALYZE", "AND", "AS", "ASC", "ASENSITIVE", "BEFORE", "BETWEEN",
            "BIGINT", "BINARY", "BLOB", "BOTH", "BY", "CALL", "CASCADE", "CASE", "CHANGE", "CHAR", "CHARACTER",
            "CHECK", "COLLATE", "COLUMN", "CONDITION", "CONSTRAINT", "CONTINUE", "CONVERT", "CREATE", "CROSS", "CUBE",
            "CUME_DIST", "CURRENT_DATE", "CURRENT_ROLE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER",
            "CURSOR", "DATABASES", "DAY_HOUR", "DAY_MICROSECOND", "DAY_MINUTE", "DAY_SECOND", "DEC", "DECIMAL",
            "DECLARE", "DEFAULT", "DELAYED", "DELETE", "DELETE_DOMAIN_ID", "DENSE_RANK", "DESC", "DESCRIBE",
            "DETERMINISTIC", "DISTINCT", "DISTINCTROW", "DIV", "DOUBLE", "DO_DOMAIN_IDS", "DROP", "DUAL", "EACH",
            "ELSE", "ELSEIF", "EMPTY", "ENCLOSED", "ESCAPED", "EXCEPT", "EXISTS", "EXIT", "EXPLAIN", "FALSE", "FETCH",
            "FIRST_VALUE", "FLOAT", "FLOAT4", "FLOAT8", "FOR", "FORCE", "FOREIGN", "FROM", "FULLTEXT", "FUNCTION",
            "GENERATED", "GET", "GRANT", "GROUP", "GROUPING", "GROUPS", "HAVING", "HIGH_PRIORITY", "HOUR_MICROSECOND",
            "HOUR_MINUTE", "HOUR_SECOND", "IF", "IGNORE", "IGNORE_DOMAIN_IDS", "IN", "INDEX", "INFILE", "INNER",
            "INOUT", "INSENSITIVE", "INSERT", "INT", "INT1", "INT2", "INT3", "INT4", "INT8", "INTEGER", "INTERSECT",
            "INTERVAL", "INTO", "IO_AFTER_GTIDS", "IO_BEFORE_GTIDS", "IS", "ITERATE", "JOIN", "JSON_TABLE", "KEY",
            "KEYS", "KILL", "LAG", "LAST_VALUE", "LATERAL", "LEAD", "LEADING", "LEAVE", "LEFT", "LIKE", "LIMIT",
            "LINEAR", "LINES", "LOAD", "LOCALTIME", "LOCALTIMESTAMP", "LOCK", "LONG", "LONGBLOB", "LONGTEXT", "LOOP",
            "LOW_PRIORITY", "MASTER_BIND", "MASTER_DEMOTE_TO_REPLICA", "MASTER_DEMOTE_TO_SLAVE",
            "MASTER_SSL_VERIFY_SERVER_CERT", "MATCH", "MAXVALUE", "MEDIUMBLOB", "MEDIUMINT", "MEDIUMTEXT",
            "MIDDLEINT", "MINUTE_MICROSECOND", "MINUTE_SECOND", "MOD", "MODIFIES", "NATURAL", "NOT",
            "NO_WRITE_TO_BINLOG", "NTH_VALUE", "NTILE", "NULL", "NUMERIC", "OF", "OFFSET", "ON", "OPTIMIZE",
            "OPTIMIZER_COSTS", "OPTIONALLY", "OR", "ORDER", "OUT", "OUTER", "OUTFILE", "OVER", "PAGE_CHECKSUM",
            "PARSE_VCOL_EXPR", "PARTITION", "PERCENT_RANK", "PORTION", "PRECISION", "PRIMARY", "PROCEDURE", "PURGE",
            "RANGE", "RANK", "READ", "READS", "READ_WRITE", "REAL", "RECURSIVE", "REFERENCES", "REF_SYSTEM_ID",
            "REGEXP", "RELEASE", "RENAME", "REPEAT", "REPLACE", "REQUIRE", "RESIGNAL", "RESTRICT", "RETURN",
            "RETURNING", "REVOKE", "RIGHT", "RLIKE", "ROW", "ROWS", "ROW_NUMBER", "SCHEMAS", "SECOND_MICROSECOND",
            "SELECT", "SENSITIVE", "SEPARATOR", "SET", "SHOW", "SIGNAL", "SMALLINT", "SPATIAL", "SPECIFIC", "SQL",
            "SQLEXCEPTION", "SQLSTATE", "SQLWARNING", "SQL_BIG_RESULT", "SQL_CALC_FOUND_ROWS", "SQL_SMALL_RESULT",
            "SSL", "STARTING", "STATS_AUTO_RECALC", "STATS_PERSISTENT", "STATS_SAMPLE_PAGES", "STORED",
            "STRAIGHT_JOIN", "SYSTEM", "TABLE", "TERMINATED", "THEN", "TINYBLOB", "TINYINT", "TINYTEXT", "TO",
            "TRAILING", "TRIGGER", "TRUE", "UNDO", "UNION", "UNIQUE", "UNLOCK", "UNSIGNED", "UPDATE", "USAGE", "USE",
            "USING", "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP", "VALUES", "VARBINARY", "VARCHAR", "VARCHARACTER",
            "VARYING", "VIRTUAL", "WHEN", "WHERE", "WHILE", "WINDOW", "WITH", "WRITE", "XOR", "YEAR_MONTH",
            "ZEROFILL");
    private static final Set<String> NAME_BEFORE = Set.of("FROM", "JOIN", "INTO", "UPDATE", "TABLE", "COLUMN", "AS",
            "BY", "SELECT", "DISTINCT", "WHERE", "AND", "OR", "TO", "RENAME", "MODIFY", "CHANGE", "AFTER");
    /** Words after which a word followed by {@code =} is a column compared or assigned, besides {@link #NAME_BEFORE}. */
    private static final Set<String> COLUMN_BEFORE_EQUALS = Set.of("SET", "ON", "WHEN", "NOT");
    private static final Set<String> OPERAND_BEFORE = Set.of("IS", "IN", "LIKE", "ILIKE", "NOT", "BETWEEN",
            "REGEXP", "RLIKE", "SIMILAR", "COLLATE", "AS", "ASC", "DESC", "NULLS", "FROM", "WHERE");

    private KeywordIdentifiers() {
    }

    /**
     * @param word an unquoted word in upper case
     * @param dialect the server's dialect
     * @return true when the server reserves the word, so an identifier of that name must be quoted
     */
    public static boolean isReserved(String word, Dialect dialect) {
        return (dialect == Dialect.POSTGRESQL ? POSTGRESQL_RESERVED : MYSQL_RESERVED).contains(word);
    }

    /**
     * @param tokens the tokens of one statement
     * @param index the index of a token
     * @param dialect the server's dialect
     * @return true when the token is a word that the server reads as an identifier there (see the class comment)
     */
    static boolean isIdentifier(List<Token> tokens, int index, Dialect dialect) {
        Token token = tokens.get(index);
        if (index == 0 || token.kind() != Token.Kind.WORD || isReserved(token.value(), dialect)) {
            return false;
        }
        Token next = index + 1 < tokens.size() ? tokens.get(index + 1) : null;
        if (next != null && next.isSymbol('(')) {
            return false;
        }
        Token previous = tokens.get(index - 1);
        Token beforePrevious = index > 1 ? tokens.get(index - 2) : null;
        boolean definitionList = token.depth() == 1 && (tokens.get(0).isWord("CREATE")
                || tokens.get(0).isWord("ALTER"));
        if (beforePrevious != null && previous.kind() != Token.Kind.SYMBOL && ((definitionList
                && (beforePrevious.isSymbol('(') || beforePrevious.isSymbol(','))) || beforePrevious.isWord("COLUMN")
                || beforePrevious.isWord("ADD") || beforePrevious.isWord("MODIFY"))) {
            return false;
        }
        if (next != null && next.isSymbol('=') && previous.kind() != Token.Kind.SYMBOL
                && !(previous.kind() == Token.Kind.WORD && (NAME_BEFORE.contains(previous.value())
                        || COLUMN_BEFORE_EQUALS.contains(previous.value())))) {
            return false;
        }
        return next == null || next.kind() == Token.Kind.SYMBOL || previous.isSymbol('.') || previous.isSymbol(',')
                || previous.isSymbol('(') || (previous.kind() == Token.Kind.WORD
                        && NAME_BEFORE.contains(previous.value()))
                || (next.kind() == Token.Kind.WORD && OPERAND_BEFORE.contains(next.value()));
    }

    /**
     * @param token a word the server reads as an identifier
     * @param dialect the server's dialect
     * @return the same identifier quoted: a MySQL backtick identifier, a PostgreSQL double-quoted identifier in lower
     *     case (PostgreSQL folds unquoted names to lower case: <a
     *     href="https://www.postgresql.org/docs/15/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS">4.1.1 Identifiers
     *     and Key Words</a>)
     */
    static Token quoted(Token token, Dialect dialect) {
        String name = dialect == Dialect.POSTGRESQL ? token.text().toLowerCase(Locale.ROOT) : token.text();
        String text = dialect == Dialect.POSTGRESQL ? '"' + name + '"' : '`' + name + '`';
        return new Token(Token.Kind.QUOTED_IDENTIFIER, text, name, token.depth(), token.spaceBefore());
    }
}
