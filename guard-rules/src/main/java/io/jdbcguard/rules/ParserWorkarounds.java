package io.jdbcguard.rules;

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
 * {@code DROP CONSTRAINT}. MySQL's {@code ||} and {@code &&} become {@code OR} and {@code AND}, which is what they
 * mean unless {@code sql_mode} has {@code PIPES_AS_CONCAT}
 * (<a href="https://dev.mysql.com/doc/refman/8.4/en/logical-operators.html">Logical Operators</a>); JSQLParser would
 * read {@code ||} as concatenation and so miss {@code WHERE id = 1 || 1}.
 */
final class ParserWorkarounds {
    private ParserWorkarounds() {
    }

    /**
     * @param tokens the tokens of one statement
     * @param dialect its dialect
     * @return the tokens without the clauses named above
     */
    static List<Token> apply(List<Token> tokens, Dialect dialect) {
        boolean truncate = !tokens.isEmpty() && tokens.get(0).isWord("TRUNCATE");
        List<Token> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            boolean only = token.isWord("ONLY") && i > 0 && (tokens.get(i - 1).isWord("UPDATE")
                    || (tokens.get(i - 1).isWord("FROM") && i > 1 && tokens.get(i - 2).isWord("DELETE")));
            boolean identity = truncate && (token.isWord("RESTART") || token.isWord("CONTINUE"))
                    && i + 1 < tokens.size() && tokens.get(i + 1).isWord("IDENTITY");
            String mysqlOperator = dialect == Dialect.MYSQL ? logicalOperator(tokens, i) : null;
            if (mysqlOperator != null) {
                out.add(Token.word(mysqlOperator, token.depth(), true));
                i++;
            } else if (identity) {
                i++;
            } else if (isDropForeignKey(tokens, i)) {
                out.add(token.withText("CONSTRAINT"));
                i++;
            } else if (token.isWord("CHECK") && i > 0 && tokens.get(i - 1).isWord("DROP")) {
                out.add(token.withText("CONSTRAINT"));
            } else if (!only) {
                out.add(token);
            }
        }
        return out;
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
