package io.jdbcguard.rules.lexing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * The MySQL/MariaDB grammar of compound statements, read token by token: where a {@code ;} ends the statement sent
 * by the client and where it only separates the statements of a stored program's body, and which statements that
 * body holds.
 *
 * <p>Follows MariaDB 10.11 {@code sql/sql_yacc.yy} (<a href="https://mariadb.com/kb/en/programmatic-compound-statements/">
 * Programmatic and Compound Statements</a>, <a href="https://mariadb.com/kb/en/using-compound-statements-outside-of-stored-programs/">
 * Using Compound Statements Outside of Stored Programs</a>):
 * <ul>
 *   <li>a body is one {@code sp_proc_stmt}: a simple statement up to the next {@code ;}, or a compound statement
 *       whose inner statements each end with {@code ;}: {@code [label:] BEGIN [NOT ATOMIC] ... END [label]},
 *       {@code IF c THEN ... [ELSEIF c THEN ...] [ELSE ...] END IF}, {@code CASE [v] WHEN c THEN ... [ELSE ...]
 *       END CASE}, {@code [label:] LOOP ... END LOOP [label]}, {@code [label:] WHILE c DO ... END WHILE [label]},
 *       {@code [label:] REPEAT ... UNTIL c END REPEAT [label]} and {@code [label:] FOR i IN ... DO ... END FOR
 *       [label]}; a handler {@code DECLARE CONTINUE|EXIT HANDLER FOR conditions} is followed by its own
 *       {@code sp_proc_stmt};
 *   <li>such a statement is a compound only at the start of a statement (after {@code BEGIN}, {@code ;},
 *       {@code THEN}, {@code ELSE}, {@code DO}, {@code LOOP}, {@code REPEAT} or a label): inside a simple statement
 *       or a condition, {@code CASE ... END} is an expression and {@code IF(...)} a function;
 *   <li>bodies: {@code CREATE [OR REPLACE] [DEFINER = user] [AGGREGATE] PROCEDURE|FUNCTION name (params)
 *       [RETURNS type] [characteristics] body} ({@code sp_tail}, {@code sf_tail}), {@code CREATE ... TRIGGER name
 *       time event ON table FOR EACH ROW [FOLLOWS|PRECEDES other] body} ({@code trigger_tail}),
 *       {@code CREATE ... EVENT ... DO body} and {@code ALTER [DEFINER = user] EVENT ... DO body}
 *       ({@code ev_sql_stmt});
 *   <li>outside stored programs MariaDB runs the unlabelled compounds of {@code sp_proc_stmt_compound_ok}:
 *       {@code BEGIN NOT ATOMIC ... END}, {@code IF}, {@code CASE}, {@code LOOP}, {@code WHILE}, {@code REPEAT}
 *       and {@code FOR}; {@code BEGIN} alone, {@code BEGIN WORK} and {@code BEGIN;} start a transaction.
 * </ul>
 *
 * <p>A statement whose blocks do not close as the grammar requires (the text ends inside a block, or {@code END IF}
 * closes a {@code LOOP}) is one the server rejects; {@link Reading#problem()} says so, and the guard does not judge
 * it allowed. {@code DELIMITER} is a command of the {@code mysql} client, never sent to a server: a text holding it
 * is a syntax error to the server and is read here as ordinary statements. Each token is looked at a bounded number
 * of times: reading is linear in the text's length.
 */
public final class CompoundStatements {
    /** Words that may follow a routine's parameter list before its body: the return type and characteristics. */
    private static final Set<String> ROUTINE_HEADER_WORDS = Set.of("COMMENT", "LANGUAGE", "SQL", "NO", "CONTAINS",
            "READS", "MODIFIES", "DATA", "SECURITY", "DEFINER", "INVOKER", "NOT", "DETERMINISTIC", "UNSIGNED",
            "SIGNED", "ZEROFILL", "BINARY", "ASCII", "UNICODE", "BYTE", "PRECISION", "VARYING", "CHAR", "VARCHAR",
            "NATIONAL", "TYPE", "OF", "ROW");
    /**
     * The first words of the stored-program language's own statements, which move control or cursors and touch no
     * table: {@code sp_proc_stmt_leave}, {@code _iterate}, {@code _open}, {@code _fetch}, {@code _close},
     * {@code _return}, {@code signal_stmt}, {@code resignal_stmt}, {@code get_diagnostics}.
     */
    private static final Set<String> CONTROL_STATEMENTS = Set.of("LEAVE", "ITERATE", "OPEN", "FETCH", "CLOSE",
            "RETURN", "SIGNAL", "RESIGNAL", "GET");
    /** The words that open a compound statement at a statement start, other than BEGIN. */
    private static final List<String> CONTROL_WORDS = List.of("IF", "CASE", "LOOP", "WHILE", "REPEAT", "FOR");

    private CompoundStatements() {
    }

    /**
     * Whether a statement is a compound statement run as it is sent, which MariaDB accepts outside stored programs:
     * {@code BEGIN NOT ATOMIC}, {@code IF}, {@code CASE}, {@code LOOP}, {@code WHILE}, {@code REPEAT}, {@code FOR}.
     *
     * @param tokens the tokens of one MySQL/MariaDB statement, not empty
     * @return true for an anonymous block
     */
    public static boolean isAnonymousBlock(List<Token> tokens) {
        return isControlWord(tokens.get(0))
                || tokens.get(0).isWord("BEGIN") && tokens.size() > 1 && tokens.get(1).isWord("NOT");
    }

    /**
     * Whether a statement starting with {@code first} may be a stored program, trigger, event or compound statement:
     * it starts with {@code CREATE}, {@code ALTER}, {@code BEGIN} or a control word. Every other statement is
     * {@link Kind#PLAIN} and ends at its first {@code ;}; the lexer ({@link SqlLexer}) reads only the others with a
     * {@link Reader}, as this runs for every statement of every literal text.
     *
     * @param first a statement's first token
     * @return false when the statement is plain whatever follows
     */
    static boolean mayBeCompound(Token first) {
        return first.isWord("CREATE") || first.isWord("ALTER") || first.isWord("BEGIN") || isControlWord(first);
    }

    private static boolean isControlWord(Token token) {
        for (String word : CONTROL_WORDS) {
            if (token.isWord(word)) {
                return true;
            }
        }
        return false;
    }

    /** What a statement is, as far as stored code goes. */
    public enum Kind {
        /** Any statement without a stored-program body. */
        PLAIN,
        /** A compound statement run as it is sent (MariaDB {@code BEGIN NOT ATOMIC}, {@code IF}, ...). */
        ANONYMOUS_BLOCK,
        /** {@code CREATE PROCEDURE}: the body runs when called. */
        PROCEDURE,
        /** {@code CREATE FUNCTION}: the body runs when called. */
        FUNCTION,
        /** {@code CREATE TRIGGER}: the body runs on every row the trigger's event touches. */
        TRIGGER,
        /** {@code CREATE EVENT} or {@code ALTER EVENT ... DO}: the body runs on the event's schedule. */
        EVENT
    }

    /**
     * The reading of one statement.
     *
     * @param kind what the statement is
     * @param body the simple statements of its stored-program or block body, in order, each without its {@code ;},
     *     leaving out the stored-program language's own control statements ({@code LEAVE}, {@code ITERATE},
     *     {@code OPEN}, {@code FETCH}, {@code CLOSE}, {@code RETURN}, {@code SIGNAL}, {@code RESIGNAL},
     *     {@code GET DIAGNOSTICS}) and handler declarations; empty for {@link Kind#PLAIN}
     * @param problem why the server would reject the statement's compound structure; null when it would not
     */
    public record Reading(Kind kind, List<List<Token>> body, String problem) {
        /** Copies the list. */
        public Reading {
            body = List.copyOf(body);
        }
    }

    /**
     * Reads a statement's compound structure.
     *
     * @param tokens the tokens of one MySQL/MariaDB statement as {@link SqlLexer} cut it, inner {@code ;} included;
     *     not empty
     * @return its reading
     */
    public static Reading read(List<Token> tokens) {
        if (!mayBeCompound(tokens.get(0))) {
            return new Reading(Kind.PLAIN, List.of(), null);
        }
        Reader reader = new Reader();
        for (Token token : tokens) {
            if (token.isSymbol(';')) {
                reader.separates();
            } else {
                reader.accept(token);
            }
        }
        return reader.finish();
    }

    /** Where the reader is. */
    private enum Mode {
        /** The first token of the statement. */
        FIRST,
        /** After a top-level {@code BEGIN}: {@code NOT} makes it a block. */
        BEGIN_OR_BLOCK,
        /** Not a stored program: nothing after the first words matters. */
        PLAIN,
        /** After {@code CREATE}: options before the object type. */
        CREATE,
        /** After {@code ALTER}: options before {@code EVENT}. */
        ALTER,
        /** Inside {@code DEFINER = user[@host]}. */
        DEFINER,
        /** A routine before the end of its parameter list. */
        ROUTINE,
        /** A routine's return type and characteristics. */
        ROUTINE_HEADER,
        /** A trigger before {@code FOR EACH ROW}. */
        TRIGGER,
        /** After {@code FOR EACH ROW}: an optional {@code FOLLOWS|PRECEDES name}. */
        TRIGGER_ORDER,
        /** An event before {@code DO}. */
        EVENT,
        /** At the start of a statement of a body. */
        START,
        /** A word at a statement start that is a label when {@code :} follows. */
        MAYBE_LABEL,
        /** Inside a simple statement, up to its {@code ;}. */
        SIMPLE,
        /** Inside a {@code DECLARE}: a handler's condition list follows {@code HANDLER FOR}. */
        DECLARE,
        /** Inside a handler's condition list. */
        CONDITIONS,
        /** Inside the condition of {@code IF}, {@code ELSEIF}, {@code WHEN}, {@code WHILE}, {@code FOR}, {@code UNTIL}. */
        CONDITION,
        /** After the {@code END} of a block: the block's word ({@code END IF}). */
        AFTER_END,
        /** After a compound statement: an optional label, then {@code ;}. */
        TRAILER
    }

    /**
     * Reads one top-level statement token by token, as {@link SqlLexer} produces them. Not thread-safe; one per
     * statement.
     */
    static final class Reader {
        /** Open blocks, innermost first. */
        private final Deque<String> blocks = new ArrayDeque<>();
        private final List<List<Token>> body = new ArrayList<>();
        private Kind kind = Kind.PLAIN;
        private Mode mode = Mode.FIRST;
        /** The mode to return to after a DEFINER clause. */
        private Mode afterDefiner;
        private int definerStep;
        /** Tokens still to skip in a routine header (the name after RETURNS, CHARSET, COLLATE, CHARACTER SET). */
        private int skip;
        /** The word ending the current condition: THEN, DO or END. */
        private String conditionEnd;
        /** CASE expressions open inside the current condition. */
        private int caseExpressions;
        /** Whether the last word was the BEGIN of a block, after which NOT ATOMIC may follow. */
        private boolean afterBegin;
        /** Whether the handler's condition list expects a condition next (else a comma or the handler's body). */
        private boolean expectCondition;
        private boolean labelled;
        private Token pendingWord;
        private Token previous;
        private Token beforePrevious;
        private List<Token> simple;
        private String problem;

        /**
         * Whether a {@code ;} here ends the statement; when it does not, the reader takes it as the end of a
         * statement inside a body.
         *
         * @return true when the {@code ;} ends the top-level statement
         */
        boolean separates() {
            if (mode == Mode.MAYBE_LABEL) {
                startSimple(pendingWord);
            }
            boolean inBody = !blocks.isEmpty();
            switch (mode) {
                case SIMPLE:
                case DECLARE:
                    endSimple();
                    break;
                case CONDITION:
                case CONDITIONS:
                case AFTER_END:
                    fail("a ; inside the condition or the END of a compound statement");
                    break;
                default:
                    break;
            }
            if (!inBody) {
                return true;
            }
            mode = Mode.START;
            labelled = false;
            return false;
        }

        /**
         * Takes the next token of the statement.
         *
         * @param token any token but {@code ;}
         */
        void accept(Token token) {
            switch (mode) {
                case FIRST -> first(token);
                case BEGIN_OR_BLOCK -> {
                    if (token.isWord("NOT")) {
                        kind = Kind.ANONYMOUS_BLOCK;
                        blocks.push("BEGIN");
                        afterBegin = true;
                        mode = Mode.START;
                    } else {
                        mode = Mode.PLAIN;
                    }
                }
                case CREATE -> create(token);
                case ALTER -> alter(token);
                case DEFINER -> definerToken(token);
                case ROUTINE -> {
                    if (token.isSymbol(')') && token.depth() == 0) {
                        mode = Mode.ROUTINE_HEADER;
                    }
                }
                case ROUTINE_HEADER -> routineHeader(token);
                case TRIGGER -> {
                    if (token.isWord("ROW") && token.depth() == 0 && previous != null && previous.isWord("EACH")
                            && beforePrevious != null && beforePrevious.isWord("FOR")) {
                        mode = Mode.TRIGGER_ORDER;
                    }
                }
                case TRIGGER_ORDER -> {
                    if (skip > 0) {
                        skip--;
                    } else if (token.isWord("FOLLOWS") || token.isWord("PRECEDES")) {
                        skip = 1;
                    } else {
                        start(token);
                    }
                }
                case EVENT -> {
                    if (token.isWord("DO") && token.depth() == 0) {
                        kind = Kind.EVENT;
                        mode = Mode.START;
                    }
                }
                case START -> start(token);
                case MAYBE_LABEL -> {
                    if (token.isSymbol(':')) {
                        labelled = true;
                        mode = Mode.START;
                    } else {
                        startSimple(pendingWord);
                        simple.add(token);
                    }
                }
                case SIMPLE -> simple.add(token);
                case DECLARE -> declare(token);
                case CONDITIONS -> handlerCondition(token);
                case CONDITION -> conditionToken(token);
                case AFTER_END -> afterEnd(token);
                case TRAILER -> {
                    if (labelled || token.kind() != Token.Kind.WORD && token.kind() != Token.Kind.QUOTED_IDENTIFIER) {
                        fail("something other than a label after the END of a compound statement");
                    }
                    labelled = true;
                }
                default -> {
                }
            }
            beforePrevious = previous;
            previous = token;
        }

        /**
         * Ends the statement.
         *
         * @return the reading of the statement
         */
        Reading finish() {
            if (mode == Mode.MAYBE_LABEL) {
                startSimple(pendingWord);
            }
            if (mode == Mode.SIMPLE || mode == Mode.DECLARE) {
                endSimple();
            }
            if (!blocks.isEmpty()) {
                fail("the text ends inside a " + blocks.peek() + " block");
            }
            if (mode == Mode.AFTER_END) {
                fail("the text ends after END, before the word the block needs");
            }
            return new Reading(kind, kind == Kind.PLAIN ? List.of() : body, problem);
        }

        private void first(Token token) {
            if (token.isWord("BEGIN")) {
                mode = Mode.BEGIN_OR_BLOCK;
            } else if (isControlWord(token)) {
                kind = Kind.ANONYMOUS_BLOCK;
                start(token);
            } else if (token.isWord("CREATE")) {
                mode = Mode.CREATE;
            } else if (token.isWord("ALTER")) {
                mode = Mode.ALTER;
            } else {
                mode = Mode.PLAIN;
            }
        }

        private void create(Token token) {
            if (token.isWord("OR") || token.isWord("REPLACE") || token.isWord("AGGREGATE")) {
                return;
            }
            if (token.isWord("DEFINER")) {
                definer(Mode.CREATE);
            } else if (token.isWord("PROCEDURE") || token.isWord("FUNCTION")) {
                kind = token.isWord("PROCEDURE") ? Kind.PROCEDURE : Kind.FUNCTION;
                mode = Mode.ROUTINE;
            } else if (token.isWord("TRIGGER")) {
                kind = Kind.TRIGGER;
                mode = Mode.TRIGGER;
            } else {
                mode = token.isWord("EVENT") ? Mode.EVENT : Mode.PLAIN;
            }
        }

        private void alter(Token token) {
            if (token.isWord("DEFINER")) {
                definer(Mode.ALTER);
            } else {
                mode = token.isWord("EVENT") ? Mode.EVENT : Mode.PLAIN;
            }
        }

        private void definer(Mode then) {
            afterDefiner = then;
            definerStep = 0;
            mode = Mode.DEFINER;
        }

        /** {@code DEFINER = user}, {@code user@host}, {@code 'user'@'host'}, {@code CURRENT_USER[()]}. */
        private void definerToken(Token token) {
            switch (definerStep) {
                case 0 -> {
                    definerStep = token.isSymbol('=') ? 1 : -1;
                    if (definerStep < 0) {
                        mode = Mode.PLAIN;
                    }
                }
                case 1 -> definerStep = 2;
                case 2 -> {
                    if (token.isSymbol('@') || token.isSymbol('(')) {
                        definerStep = 3;
                    } else if (afterDefiner == Mode.CREATE) {
                        mode = Mode.CREATE;
                        create(token);
                    } else {
                        mode = Mode.ALTER;
                        alter(token);
                    }
                }
                default -> mode = afterDefiner;
            }
        }

        private void routineHeader(Token token) {
            if (skip > 0) {
                skip--;
            } else if (token.isWord("RETURNS") || token.isWord("CHARSET") || token.isWord("COLLATE")) {
                skip = 1;
            } else if (token.isWord("CHARACTER")) {
                skip = 2;
            } else if (token.depth() > 0 || token.isSymbol('(') || token.isSymbol(')')
                    || token.kind() == Token.Kind.STRING || token.kind() == Token.Kind.NUMBER
                    || token.kind() == Token.Kind.WORD && ROUTINE_HEADER_WORDS.contains(token.value())) {
                return;
            } else {
                start(token);
            }
        }

        /** A token at the start of a statement of a body. */
        private void start(Token token) {
            if (afterBegin && (token.isWord("NOT") || token.isWord("ATOMIC"))) {
                return;
            }
            afterBegin = false;
            mode = Mode.START;
            String word = token.kind() == Token.Kind.WORD ? token.value() : "";
            String block = blocks.peek();
            if (word.equals("BEGIN")) {
                open("BEGIN");
                afterBegin = true;
                mode = Mode.START;
            } else if (word.equals("LOOP") || word.equals("REPEAT")) {
                open(word);
                mode = Mode.START;
            } else if (word.equals("IF") || word.equals("CASE")) {
                open(word);
                condition("THEN");
            } else if (word.equals("WHILE") || word.equals("FOR")) {
                open(word);
                condition("DO");
            } else if (word.equals("ELSEIF") && "IF".equals(block) || word.equals("WHEN") && "CASE".equals(block)) {
                condition("THEN");
            } else if (word.equals("ELSE") && ("IF".equals(block) || "CASE".equals(block))) {
                mode = Mode.START;
            } else if (word.equals("UNTIL") && "REPEAT".equals(block)) {
                condition("END");
            } else if (word.equals("END") && block != null) {
                close();
            } else if (word.equals("DECLARE")) {
                startSimple(token);
                mode = Mode.DECLARE;
            } else if (!labelled && (token.kind() == Token.Kind.WORD || token.kind() == Token.Kind.QUOTED_IDENTIFIER)) {
                pendingWord = token;
                mode = Mode.MAYBE_LABEL;
            } else {
                startSimple(token);
            }
        }

        private void open(String block) {
            blocks.push(block);
            labelled = false;
        }

        private void condition(String end) {
            conditionEnd = end;
            caseExpressions = 0;
            mode = Mode.CONDITION;
        }

        private void conditionToken(Token token) {
            if (token.depth() > 0 || token.kind() != Token.Kind.WORD) {
                return;
            }
            if (token.isWord("CASE")) {
                caseExpressions++;
            } else if (token.isWord("END") && caseExpressions > 0) {
                caseExpressions--;
            } else if (token.isWord("END") && conditionEnd.equals("END")) {
                close();
            } else if (token.isWord("END")) {
                fail("END inside the condition of " + blocks.peek());
            } else if (token.isWord(conditionEnd) && caseExpressions == 0) {
                mode = Mode.START;
            }
        }

        /** At the END of the innermost block. */
        private void close() {
            mode = Mode.AFTER_END;
            if (blocks.peek().equals("BEGIN")) {
                blocks.pop();
                mode = Mode.TRAILER;
                labelled = false;
            }
        }

        private void afterEnd(Token token) {
            String block = blocks.pop();
            if (!token.isWord(block)) {
                fail("END " + token.text() + " closes a " + block + " block");
            }
            mode = Mode.TRAILER;
            labelled = false;
        }

        private void declare(Token token) {
            simple.add(token);
            if (token.isWord("FOR") && previous != null && previous.isWord("HANDLER")) {
                simple = null;
                expectCondition = true;
                mode = Mode.CONDITIONS;
            }
        }

        /** A handler's condition: {@code SQLSTATE [VALUE] 'code'}, {@code NOT FOUND}, a word or an error number. */
        private void handlerCondition(Token token) {
            if (expectCondition) {
                expectCondition = token.isWord("SQLSTATE") || token.isWord("VALUE") || token.isWord("NOT");
            } else if (token.isSymbol(',')) {
                expectCondition = true;
            } else {
                labelled = false;
                start(token);
            }
        }

        private void startSimple(Token first) {
            simple = new ArrayList<>();
            simple.add(first);
            mode = Mode.SIMPLE;
        }

        private void endSimple() {
            boolean control = simple != null && simple.get(0).kind() == Token.Kind.WORD
                    && CONTROL_STATEMENTS.contains(simple.get(0).value());
            if (simple != null && !control) {
                body.add(simple);
            }
            simple = null;
        }

        private void fail(String why) {
            if (problem == null) {
                problem = why;
            }
        }
    }
}
