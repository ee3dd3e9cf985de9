package io.jdbcguard.rules.semantics;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.lexing.CompoundStatements;
import io.jdbcguard.rules.lexing.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A statement that stores code to run later, or runs a block of code as it is sent, with the statements of that code.
 *
 * <ul>
 *   <li>MySQL/MariaDB ({@link CompoundStatements}): {@code CREATE PROCEDURE}, {@code CREATE FUNCTION} (the body runs
 *       only when called), {@code CREATE TRIGGER} and {@code CREATE EVENT} / {@code ALTER EVENT ... DO} (the body
 *       runs without anyone calling it: <em>armed</em>), and anonymous compound statements ({@code BEGIN NOT ATOMIC},
 *       {@code IF}, ...).
 *   <li>PostgreSQL {@code CREATE [OR REPLACE] RULE name AS ON event TO table [WHERE condition] DO [ALSO | INSTEAD]
 *       {NOTHING | command | (command; command ...)}} (<a
 *       href="https://www.postgresql.org/docs/current/sql-createrule.html">CREATE RULE</a>, {@code RuleActionList} in
 *       {@code src/backend/parser/gram.y}): armed, its actions run with every matching statement on the table.
 *   <li>PostgreSQL {@code CREATE [OR REPLACE] [CONSTRAINT] TRIGGER ... EXECUTE {FUNCTION | PROCEDURE} f(args)} (<a
 *       href="https://www.postgresql.org/docs/15/sql-createtrigger.html">CREATE TRIGGER</a>): armed, with no body of
 *       its own; it names the function that runs, whose body only the server holds ({@link #functions()}).
 *       Functions are created by {@code CREATE FUNCTION}, whose body runs when called: not stored code here.
 * </ul>
 *
 * @param statementKind what the statement is, in SQL words, e.g. {@code CREATE TRIGGER}
 * @param armed whether the body runs without being called (trigger, event, rule)
 * @param anonymous whether the statement runs its block now, as sent
 * @param body the body's statements, each a token list with depths counted from the statement's own start
 * @param problem why the server would reject the statement's structure; null when it would not
 * @param functions the functions the armed code runs whose bodies are elsewhere, as written (a PostgreSQL trigger's)
 */
public record StoredCode(String statementKind, boolean armed, boolean anonymous, List<List<Token>> body, String problem,
        List<String> functions) {
    /** Copies the lists. */
    public StoredCode {
        body = List.copyOf(body);
        functions = List.copyOf(functions);
    }

    /**
     * @return whether the body runs for each row a statement on a table touches, with that row's values as
     *     {@code NEW} and {@code OLD} ({@link RowValues}): armed code other than an event (a MySQL/MariaDB trigger, a
     *     PostgreSQL rule, a PostgreSQL trigger's function)
     */
    public boolean perRow() {
        return armed && !statementKind.endsWith("EVENT");
    }

    /**
     * Recognises stored code from a statement's tokens.
     *
     * @param tokens the tokens of one statement, not empty
     * @param dialect its dialect
     * @return the stored code; empty when the statement is not one of the forms above
     */
    public static Optional<StoredCode> of(List<Token> tokens, Dialect dialect) {
        if (dialect == Dialect.POSTGRESQL) {
            return rule(tokens).or(() -> trigger(tokens));
        }
        CompoundStatements.Reading reading = CompoundStatements.read(tokens);
        String kind;
        switch (reading.kind()) {
            case ANONYMOUS_BLOCK:
                kind = tokens.get(0).value() + " compound statement";
                break;
            case PROCEDURE:
            case FUNCTION:
            case TRIGGER:
                kind = "CREATE " + reading.kind();
                break;
            case EVENT:
                kind = tokens.get(0).value() + " EVENT";
                break;
            default:
                return Optional.empty();
        }
        boolean armed = reading.kind() == CompoundStatements.Kind.TRIGGER
                || reading.kind() == CompoundStatements.Kind.EVENT;
        return Optional.of(new StoredCode(kind, armed, reading.kind() == CompoundStatements.Kind.ANONYMOUS_BLOCK,
                reading.body(), reading.problem(), List.of()));
    }

    /** PostgreSQL {@code CREATE [OR REPLACE] RULE ... DO [ALSO|INSTEAD] actions}. */
    private static Optional<StoredCode> rule(List<Token> tokens) {
        int at = 1;
        if (at + 1 < tokens.size() && tokens.get(at).isWord("OR") && tokens.get(at + 1).isWord("REPLACE")) {
            at += 2;
        }
        if (!tokens.get(0).isWord("CREATE") || at >= tokens.size() || !tokens.get(at).isWord("RULE")) {
            return Optional.empty();
        }
        while (at < tokens.size() && !(tokens.get(at).isWord("DO") && tokens.get(at).depth() == 0)) {
            at++;
        }
        at++;
        if (at < tokens.size() && (tokens.get(at).isWord("ALSO") || tokens.get(at).isWord("INSTEAD"))) {
            at++;
        }
        List<List<Token>> actions = new ArrayList<>();
        if (at < tokens.size() && tokens.get(at).isSymbol('(')) {
            List<Token> action = new ArrayList<>();
            for (Token token : tokens.subList(at + 1, tokens.size())) {
                if (token.depth() == 0 || token.isSymbol(';') && token.depth() == 1) {
                    addAction(actions, action);
                    action = new ArrayList<>();
                } else {
                    action.add(new Token(token.kind(), token.text(), token.value(), token.depth() - 1,
                            token.spaceBefore()));
                }
            }
            addAction(actions, action);
        } else if (at < tokens.size() && !tokens.get(at).isWord("NOTHING")) {
            actions.add(tokens.subList(at, tokens.size()));
        }
        return Optional.of(new StoredCode("CREATE RULE", true, false, actions,
                at > tokens.size() ? "CREATE RULE without DO" : null, List.of()));
    }

    /**
     * PostgreSQL {@code CREATE [OR REPLACE] [CONSTRAINT] TRIGGER ... EXECUTE {FUNCTION | PROCEDURE} name (args)}
     * ({@code CreateTrigStmt} in {@code src/backend/parser/gram.y}); the function's name as written, up to its
     * argument list.
     */
    private static Optional<StoredCode> trigger(List<Token> tokens) {
        int at = 1;
        if (at + 1 < tokens.size() && tokens.get(at).isWord("OR") && tokens.get(at + 1).isWord("REPLACE")) {
            at += 2;
        }
        if (at < tokens.size() && tokens.get(at).isWord("CONSTRAINT")) {
            at++;
        }
        if (!tokens.get(0).isWord("CREATE") || at >= tokens.size() || !tokens.get(at).isWord("TRIGGER")) {
            return Optional.empty();
        }
        for (int i = at; i + 2 < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.depth() == 0 && token.isWord("EXECUTE")
                    && (tokens.get(i + 1).isWord("FUNCTION") || tokens.get(i + 1).isWord("PROCEDURE"))) {
                StringBuilder name = new StringBuilder();
                int j = i + 2;
                while (j < tokens.size() && !tokens.get(j).isSymbol('(')) {
                    name.append(tokens.get(j).text());
                    j++;
                }
                return Optional.of(new StoredCode("CREATE TRIGGER", true, false, List.of(),
                        name.isEmpty() || j == tokens.size() ? "CREATE TRIGGER without a function to execute" : null,
                        List.of(name.toString())));
            }
        }
        return Optional.of(new StoredCode("CREATE TRIGGER", true, false, List.of(),
                "CREATE TRIGGER without EXECUTE FUNCTION", List.of()));
    }

    private static void addAction(List<List<Token>> actions, List<Token> action) {
        if (!action.isEmpty()) {
            actions.add(action);
        }
    }
}
