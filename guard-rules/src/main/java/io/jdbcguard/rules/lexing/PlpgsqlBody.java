package io.jdbcguard.rules.lexing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The SQL statements of a PL/pgSQL function body, for judging a trigger function as the code that runs for every row
 * (<a href="https://www.postgresql.org/docs/15/plpgsql-structure.html">Structure of PL/pgSQL</a>, <a
 * href="https://www.postgresql.org/docs/15/plpgsql-statements.html">Basic Statements</a>, <a
 * href="https://www.postgresql.org/docs/15/plpgsql-control-structures.html">Control Structures</a>; the grammar is
 * {@code src/pl/plpgsql/src/pl_gram.y}). The body, lexed as PostgreSQL SQL, comes in pieces ending at each top-level
 * {@code ;}; from each piece the block and control words are taken off ({@code <<label>>}, {@code DECLARE} sections,
 * {@code BEGIN}, {@code END [IF | LOOP | CASE]}, {@code EXCEPTION WHEN ... THEN}, {@code IF|ELSIF ... THEN},
 * {@code ELSE}, {@code CASE ... WHEN ... THEN}, {@code LOOP}, {@code WHILE ... LOOP}, {@code FOR ... IN ... LOOP},
 * {@code FOREACH ... LOOP}), and what is left is:
 * <ul>
 *   <li>an SQL statement (judged; {@code PERFORM e} is {@code SELECT e}, and the query of {@code FOR r IN query LOOP}
 *       is one too);
 *   <li>a statement of the language that touches no table ({@code RETURN}, {@code RAISE}, {@code NULL},
 *       {@code EXIT}, {@code CONTINUE}, {@code ASSERT}, {@code GET DIAGNOSTICS}, cursor {@code OPEN}, {@code FETCH},
 *       {@code MOVE}, {@code CLOSE}, an assignment {@code target := expression}; skipped);
 *   <li>anything else, dynamic SQL ({@code EXECUTE}) first: the body is not understood, and the guard does not allow
 *       what it does not understand.
 * </ul>
 * Expressions in conditions, assignments and declarations are not judged as statements (they can only read, unless
 * they call a function, which the guard does not follow here).
 */
public final class PlpgsqlBody {
    /** First words of the SQL statements a body may run. */
    private static final Set<String> SQL = Set.of("SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE",
            "DROP", "ALTER", "CREATE", "GRANT", "REVOKE", "COPY", "LOCK", "REFRESH", "COMMENT", "CALL", "VALUES",
            "TABLE", "NOTIFY", "LISTEN", "UNLISTEN", "SET", "RESET", "ANALYZE", "VACUUM", "CLUSTER", "REINDEX");
    /** First words of the language's statements that touch no table. */
    private static final Set<String> QUIET = Set.of("RETURN", "RAISE", "NULL", "EXIT", "CONTINUE", "ASSERT", "GET",
            "OPEN", "FETCH", "MOVE", "CLOSE", "COMMIT", "ROLLBACK");

    private PlpgsqlBody() {
    }

    /**
     * The statements of a body, or why it cannot be read.
     *
     * @param statements the SQL statements a body would run, each a token list
     * @param variables the body's variables (declared, and the records and counters of its {@code FOR} loops), as
     *     {@link Token#value()} gives words: to its statements they are values
     * @param problem why the body is not understood; null when it is
     */
    public record Reading(List<List<Token>> statements, Set<String> variables, String problem) {
    }

    /**
     * @param pieces the body lexed as PostgreSQL SQL: the token lists between its top-level {@code ;}
     * @return its SQL statements, or the first thing not understood
     */
    public static Reading read(List<List<Token>> pieces) {
        List<List<Token>> statements = new ArrayList<>();
        Set<String> variables = new HashSet<>();
        boolean declaring = false;
        for (List<Token> piece : pieces) {
            List<Token> rest = withoutLabels(piece);
            if (!rest.isEmpty() && rest.get(0).isWord("DECLARE")) {
                declaring = true;
                rest = rest.subList(1, rest.size());
            }
            if (declaring) {
                if (!rest.isEmpty() && rest.get(0).kind() == Token.Kind.WORD && !rest.get(0).isWord("BEGIN")) {
                    variables.add(rest.get(0).value());
                }
                int begin = indexOfWord(rest, "BEGIN", 0);
                if (begin < 0) {
                    continue;
                }
                declaring = false;
                rest = rest.subList(begin, rest.size());
            }
            String problem = statement(rest, statements, variables);
            if (problem != null) {
                return new Reading(List.of(), Set.of(), problem);
            }
        }
        return new Reading(statements, variables, null);
    }

