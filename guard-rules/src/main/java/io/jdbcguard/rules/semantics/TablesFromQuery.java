package io.jdbcguard.rules.semantics;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.lexing.Token;
import java.util.List;

/**
 * Statements that create a table from a query, which evaluates the query and so every function it calls, read from
 * the tokens:
 * <ul>
 *   <li>{@code CREATE [TEMPORARY] TABLE t [(columns)] AS query} (<a
 *       href="https://www.postgresql.org/docs/15/sql-createtableas.html">PostgreSQL CREATE TABLE AS</a>, also
 *       {@code AS TABLE t}, {@code AS VALUES ...} and {@code AS EXECUTE name}) and MySQL's {@code CREATE TABLE t
 *       [(columns)] [options] [IGNORE | REPLACE] [AS] SELECT ...} (<a
 *       href="https://mariadb.com/kb/en/create-table/#create-select">CREATE ... SELECT</a>), unless
 *       {@code WITH NO DATA};
 *   <li>PostgreSQL {@code CREATE MATERIALIZED VIEW v AS query}, unless {@code WITH NO DATA} (<a
 *       href="https://www.postgresql.org/docs/15/sql-creatematerializedview.html">CREATE MATERIALIZED VIEW</a>);
 *   <li>PostgreSQL {@code SELECT ... INTO [TEMPORARY | TEMP | UNLOGGED] [TABLE] t} (<a
 *       href="https://www.postgresql.org/docs/15/sql-selectinto.html">SELECT INTO</a>); MySQL's {@code INTO} writes
 *       variables or files, not tables.
 * </ul>
 */
final class TablesFromQuery {
    private static final List<String> QUERY_STARTS = List.of("SELECT", "WITH", "VALUES", "TABLE", "EXECUTE");

    private TablesFromQuery() {
    }

    /**
     * @param tokens one statement's tokens, not empty
     * @param dialect its dialect
     * @return whether it creates a table from a query, and of what kind
     */
    static Analysis.FromQuery kind(List<Token> tokens, Dialect dialect) {
        if (dialect == Dialect.POSTGRESQL && selectInto(tokens) >= 0) {
            boolean temporary = tokens.get(selectInto(tokens) + 1).isWord("TEMPORARY")
                    || tokens.get(selectInto(tokens) + 1).isWord("TEMP");
            return temporary ? Analysis.FromQuery.TEMPORARY : Analysis.FromQuery.PERMANENT;
        }
        if (!tokens.get(0).isWord("CREATE") || !hasQuery(tokens) || withNoData(tokens)) {
            return Analysis.FromQuery.NONE;
        }
        boolean temporary = false;
        for (int i = 1; i < tokens.size() && tokens.get(i).kind() == Token.Kind.WORD; i++) {
            Token token = tokens.get(i);
            if (token.isWord("TABLE") || token.isWord("VIEW")) {
                return !token.isWord("VIEW") || tokens.get(i - 1).isWord("MATERIALIZED")
                        ? temporary ? Analysis.FromQuery.TEMPORARY : Analysis.FromQuery.PERMANENT
                        : Analysis.FromQuery.NONE;
            }
            temporary |= token.isWord("TEMPORARY") || token.isWord("TEMP");
        }
        return Analysis.FromQuery.NONE;
    }

    /**
     * @param tokens one statement's tokens, not empty
     * @return for a PostgreSQL {@code SELECT} or {@code WITH ... SELECT} with an {@code INTO} of its own (not in a
     *     subquery), the index of the {@code INTO}, which a name follows; else -1
     */
    static int selectInto(List<Token> tokens) {
        if (!tokens.get(0).isWord("SELECT") && !tokens.get(0).isWord("WITH")) {
            return -1;
        }
        for (int i = 1; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).depth() == 0 && tokens.get(i).isWord("INTO")) {
                return i;
            }
        }
        return -1;
    }

    /** A query at depth 0 after {@code AS}, or MySQL's {@code SELECT} right after the name or column list. */
    private static boolean hasQuery(List<Token> tokens) {
        for (int i = 2; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            boolean top = token.depth() == 0 || token.depth() == 1 && tokens.get(i - 1).isSymbol('(')
                    && tokens.get(i - 1).depth() == 0;
            if (top && token.isWord("SELECT")
                    || token.depth() == 0 && tokens.get(i - 1).isWord("AS") && tokens.get(i - 1).depth() == 0
                            && QUERY_STARTS.stream().anyMatch(token::isWord)) {
                return true;
            }
        }
        return false;
    }

    private static boolean withNoData(List<Token> tokens) {
        int n = tokens.size();
        return n > 3 && tokens.get(n - 1).isWord("DATA") && tokens.get(n - 2).isWord("NO")
                && tokens.get(n - 3).isWord("WITH");
    }
}
