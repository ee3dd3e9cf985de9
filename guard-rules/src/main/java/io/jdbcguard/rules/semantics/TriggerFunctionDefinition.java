package io.jdbcguard.rules.semantics;

import io.jdbcguard.rules.lexing.Token;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A PostgreSQL {@code CREATE OR REPLACE FUNCTION name (args) RETURNS trigger ... LANGUAGE lang AS 'body'} (<a
 * href="https://www.postgresql.org/docs/15/sql-createfunction.html">CREATE FUNCTION</a>, {@code CreateFunctionStmt}
 * in {@code src/backend/parser/gram.y}): the body a trigger that executes {@code name} runs for every row from the
 * moment the statement commits.
 *
 * @param name the function's name as written
 * @param language its language in lower case ({@code sql} when the text names none)
 * @param body its body, the string after {@code AS}
 */
public record TriggerFunctionDefinition(String name, String language, String body) {
    /**
     * @param tokens one PostgreSQL statement's tokens, not empty
     * @return the definition when the statement replaces a function that returns {@code trigger} with a body given
     *     as a string (a plain {@code CREATE FUNCTION} makes a function no trigger can execute yet); empty otherwise
     */
    public static Optional<TriggerFunctionDefinition> of(List<Token> tokens) {
        int at = 3;
        if (at >= tokens.size() || !tokens.get(0).isWord("CREATE") || !tokens.get(1).isWord("OR")
                || !tokens.get(2).isWord("REPLACE") || !tokens.get(at).isWord("FUNCTION")) {
            return Optional.empty();
        }
        StringBuilder name = new StringBuilder();
        int i = at + 1;
        while (i < tokens.size() && !tokens.get(i).isSymbol('(')) {
            name.append(tokens.get(i).text());
            i++;
        }
        while (i < tokens.size() && !(tokens.get(i).isSymbol(')') && tokens.get(i).depth() == 0)) {
            i++;
        }
        boolean trigger = false;
        String language = "sql";
        String body = null;
        for (i++; i + 1 < tokens.size(); i++) {
            Token token = tokens.get(i);
            Token next = tokens.get(i + 1);
            if (token.depth() != 0) {
                continue;
            }
            if (token.isWord("RETURNS")) {
                trigger = next.isWord("TRIGGER");
            } else if (token.isWord("LANGUAGE")) {
                language = next.value().toLowerCase(Locale.ROOT);
            } else if (token.isWord("AS") && next.kind() == Token.Kind.STRING && body == null) {
                body = next.value();
            }
        }
        return trigger && body != null && name.length() > 0
                ? Optional.of(new TriggerFunctionDefinition(name.toString(), language, body)) : Optional.empty();
    }
}
