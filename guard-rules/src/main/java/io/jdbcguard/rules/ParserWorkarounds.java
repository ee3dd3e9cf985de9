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
 * {@code ALTER TABLE ... DROP FOREIGN KEY fk} becomes the equivalent {@code DROP CONSTRAINT fk}.
 */
final class ParserWorkarounds {
    private ParserWorkarounds() {
    }

    /**
     * @param tokens the tokens of one statement
     * @return the tokens without the clauses named above
     */
    static List<Token> apply(List<Token> tokens) {
        boolean truncate = !tokens.isEmpty() && tokens.get(0).isWord("TRUNCATE");
        List<Token> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            boolean only = token.isWord("ONLY") && i > 0 && (tokens.get(i - 1).isWord("UPDATE")
                    || (tokens.get(i - 1).isWord("FROM") && i > 1 && tokens.get(i - 2).isWord("DELETE")));
            boolean identity = truncate && (token.isWord("RESTART") || token.isWord("CONTINUE"))
                    && i + 1 < tokens.size() && tokens.get(i + 1).isWord("IDENTITY");
            if (identity) {
                i++;
            } else if (token.isWord("FOREIGN") && i > 0 && tokens.get(i - 1).isWord("DROP")
                    && i + 1 < tokens.size() && tokens.get(i + 1).isWord("KEY")) {
                out.add(token.withText("CONSTRAINT"));
                i++;
            } else if (!only) {
                out.add(token);
            }
        }
        return out;
    }
}