    /** Takes the block and control words off one piece and adds what it runs; the problem, or null. */
    private static String statement(List<Token> piece, List<List<Token>> statements, Set<String> variables) {
        List<Token> rest = piece;
        while (!rest.isEmpty()) {
            rest = withoutLabels(rest);
            if (rest.isEmpty()) {
                return null;
            }
            Token first = rest.get(0);
            if (first.isWord("END")) {
                return null;
            }
            if (first.isWord("BEGIN") || first.isWord("ELSE") || first.isWord("LOOP")) {
                rest = rest.subList(1, rest.size());
            } else if (first.isWord("IF") || first.isWord("ELSIF") || first.isWord("ELSEIF")
                    || first.isWord("WHEN") || first.isWord("EXCEPTION")) {
                int then = indexOfWord(rest, "THEN", 1);
                if (then < 0) {
                    return "a " + first.value() + " without THEN";
                }
                rest = rest.subList(then + 1, rest.size());
            } else if (first.isWord("CASE")) {
                int when = indexOfWord(rest, "WHEN", 1);
                if (when < 0) {
                    return "a CASE without WHEN";
                }
                rest = rest.subList(when, rest.size());
            } else if (first.isWord("WHILE") || first.isWord("FOREACH")) {
                int loop = indexOfWord(rest, "LOOP", 1);
                if (loop < 0) {
                    return "a " + first.value() + " without LOOP";
                }
                rest = rest.subList(loop + 1, rest.size());
            } else if (first.isWord("FOR")) {
                int in = indexOfWord(rest, "IN", 1);
                int loop = in < 0 ? -1 : indexOfWord(rest, "LOOP", in + 1);
                if (loop < 0) {
                    return "a FOR without IN ... LOOP";
                }
                if (rest.get(1).kind() == Token.Kind.WORD) {
                    variables.add(rest.get(1).value());
                }
                List<Token> source = rest.subList(in + 1, loop);
                if (!source.isEmpty() && source.get(0).isWord("EXECUTE")) {
                    return "it runs dynamic SQL (FOR ... IN EXECUTE), which jdbc-guard cannot read";
                }
                if (!source.isEmpty() && SQL.contains(source.get(0).value())) {
                    statements.add(source);
                }
                rest = rest.subList(loop + 1, rest.size());
            } else {
                return simple(rest, statements);
            }
        }
        return null;
    }

    /** A statement without block or control words in front. */
    private static String simple(List<Token> rest, List<List<Token>> statements) {
        Token first = rest.get(0);
        if (first.isWord("EXECUTE")) {
            return "it runs dynamic SQL (EXECUTE), which jdbc-guard cannot read";
        }
        if (first.isWord("PERFORM")) {
            List<Token> select = new ArrayList<>(rest.size());
            select.add(new Token(Token.Kind.WORD, "SELECT", "SELECT", first.depth(), first.spaceBefore()));
            select.addAll(rest.subList(1, rest.size()));
            statements.add(select);
            return null;
        }
        if (first.kind() == Token.Kind.WORD && SQL.contains(first.value())) {
            statements.add(withoutIntoTargets(rest));
            return null;
        }
        if (first.kind() == Token.Kind.WORD && QUIET.contains(first.value()) || isAssignment(rest)) {
            return null;
        }
        return "a statement jdbc-guard does not know in PL/pgSQL: " + first.text();
    }

    /**
     * The statement without PL/pgSQL's {@code INTO [STRICT] target [, ...]} of a query's or a change's
     * {@code RETURNING} result (<a href="https://www.postgresql.org/docs/15/plpgsql-statements.html#PLPGSQL-STATEMENTS-SQL-ONEROW">
     * Executing a Command with a Single-Row Result</a>), which fills variables, not a table; {@code INSERT INTO}
     * and {@code MERGE INTO} keep theirs.
     */
    private static List<Token> withoutIntoTargets(List<Token> statement) {
        int depth = statement.get(0).depth();
        for (int i = 1; i < statement.size(); i++) {
            Token token = statement.get(i);
            Token previous = statement.get(i - 1);
            if (token.depth() != depth || !token.isWord("INTO") || previous.isWord("INSERT") || previous.isWord("MERGE")) {
                continue;
            }
            int end = i + 1;
            if (end < statement.size() && statement.get(end).isWord("STRICT")) {
                end++;
            }
            boolean name = true;
            while (end < statement.size() && (name ? isName(statement.get(end))
                    : statement.get(end).isSymbol('.') || statement.get(end).isSymbol(','))) {
                end++;
                name = !name;
            }
            List<Token> without = new ArrayList<>(statement.subList(0, i));
            without.addAll(statement.subList(end, statement.size()));
            return without;
        }
        return statement;
    }

    private static boolean isName(Token token) {
        return token.kind() == Token.Kind.WORD || token.kind() == Token.Kind.QUOTED_IDENTIFIER;
    }

    /** {@code target := e} or {@code target = e}, the target a variable, a field or an array element. */
    private static boolean isAssignment(List<Token> tokens) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isSymbol(':') && tokens.get(i + 1).isSymbol('=') || token.isSymbol('=')) {
                return i > 0;
            }
            boolean part = token.kind() == Token.Kind.WORD || token.kind() == Token.Kind.QUOTED_IDENTIFIER
                    || token.isSymbol('.') || token.depth() > tokens.get(0).depth() || token.isSymbol('[')
                    || token.isSymbol(']') || token.kind() == Token.Kind.NUMBER;
            if (!part) {
                return false;
            }
        }
        return false;
    }

    /** The piece without leading {@code <<label>>}. */
    private static List<Token> withoutLabels(List<Token> piece) {
        List<Token> rest = piece;
        while (rest.size() >= 5 && rest.get(0).isSymbol('<') && rest.get(1).isSymbol('<') && rest.get(3).isSymbol('>')
                && rest.get(4).isSymbol('>')) {
            rest = rest.subList(5, rest.size());
        }
        return rest;
    }

    /** The index of a word at the piece's top level, from {@code from}; -1 when absent. */
    private static int indexOfWord(List<Token> tokens, String word, int from) {
        int depth = tokens.isEmpty() ? 0 : tokens.get(0).depth();
        for (int i = from; i < tokens.size(); i++) {
            if (tokens.get(i).depth() == depth && tokens.get(i).isWord(word)) {
                return i;
            }
        }
        return -1;
    }
}
