package io.jdbcguard.rules.semantics;

import io.jdbcguard.rules.Modification;
import io.jdbcguard.rules.lexing.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The values of the row that sets off a row-level body ({@link StoredCode#perRow()}): {@code NEW.column} and
 * {@code OLD.column} in a MySQL/MariaDB trigger (<a href="https://mariadb.com/kb/en/trigger-overview/">Trigger
 * Overview</a>) and a PostgreSQL rule (<a href="https://www.postgresql.org/docs/15/rules-update.html">Rules on INSERT,
 * UPDATE, and DELETE</a>). To the body's statements they are values, like a prepared statement's parameters, so the
 * body is judged with them as parameters, and a change in it is pinned to the triggering row only when its WHERE
 * compares a column with {@code =} to such a value (or a constant): {@code DELETE FROM users WHERE id = OLD.user_id}
 * is, {@code DELETE FROM users WHERE id <> NEW.user_id} is not.
 */
public final class RowValues {
    private RowValues() {
    }

    /**
     * @param statement the tokens of one statement of a row-level body
     * @return the same tokens with each {@code NEW.column} and {@code OLD.column} as one parameter {@code ?}; a
     *     {@code SET} statement (MySQL {@code SET NEW.total = ...}, which assigns to the row) unchanged
     */
    public static List<Token> asParameters(List<Token> statement) {
        return asParameters(statement, Set.of());
    }

    /**
     * As {@link #asParameters(List)}, with the body's own variables as values too (a PL/pgSQL function's declared
     * variables and loop records, {@link io.jdbcguard.rules.lexing.PlpgsqlBody.Reading#variables()}): {@code v} and
     * {@code r.column}.
     *
     * @param statement the tokens of one statement of a row-level body
     * @param variables the body's variables, as {@link Token#value()} gives words (upper case)
     * @return the tokens with each value as one parameter {@code ?}
     */
    public static List<Token> asParameters(List<Token> statement, Set<String> variables) {
        if (statement.isEmpty() || statement.get(0).isWord("SET")) {
            return statement;
        }
        List<Token> tokens = new ArrayList<>(statement.size());
        for (int i = 0; i < statement.size(); i++) {
            Token token = statement.get(i);
            boolean qualifier = i > 0 && statement.get(i - 1).isSymbol('.');
            boolean value = !qualifier && token.kind() == Token.Kind.WORD && (token.isWord("NEW")
                    || token.isWord("OLD") || variables.contains(token.value()));
            boolean field = i + 2 < statement.size() && statement.get(i + 1).isSymbol('.')
                    && isName(statement.get(i + 2));
            if (value && field) {
                tokens.add(new Token(Token.Kind.SYMBOL, "?", "?", token.depth(), token.spaceBefore()));
                i += 2;
            } else if (value && variables.contains(token.value()) && !(i + 1 < statement.size()
                    && (statement.get(i + 1).isSymbol('.') || statement.get(i + 1).isSymbol('(')))) {
                tokens.add(new Token(Token.Kind.SYMBOL, "?", "?", token.depth(), token.spaceBefore()));
            } else {
                tokens.add(token);
            }
        }
        return tokens;
    }

    private static boolean isName(Token token) {
        return token.kind() == Token.Kind.WORD || token.kind() == Token.Kind.QUOTED_IDENTIFIER;
    }

    /**
     * @param change a change a row-level body makes
     * @return whether it is an UPDATE, DELETE or MERGE whose WHERE compares no column of its table with {@code =} to
     *     a value ({@link Modification#keyColumns()} empty), so one firing may change many rows
     */
    public static boolean unpinned(Modification change) {
        return (change.kind().equals("UPDATE") || change.kind().equals("DELETE") || change.kind().equals("MERGE"))
                && change.keyColumns().isEmpty();
    }
}
