package io.jdbcguard.rules.semantics;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.lexing.Token;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a read-only statement calls a function that could write: everything but a curated allow-list of common
 * built-ins that have no side effects, for {@link io.jdbcguard.rules.Analysis#mayHideWrites()}.
 *
 * <p>The lists are taken from the servers' function references: PostgreSQL <a
 * href="https://www.postgresql.org/docs/15/functions.html">Functions and Operators</a> (aggregates, mathematical,
 * string, pattern matching, formatting, date/time, conditional, array, JSON readers, set-returning, session
 * information, system catalog information), the JDBC escape functions ({@code {fn ucase(x)}}, which pgjdbc
 * translates; JDBC 4.3 specification, appendix D "Scalar Functions") and MySQL <a
 * href="https://dev.mysql.com/doc/refman/8.4/en/built-in-function-reference.html">Built-In Function and Operator
 * Reference</a> (the same groups). Left out on purpose: functions that write or act beyond the query
 * ({@code nextval}, {@code setval}, {@code set_config}, {@code lo_*}, {@code pg_terminate_backend},
 * {@code pg_cancel_backend}, {@code pg_advisory_*}, {@code dblink*}, {@code pg_read_file}, {@code txid_current},
 * MySQL {@code GET_LOCK}, {@code RELEASE_LOCK}, {@code LOAD_FILE}, {@code SLEEP}, {@code BENCHMARK}), and anything
 * not listed.
 *
 * <p>A call is a word or quoted identifier directly followed by {@code (} that is not a key word taking a
 * parenthesis ({@code IN (}, {@code EXISTS (}, {@code VALUES (}, {@code OVER (}, ...), not a type with a length or
 * precision ({@code varchar(10)}), not a column list of an alias or a common table expression (after {@code AS} or
 * {@code )}, or names followed by {@code ) AS [NOT] [MATERIALIZED] (}), not a table's column list
 * ({@code CREATE TABLE t (}, {@code INSERT INTO t (}). A schema-qualified call counts as unknown, except a listed
 * function qualified by PostgreSQL's {@code pg_catalog}, which is the built-in itself. Names compare
 * case-insensitively, as both servers compare them, except a PostgreSQL quoted name with capitals
 * ({@code "Lower"(x)}), which is not a built-in.
 */
public final class PureFunctions {
    /** Pure built-ins of both servers (the SQL standard's and widely shared ones). */
    private static final Set<String> COMMON = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX", "COALESCE", "NULLIF",
            "GREATEST", "LEAST", "NOW", "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "LOCALTIME",
            "LOCALTIMESTAMP", "EXTRACT", "LOWER", "UPPER", "LENGTH", "CHAR_LENGTH", "CHARACTER_LENGTH",
            "OCTET_LENGTH", "BIT_LENGTH", "SUBSTRING", "SUBSTR", "TRIM", "LTRIM", "RTRIM", "CONCAT", "CONCAT_WS",
            "REPLACE", "ROUND", "ABS", "CEIL", "CEILING", "FLOOR", "TRUNC", "TRUNCATE", "MOD", "POWER", "POW", "SQRT",
            "EXP", "LN", "LOG", "LOG10", "LOG2", "SIGN", "PI", "RADIANS", "DEGREES", "SIN", "COS", "TAN", "ASIN",
            "ACOS", "ATAN", "ATAN2", "COT", "RANDOM", "RAND", "LEFT", "RIGHT", "LPAD", "RPAD", "REPEAT", "REVERSE",
            "POSITION", "STRPOS", "INSTR", "LOCATE", "ASCII", "CHR", "CHAR", "MD5", "SHA1", "SHA2", "SHA256",
            "REGEXP_REPLACE", "REGEXP_LIKE", "REGEXP_SUBSTR", "REGEXP_INSTR", "CAST", "CONVERT", "DATE", "TIME",
            "TIMESTAMP", "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "STDDEV", "STDDEV_POP", "STDDEV_SAMP",
            "VARIANCE", "VAR_POP", "VAR_SAMP", "BIT_AND", "BIT_OR", "BIT_XOR", "ROW_NUMBER", "RANK", "DENSE_RANK",
            "PERCENT_RANK", "CUME_DIST", "NTILE", "LAG", "LEAD", "FIRST_VALUE", "LAST_VALUE", "NTH_VALUE",
            "JSON_ARRAYAGG", "JSON_OBJECTAGG", "JSON_OBJECT", "JSON_ARRAY", "VERSION", "CURRENT_USER", "SESSION_USER",
            "USER", "CURRENT_ROLE", "DATABASE", "SCHEMA", "UUID", "HEX", "TO_BASE64", "FORMAT", "OVERLAY",
            "TRANSLATE", "INITCAP", "SPLIT_PART", "ANY_VALUE", "BIT_COUNT", "LAST_DAY", "QUOTE", "CRC32", "TO_CHAR",
            "TO_DATE", "TO_NUMBER", "TO_TIMESTAMP", "DATE_TRUNC", "DATE_PART", "ROW", "ARRAY", "ANY", "ALL", "SOME",
            "GROUPING");
    /** Pure built-ins only PostgreSQL has. */
    private static final Set<String> POSTGRESQL = Set.of("STRING_AGG", "ARRAY_AGG", "BOOL_AND", "BOOL_OR", "EVERY",
            "JSON_AGG", "JSONB_AGG", "JSON_OBJECT_AGG", "JSONB_OBJECT_AGG", "PERCENTILE_CONT", "PERCENTILE_DISC",
            "MODE", "AGE", "CLOCK_TIMESTAMP", "STATEMENT_TIMESTAMP", "TRANSACTION_TIMESTAMP", "TIMEOFDAY",
            "MAKE_DATE", "MAKE_TIME", "MAKE_TIMESTAMP", "MAKE_TIMESTAMPTZ", "MAKE_INTERVAL", "DATE_BIN",
            "JUSTIFY_DAYS", "JUSTIFY_HOURS", "JUSTIFY_INTERVAL", "ISFINITE", "TIMEZONE", "BTRIM", "STARTS_WITH",
            "ENCODE", "DECODE", "QUOTE_IDENT", "QUOTE_LITERAL", "QUOTE_NULLABLE", "REGEXP_MATCH", "REGEXP_MATCHES",
            "REGEXP_SPLIT_TO_ARRAY", "REGEXP_SPLIT_TO_TABLE", "REGEXP_COUNT", "STRING_TO_ARRAY", "ARRAY_TO_STRING",
            "ARRAY_LENGTH", "ARRAY_UPPER", "ARRAY_LOWER", "ARRAY_DIMS", "ARRAY_POSITION", "ARRAY_POSITIONS",
            "ARRAY_APPEND", "ARRAY_PREPEND", "ARRAY_CAT", "ARRAY_REMOVE", "ARRAY_REPLACE", "CARDINALITY", "UNNEST",
            "GENERATE_SERIES", "GENERATE_SUBSCRIPTS", "TO_JSON", "TO_JSONB", "ROW_TO_JSON", "ARRAY_TO_JSON",
            "JSON_BUILD_OBJECT", "JSONB_BUILD_OBJECT", "JSON_BUILD_ARRAY", "JSONB_BUILD_ARRAY", "JSON_EXTRACT_PATH",
            "JSONB_EXTRACT_PATH", "JSON_EXTRACT_PATH_TEXT", "JSONB_EXTRACT_PATH_TEXT", "JSON_ARRAY_LENGTH",
            "JSONB_ARRAY_LENGTH", "JSON_ARRAY_ELEMENTS", "JSONB_ARRAY_ELEMENTS", "JSON_ARRAY_ELEMENTS_TEXT",
            "JSONB_ARRAY_ELEMENTS_TEXT", "JSON_EACH", "JSONB_EACH", "JSON_EACH_TEXT", "JSONB_EACH_TEXT",
            "JSON_OBJECT_KEYS", "JSONB_OBJECT_KEYS", "JSON_TYPEOF", "JSONB_TYPEOF", "JSONB_SET", "JSONB_INSERT",
            "JSONB_STRIP_NULLS", "JSON_STRIP_NULLS", "JSONB_PRETTY", "JSONB_PATH_EXISTS", "JSONB_PATH_QUERY",
            "JSONB_PATH_QUERY_ARRAY", "JSONB_PATH_QUERY_FIRST", "JSONB_PATH_MATCH", "JSON_POPULATE_RECORD",
            "JSONB_POPULATE_RECORD", "JSON_TO_RECORD", "JSONB_TO_RECORD", "JSON_TO_RECORDSET", "JSONB_TO_RECORDSET",
            "CURRENT_SETTING", "CURRENT_SCHEMA", "CURRENT_SCHEMAS", "CURRENT_DATABASE", "CURRENT_CATALOG",
            "PG_BACKEND_PID", "PG_POSTMASTER_START_TIME", "INET_CLIENT_ADDR", "INET_SERVER_ADDR", "FORMAT_TYPE",
            "PG_GET_EXPR", "PG_GET_INDEXDEF", "PG_GET_CONSTRAINTDEF", "PG_GET_VIEWDEF", "PG_GET_USERBYID",
            "PG_GET_SERIAL_SEQUENCE", "PG_GET_FUNCTIONDEF", "PG_GET_TRIGGERDEF", "PG_TABLE_IS_VISIBLE",
            "PG_TYPE_IS_VISIBLE", "PG_FUNCTION_IS_VISIBLE", "PG_ENCODING_TO_CHAR", "PG_TYPEOF", "PG_COLUMN_SIZE",
            "PG_TABLE_SIZE", "PG_TOTAL_RELATION_SIZE", "PG_RELATION_SIZE", "PG_INDEXES_SIZE", "PG_DATABASE_SIZE",
            "PG_SIZE_PRETTY", "PG_IS_IN_RECOVERY", "OBJ_DESCRIPTION", "COL_DESCRIPTION",
            "SHOBJ_DESCRIPTION", "HAS_TABLE_PRIVILEGE", "HAS_SCHEMA_PRIVILEGE", "HAS_DATABASE_PRIVILEGE",
            "HAS_COLUMN_PRIVILEGE", "HAS_FUNCTION_PRIVILEGE", "PG_HAS_ROLE", "ROW_SECURITY_ACTIVE", "INT4", "INT8",
            "TEXT", "NUMERIC", "BOOL", "LENGTH", "GEN_RANDOM_UUID", "NUM_NONNULLS", "NUM_NULLS", "WIDTH_BUCKET",
            "DIV", "GCD", "LCM", "SCALE", "TRIM_SCALE", "CBRT", "FACTORIAL", "UCASE", "LCASE", "IFNULL", "CURDATE",
            "CURTIME", "DAYNAME", "DAYOFWEEK", "DAYOFMONTH", "DAYOFYEAR", "MONTHNAME", "QUARTER", "WEEK",
            "TIMESTAMPADD", "TIMESTAMPDIFF", "SPACE", "INSERT", "SOUNDEX", "DIFFERENCE");
    /** Pure built-ins only MySQL/MariaDB have. */
    private static final Set<String> MYSQL = Set.of("GROUP_CONCAT", "IFNULL", "IF", "ISNULL", "NVL", "DATE_FORMAT",
            "DATE_ADD", "DATE_SUB", "ADDDATE", "SUBDATE", "ADDTIME", "SUBTIME", "DATEDIFF", "TIMEDIFF",
            "TIMESTAMPDIFF", "TIMESTAMPADD", "STR_TO_DATE", "FROM_UNIXTIME", "UNIX_TIMESTAMP", "CURDATE", "CURTIME",
            "SYSDATE", "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP", "DAYOFWEEK", "DAYOFMONTH", "DAYOFYEAR", "DAYNAME",
            "MONTHNAME", "WEEK", "WEEKDAY", "WEEKOFYEAR", "YEARWEEK", "QUARTER", "TO_DAYS", "FROM_DAYS",
            "TIME_FORMAT", "TIME_TO_SEC", "SEC_TO_TIME", "MAKEDATE", "MAKETIME", "PERIOD_ADD", "PERIOD_DIFF",
            "CONVERT_TZ", "GET_FORMAT", "MICROSECOND", "FIELD", "FIND_IN_SET", "ELT", "MAKE_SET", "EXPORT_SET",
            "INSERT", "LCASE", "UCASE", "MID", "SPACE", "STRCMP", "SOUNDEX", "SUBSTRING_INDEX", "UNHEX", "BIN", "OCT",
            "CONV", "FROM_BASE64", "ORD", "CHARSET", "COLLATION", "COERCIBILITY", "WEIGHT_STRING", "TRUNCATE",
            "JSON_EXTRACT", "JSON_UNQUOTE", "JSON_CONTAINS", "JSON_CONTAINS_PATH", "JSON_KEYS", "JSON_LENGTH",
            "JSON_TYPE", "JSON_VALID", "JSON_DEPTH", "JSON_SEARCH", "JSON_VALUE", "JSON_QUOTE", "JSON_SET",
            "JSON_INSERT", "JSON_REPLACE", "JSON_REMOVE", "JSON_MERGE", "JSON_MERGE_PATCH", "JSON_MERGE_PRESERVE",
            "JSON_ARRAY_APPEND", "JSON_ARRAY_INSERT", "JSON_PRETTY", "JSON_OVERLAPS", "JSON_TABLE", "JSON_COMPACT",
            "JSON_DETAILED", "JSON_EXISTS", "JSON_QUERY", "MEMBER", "MATCH", "AGAINST", "CONNECTION_ID",
            "FOUND_ROWS", "ROW_COUNT", "SYSTEM_USER", "UUID_SHORT", "INET_ATON", "INET_NTOA",
            "INET6_ATON", "INET6_NTOA", "IS_IPV4", "IS_IPV6", "BIN_TO_UUID", "UUID_TO_BIN", "COMPRESS",
            "UNCOMPRESS", "UNCOMPRESSED_LENGTH", "STD", "VALUES", "VALUE", "DEFAULT", "NAME_CONST", "INTERVAL",
            "NOW", "DECODE_HISTOGRAM", "SFORMAT", "NATURAL_SORT_KEY", "CHAR_LENGTH");
    /** Key words and type names that a parenthesis follows without a call: {@code IN (}, {@code varchar(10)}. */
    private static final Set<String> SYNTAX = Set.of("IN", "EXISTS", "VALUES", "AS", "OVER", "FILTER", "USING",
            "ON", "AND", "OR", "NOT", "FROM", "JOIN", "WHERE", "SELECT", "WITHIN", "GROUP", "BY", "HAVING",
            "LATERAL", "WITH", "RECURSIVE", "UNION", "INTERSECT", "EXCEPT", "CASE", "WHEN", "THEN", "ELSE",
            "DISTINCT", "TABLE", "INDEX", "KEY", "PARTITION", "COLUMNS", "LIMIT", "OFFSET", "FETCH", "ORDER",
            "WINDOW", "RANGE", "ROWS", "SET", "IS", "LIKE", "ILIKE", "BETWEEN", "ESCAPE", "RETURNING", "INTO",
            "MATERIALIZED", "NESTED", "PATH", "FOR", "OF", "ONLY", "LOCK", "SHARE", "TABLESAMPLE", "REPEATABLE",
            "ORDINALITY", "EXPLAIN", "ANALYZE", "VERBOSE", "TYPE", "DESC", "ASC", "FIRST", "LAST", "NULLS", "END",
            "CUBE", "ROLLUP", "SETS", "UNIQUE", "VARYING", "VARCHAR", "NCHAR", "NVARCHAR", "NUMERIC", "DECIMAL",
            "DEC", "FLOAT", "DOUBLE", "REAL", "BIT", "VARBIT", "BINARY", "VARBINARY", "DATETIME", "INT", "INTEGER",
            "BIGINT", "SMALLINT", "TINYINT", "MEDIUMINT", "SIGNED", "UNSIGNED");

    private PureFunctions() {
    }

    /**
     * @param dialect the statement's dialect
     * @param tokens one statement's tokens
     * @return true when the statement calls a function that is not on the dialect's list of pure built-ins
     */
    public static boolean callsOther(Dialect dialect, List<Token> tokens) {
        Set<String> own = dialect == Dialect.POSTGRESQL ? POSTGRESQL : MYSQL;
        int[] closing = null;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (!tokens.get(i + 1).isSymbol('(') || !isName(token) || isSyntax(tokens, i)
                    || isDeclaredName(tokens, i)) {
                continue;
            }
            closing = closing != null ? closing : closingParentheses(tokens);
            if (isColumnList(tokens, i + 1, closing[i + 1])) {
                continue;
            }
            String name = token.value().toUpperCase(Locale.ROOT);
            boolean exact = token.kind() == Token.Kind.QUOTED_IDENTIFIER && dialect == Dialect.POSTGRESQL
                    && !token.value().equals(token.value().toLowerCase(Locale.ROOT));
            boolean qualified = i > 1 && tokens.get(i - 1).isSymbol('.');
            boolean catalog = qualified && dialect == Dialect.POSTGRESQL && tokens.get(i - 2).isWord("PG_CATALOG")
                    && !(i > 2 && tokens.get(i - 3).isSymbol('.'));
            if (qualified && !catalog || exact || !COMMON.contains(name) && !own.contains(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isName(Token token) {
        return token.kind() == Token.Kind.WORD || token.kind() == Token.Kind.QUOTED_IDENTIFIER;
    }

    /** A key word or type before the parenthesis, or a name after {@code AS}, {@code )} or {@code ::}. */
    private static boolean isSyntax(List<Token> tokens, int at) {
        Token token = tokens.get(at);
        Token previous = at > 0 ? tokens.get(at - 1) : null;
        return token.kind() == Token.Kind.WORD && SYNTAX.contains(token.value())
                || previous != null && (previous.isWord("AS") || previous.isSymbol(')') || previous.isSymbol(':'));
    }

    /**
     * Whether the parenthesis opening at {@code open} and closing at {@code close} holds a common table expression's
     * column list: one or more names, then {@code AS [NOT] [MATERIALIZED] (} (<a
     * href="https://www.postgresql.org/docs/15/sql-select.html#SQL-WITH">WITH Clause</a>). A call's result named
     * {@code materialized} ({@code SELECT f() AS materialized}) is no such list.
     */
    private static boolean isColumnList(List<Token> tokens, int open, int close) {
        if (close == open + 1) {
            return false;
        }
        for (int i = open + 1; i < close; i++) {
            boolean comma = (i - open) % 2 == 0;
            if (comma ? !tokens.get(i).isSymbol(',') : !isName(tokens.get(i))) {
                return false;
            }
        }
        int at = close + 1;
        if (at >= tokens.size() || !tokens.get(at).isWord("AS")) {
            return false;
        }
        at++;
        at += at < tokens.size() && tokens.get(at).isWord("NOT") ? 1 : 0;
        at += at < tokens.size() && tokens.get(at).isWord("MATERIALIZED") ? 1 : 0;
        return at < tokens.size() && tokens.get(at).isSymbol('(');
    }

    /**
     * Whether the name at {@code at} is one a statement declares or targets, followed by its column list rather than
     * arguments: {@code TABLE [IF NOT EXISTS] [schema.]t (}, {@code INTO [schema.]t (}, {@code VIEW v (}.
     */
    private static boolean isDeclaredName(List<Token> tokens, int at) {
        int i = at;
        while (i > 1 && tokens.get(i - 1).isSymbol('.') && isName(tokens.get(i - 2))) {
            i -= 2;
        }
        Token before = i > 0 ? tokens.get(i - 1) : null;
        return before != null && (before.isWord("TABLE") || before.isWord("INTO") || before.isWord("VIEW")
                || before.isWord("EXISTS") && i > 2 && tokens.get(i - 2).isWord("NOT"));
    }

    /** For each opening parenthesis, the index of its closing one (the last index when it is not closed). */
    private static int[] closingParentheses(List<Token> tokens) {
        int[] closing = new int[tokens.size()];
        int[] open = new int[tokens.size()];
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).isSymbol('(')) {
                open[depth++] = i;
                closing[i] = tokens.size() - 1;
            } else if (tokens.get(i).isSymbol(')') && depth > 0) {
                closing[open[--depth]] = i;
            }
        }
        return closing;
    }
}
