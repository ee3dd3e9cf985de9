package io.jdbcguard.rules.analyzer;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.Modification;
import io.jdbcguard.rules.PreparedName;
import io.jdbcguard.rules.SessionSettings;
import io.jdbcguard.rules.checks.StatementCheck;
import io.jdbcguard.rules.checks.StatementContext;
import io.jdbcguard.rules.checks.ToolBookkeeping;
import io.jdbcguard.rules.checks.UnparseableRule;
import io.jdbcguard.rules.lexing.JdbcEscapes;
import io.jdbcguard.rules.lexing.LexedStatement;
import io.jdbcguard.rules.lexing.PlpgsqlBody;
import io.jdbcguard.rules.lexing.SqlLexer;
import io.jdbcguard.rules.lexing.StatementEnvelope;
import io.jdbcguard.rules.lexing.Token;
import io.jdbcguard.rules.parsing.ParserWorkarounds;
import io.jdbcguard.rules.parsing.StatementParser;
import io.jdbcguard.rules.semantics.HarmlessStatements;
import io.jdbcguard.rules.semantics.PureFunctions;
import io.jdbcguard.rules.semantics.ReadOnlyStatements;
import io.jdbcguard.rules.semantics.RowValues;
import io.jdbcguard.rules.semantics.StatementEffects;
import io.jdbcguard.rules.semantics.StoredCode;
import io.jdbcguard.rules.semantics.TriggerFunctionDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import net.sf.jsqlparser.statement.Statement;

/**
 * Analyses SQL text as a server with given session settings reads it, and reports every rule's findings.
 * Thread-safe; parsing runs on the calling thread.
 *
 * <p>The text is lexed as the server would lex it with the session's settings ({@link SqlLexer},
 * {@link SessionSettings}) and cut into statements at each {@code ;} outside strings and comments. For each
 * statement, JDBC escapes are rewritten ({@link JdbcEscapes}), wrappers such as {@code EXPLAIN ANALYZE} and
 * {@code PREPARE} are opened ({@link StatementEnvelope}), the statement is parsed with JSQLParser within depth and
 * length limits ({@link StatementParser}), and every rule of {@link Rules} checks it, from the syntax tree or, when
 * parsing failed, from the tokens. A statement whose tokens show it harmless ({@link HarmlessStatements}) is not
 * parsed: no rule reports such a statement. A statement that stores code ({@link StoredCode}: MySQL stored programs,
 * triggers and events, PostgreSQL rules) is not parsed either: the statements of an armed body are judged one by one
 * as if they ran, for {@link io.jdbcguard.rules.checks.ArmedCodeRule}. Time and stack use are bounded by the text's
 * length.
 *
 * <p>Besides the findings, the analysis carries what the statements do for the driver to judge them by their
 * effect: the tables they change, create and extend, and whether a read-only text may hide a write in a function
 * ({@link StatementEffects}).
 *
 * <p>Findings about the rows of a migration tool's own bookkeeping statements are marked
 * {@link Finding#toolBookkeeping()} ({@link ToolBookkeeping}); callers do not block them.
 *
 * <p>What the guard cannot read for sure it does not allow:
 * <ul>
 *   <li>when the settings are not known ({@link SessionSettings#known()} false), a text whose reading depends on
 *       them (a backslash in a string, a MySQL double quote, a PostgreSQL {@code U&'...'} string) gets one
 *       {@code unparseable} finding saying so; a text that reads the same under every setting is judged normally;
 *   <li>when a MySQL/MariaDB server's version is not known, a text with versioned executable comments is judged in
 *       every reading a server could give it ({@link ServerReadings}) and gets the findings of all of them.
 * </ul>
 */
public final class StatementAnalyzer {
    /** How deep wrappers ({@code EXPLAIN ANALYZE PREPARE ...}) may nest before the statement counts as unparseable. */
    private static final int MAX_NESTING = 8;
    /** Words naming what decides how the session reads text, in any token of a statement. */
    private static final List<String> SETTING_NAMES = List.of("SQL_MODE", "STANDARD_CONFORMING_STRINGS",
            "SET_CONFIG");
    /** The rules that protect existing rows and tables, which do not apply to the session's temporary tables. */
    private static final Set<String> TEMPORARY_TABLE_RULES = Set.of("drop", "truncate", "delete-without-where",
            "update-without-where", "always-true-where");

    private final SessionSettings settings;
    private final Dialect dialect;
    private final SqlLexer lexer;
    private final StatementParser parser;
    private final Consumer<StatementParser.Budget> onBudget;

    /**
     * An analyzer for a session with the server's default settings; for tests and tools without a session.
     *
     * @param dialect the dialect to lex and parse with
     * @param backslashEscapes for {@link Dialect#MYSQL}: whether backslash escapes characters in string literals
     *     (false when the session's {@code sql_mode} has {@code NO_BACKSLASH_ESCAPES}); ignored for PostgreSQL
     */
    public StatementAnalyzer(Dialect dialect, boolean backslashEscapes) {
        this(new SessionSettings(dialect, true, 0, false, dialect == Dialect.MYSQL && backslashEscapes, false));
    }

    /**
     * @param settings the session state that decides how text is read (dialect, string escapes, quotes, server
     *     version); {@link SessionSettings#known()} false when the caller could not read it
     * @throws NullPointerException if {@code settings} is null
     */
    public StatementAnalyzer(SessionSettings settings) {
        this(settings, budget -> { });
    }

    /**
     * An analyzer that shows each parse budget it uses (for the text, for a second judgement in unknown settings,
     * for the shape check), so a test can assert how much parsing a text cost.
     *
     * @param settings as for {@link #StatementAnalyzer(SessionSettings)}
     * @param onBudget called with each parse budget before it is used
     */
    StatementAnalyzer(SessionSettings settings, Consumer<StatementParser.Budget> onBudget) {
        this.settings = settings;
        this.dialect = settings.dialect();
        this.lexer = new SqlLexer(settings);
        this.parser = new StatementParser(dialect, onBudget);
        this.onBudget = onBudget;
    }

    /**
     * One statement of a script, where it stands in it.
     *
     * @param text the statement as written, from its first token to its last (comments inside included)
     * @param start the index of its first character in the script
     * @param end the index after its last character
     */
    public record ScriptStatement(String text, int start, int end) {
    }

    /**
     * Cuts a script into its statements as the server reads them with this analyzer's settings (strings, comments,
     * dollar quoting, MySQL compound statements), for a caller that judges them one by one and says where each
     * stands (the command line's {@code lint}).
     *
     * @param script a script of statements separated by {@code ;}; not null
     * @return its statements in order; empty when it holds only whitespace, comments and {@code ;}
     * @throws NullPointerException if {@code script} is null
     */
    public List<ScriptStatement> split(String script) {
        List<ScriptStatement> statements = new ArrayList<>();
        for (LexedStatement statement : lexer.statements(script)) {
            statements.add(new ScriptStatement(statement.text(), statement.start(), statement.end()));
        }
        return statements;
    }

    /**
     * Analyses every statement in {@code sql}.
     *
     * @param sql one or more statements separated by {@code ;}; not null
     * @return all findings of all rules, in statement order, whether the text may change the session's
     *     settings, and its effects; {@link Analysis#CLEAN} for a read-only text without findings and effects. A
     *     statement that follows one that may change the reading settings ({@code SET sql_mode = ...; DELETE ...})
     *     runs under settings the guard cannot know, so such a text is also judged as in a session of unknown
     *     settings
     * @throws NullPointerException if {@code sql} is null
     */
    public Analysis analyze(String sql) {
        List<SqlLexer> readings = ServerReadings.of(settings, lexer, sql);
        if (readings.isEmpty()) {
            return new Analysis(List.of(UnparseableRule.unreadable(sql.strip(), "it has executable comments of more "
                    + "than " + ServerReadings.MAX_VERSIONS + " server versions and the server's version is not "
                    + "known")), true, false);
        }
        Set<Finding> findings = new LinkedHashSet<>();
        boolean changesSession = false;
        boolean readOnly = true;
        boolean queriesOnly = true;
        boolean several = false;
        StatementParser.Budget budget = parser.budget();
        StatementEffects effects = new StatementEffects(dialect);
        Set<List<LexedStatement>> seen = new HashSet<>();
        for (SqlLexer reading : readings) {
            Run run = new Run(reading, budget, effects);
            SqlLexer.Lexed lexed = reading.lex(sql);
            if (readings.size() > 1 && !seen.add(lexed.statements())) {
                continue;
            }
            several |= lexed.statements().size() > 1;
            findings.addAll(run.statements(lexed, null, 0));
            changesSession |= run.changesSession;
            readOnly &= run.readOnly;
            queriesOnly &= run.queriesOnly;
            if (run.changesMidText && settings.known()) {
                findings.addAll(new StatementAnalyzer(settings.unknown(), onBudget).analyze(sql).findings());
            }
            if (run.dependence != null && !settings.known()) {
                return new Analysis(List.of(UnparseableRule.unreadable(sql.strip(), "the session's settings are "
                        + "unknown (they may have been changed and could not be read back), and the text has "
                        + run.dependence + ", so the guard cannot tell what the server runs")), true, false);
            }
        }
        Analysis analysis = new Analysis(new ArrayList<>(findings), changesSession, readOnly,
                effects.modifications(), effects.createdTables(), effects.addedColumns(), effects.typeChanges(),
                effects.callsOther(), effects.runsPrepared(), effects.changesSchema(), several, false,
                effects.preparedNames(), effects.tableFromQuery(), queriesOnly, effects.holdsCursor(),
                effects.armedFunctions());
        return ShapeReuse.mark(analysis.equals(Analysis.CLEAN) ? Analysis.CLEAN : analysis, settings, parser, sql);
    }

    /** The analysis of one text in one reading; used by one thread for one call. */
    private final class Run {
        private final SqlLexer reading;
        private final StatementParser.Budget budget;
        private final StatementEffects effects;
        private boolean inStoredCode;
        /** Where the effects of a row-level body's statement go while it is judged; null outside such bodies. */
        private StatementEffects bodyEffects;
        private String dependence;
        private boolean changesSession;
        private boolean changesMidText;
        private boolean readOnly = true;
        private boolean queriesOnly = true;
        /** The statements this text prepared so far, by name: what a later {@code EXECUTE name} of it runs. */
        private final Map<String, PreparedName> preparedHere = new HashMap<>();

        Run(SqlLexer reading, StatementParser.Budget budget, StatementEffects effects) {
            this.reading = reading;
            this.budget = budget;
            this.effects = effects;
        }

        /** The findings of every statement of {@code lexed}, quoting {@code outer} (or each statement when null). */
        List<Finding> statements(SqlLexer.Lexed lexed, String outer, int nesting) {
            if (dependence == null) {
                dependence = lexed.settingsDependence();
            }
            List<Finding> findings = new ArrayList<>();
            for (LexedStatement statement : lexed.statements()) {
                effects.statementRuns(statement.tokens());
                changesMidText |= outer == null && changesSession;
                changesSession |= mayChangeSession(statement.tokens());
                for (Finding finding : statement(statement.tokens(), outer == null ? statement.text() : outer,
                        nesting)) {
                    if (!aboutTemporaryTables(finding)) {
                        findings.add(finding);
                    }
                }
            }
            return findings;
        }

        private List<Finding> statement(List<Token> lexed, String text, int nesting) {
            List<Token> tokens = ParserWorkarounds.apply(JdbcEscapes.rewrite(lexed), dialect);
            if (tokens.isEmpty()) {
                return List.of();
            }
            if (nesting > MAX_NESTING) {
                readOnly &= inStoredCode;
                queriesOnly &= inStoredCode;
                return check(new StatementContext(dialect, text, tokens, null,
                        "statements nested more than " + MAX_NESTING + " deep"));
            }
            StatementEnvelope.Content content = StatementEnvelope.open(tokens, dialect);
            if (content instanceof StatementEnvelope.Nothing) {
                if (tokens.get(0).isWord("EXECUTE")) {
                    executes(tokens);
                } else {
                    reads(tokens);
                }
                return List.of();
            }
            if (!(content instanceof StatementEnvelope.Itself)) {
                return wrapped(tokens, content, text, nesting);
            }
            reads(tokens);
            namesUsed(tokens);
            Optional<StoredCode> code = StoredCode.of(tokens, dialect);
            if (code.isPresent()) {
                return storedCode(code.get(), tokens, text, nesting);
            }
            Optional<TriggerFunctionDefinition> definition = dialect == Dialect.POSTGRESQL && !inStoredCode
                    ? TriggerFunctionDefinition.of(tokens) : Optional.empty();
            if (definition.isPresent()) {
                return triggerFunctionDefinition(definition.get(), tokens, text);
            }
            if (HarmlessStatements.isHarmless(tokens, dialect)) {
                effects(tokens, List.of());
                return List.of();
            }
            StatementParser.Result result = budget.parse(tokens);
            String misunderstood = result.statements().stream().map(Misunderstandings::of)
                    .filter(Objects::nonNull).findFirst().orElse(null);
            boolean understood = !result.statements().isEmpty() && misunderstood == null;
            effects(tokens, understood ? result.statements() : List.of());
            if (!understood) {
                return check(new StatementContext(dialect, text, tokens, null,
                        misunderstood != null ? misunderstood : result.problem()));
            }
            List<Finding> findings = new ArrayList<>();
            for (Statement statement : result.statements()) {
                StatementContext context = new StatementContext(dialect, text, tokens, statement, null);
                for (Finding finding : check(context)) {
                    boolean bookkeeping = nesting == 0 && ToolBookkeeping.isBookkeeping(finding, context);
                    findings.add(bookkeeping ? finding.asToolBookkeeping() : finding);
                }
            }
            return findings;
        }

        /**
         * A statement that stores code or runs a block: an anonymous block and a statement whose structure the
         * server would reject are checked from their tokens ({@code opaque}, {@code unparseable}); procedures and
         * functions run nothing when created; the bodies of armed code are judged statement by statement as if they
         * ran, for {@code armed-code}.
         */
        private List<Finding> storedCode(StoredCode code, List<Token> tokens, String text, int nesting) {
            StatementContext context = new StatementContext(dialect, text, tokens, null, code.problem());
            if (code.anonymous() || code.problem() != null) {
                return check(context);
            }
            if (!code.armed()) {
                return List.of();
            }
            if (!inStoredCode) {
                effects.armFunctions(code.functions());
            }
            return armed(context, code, text, nesting);
        }

        /**
         * The {@code armed-code} findings of armed code: every statement of its body judged by every rule as if it
         * ran, a row-level body's with the row's values as parameters and its changes pinned to the row.
         */
        private List<Finding> armed(StatementContext context, StoredCode code, String text, int nesting) {
            List<Finding> body = new ArrayList<>();
            List<Modification> unpinned = new ArrayList<>();
            boolean outer = inStoredCode;
            StatementEffects outerBody = bodyEffects;
            inStoredCode = true;
            for (List<Token> statement : code.body()) {
                bodyEffects = code.perRow() ? new StatementEffects(dialect) : null;
                body.addAll(statement(code.perRow() ? RowValues.asParameters(statement) : statement, text,
                        nesting + 1));
                if (bodyEffects != null) {
                    bodyEffects.modifications().stream().filter(RowValues::unpinned).forEach(unpinned::add);
                }
            }
            inStoredCode = outer;
            bodyEffects = outerBody;
            List<Finding> findings = new ArrayList<>(Rules.armedCode().findings(context, code, body));
            findings.addAll(Rules.armedCode().unpinned(context, code, unpinned));
            return findings;
        }

        /**
         * The {@code armed-code} findings of a PostgreSQL trigger function's body, judged as a trigger's row-level
         * body ({@link StatementAnalyzer#triggerFunction}).
         *
         * @param kind the statement that arms it, {@code CREATE TRIGGER} or {@code CREATE FUNCTION}
         * @param unread why the body could not be read, or null when {@code language} and {@code body} are given
         */
        List<Finding> functionBody(StatementContext context, String kind, String function, String language,
                String body, String unread) {
            String problem = unread;
            List<List<Token>> statements = List.of();
            if (problem == null && language.equals("plpgsql")) {
                List<List<Token>> pieces = new ArrayList<>();
                for (LexedStatement statement : reading.statements(body)) {
                    pieces.add(statement.tokens());
                }
                PlpgsqlBody.Reading read = PlpgsqlBody.read(pieces);
                statements = read.statements().stream()
                        .map(statement -> RowValues.asParameters(statement, read.variables())).toList();
                problem = read.problem();
            } else if (problem == null && language.equals("sql")) {
                statements = new ArrayList<>();
                for (LexedStatement statement : reading.statements(body)) {
                    statements.add(statement.tokens());
                }
            } else if (problem == null) {
                problem = "it is written in " + language + ", which jdbc-guard cannot read";
            }
            if (problem != null) {
                return List.of(Rules.armedCode().unreadable(context, kind, function, problem));
            }
            return armed(context, new StoredCode(kind, true, false, statements, null, List.of(function)),
                    context.text(), 1);
        }

        /**
         * {@code CREATE [OR REPLACE] FUNCTION f() RETURNS trigger}: a new body for the triggers that may already
         * execute {@code f}, judged as theirs; each finding is moot when no trigger executes it
         * ({@link Finding.Unless#UNUSED_BY_TRIGGERS}).
         */
        private List<Finding> triggerFunctionDefinition(TriggerFunctionDefinition definition, List<Token> tokens,
                String text) {
            StatementContext context = new StatementContext(dialect, text, tokens, null, null);
            List<Finding> findings = new ArrayList<>();
            for (Finding finding : functionBody(context, "CREATE FUNCTION", definition.name(), definition.language(),
                    definition.body(), null)) {
                findings.add(new Finding(finding.ruleId(), finding.statementKind(), List.of(definition.name()),
                        finding.reason(), finding.statement(), false, Finding.Unless.UNUSED_BY_TRIGGERS));
            }
            return findings;
        }

        /**
         * The statement a wrapper runs or prepares ({@link StatementEnvelope}): whether the text only reads and may
         * hide writes is the inner statement's ({@code EXECUTE IMMEDIATE 'SELECT f()'} and {@code EXPLAIN ANALYZE
         * SELECT f()} are reads that call {@code f}; {@code EXPLAIN ANALYZE DELETE ...} is no read). A
         * {@code PREPARE} only reads as what it holds does, and calls no function (nothing runs, and MariaDB refuses
         * {@code PREPARE} in a read-only transaction); what it holds is remembered under its name for a later
         * {@code EXECUTE} ({@link PreparedName}).
         */
        private List<Finding> wrapped(List<Token> tokens, StatementEnvelope.Content content, String text,
                int nesting) {
            boolean outerReadOnly = readOnly;
            boolean outerCalls = effects.swapCallsOther(false);
            readOnly = true;
            List<Finding> findings = content instanceof StatementEnvelope.InnerTokens inner
                    ? statement(inner.tokens(), text, nesting + 1)
                    : statements(reading.lex(((StatementEnvelope.InnerText) content).text()), text, nesting + 1);
            boolean innerReadOnly = readOnly;
            boolean prepares = tokens.get(0).isWord("PREPARE");
            boolean innerCalls = effects.swapCallsOther(outerCalls || !prepares && effects.callsOther());
            readOnly = outerReadOnly && innerReadOnly;
            if (prepares && tokens.size() > 1 && !inStoredCode) {
                PreparedName prepared = new PreparedName(PreparedName.Use.PREPARE,
                        preparedKey(tokens.get(1), dialect), innerReadOnly, innerCalls);
                preparedHere.put(prepared.name(), prepared);
                effects.prepared(prepared);
            }
            return findings;
        }

        /**
         * {@code EXECUTE name [(arguments)] [USING ...]}: runs what the session prepared under the name. When this
         * text prepared it as a read that calls no function that may write, the text reads as it does; otherwise it
         * runs what only the server can judge ({@link StatementEffects#markRunsPrepared}): a read that may hide a
         * write cannot be run read-only together with its {@code PREPARE}, which MariaDB refuses in a read-only
         * transaction. Arguments that call a function that may write count as such a call.
         */
        private void executes(List<Token> tokens) {
            if (inStoredCode) {
                return;
            }
            PreparedName here = tokens.size() > 1 ? preparedHere.get(preparedKey(tokens.get(1), dialect)) : null;
            boolean plainRead = here != null && here.readOnly() && !here.mayHideWrites();
            boolean argumentsCall = PureFunctions.callsOther(dialect, tokens);
            effects.swapCallsOther(effects.callsOther() || argumentsCall);
            readOnly &= plainRead;
            queriesOnly &= plainRead;
            if (!plainRead) {
                effects.markRunsPrepared();
            }
            if (tokens.size() > 1) {
                effects.prepared(new PreparedName(PreparedName.Use.EXECUTE, preparedKey(tokens.get(1), dialect),
                        plainRead, argumentsCall));
            }
        }

        /**
         * Statements that make the session forget prepared names: {@code DEALLOCATE [PREPARE] name | ALL}, MySQL
         * {@code DROP PREPARE name}, PostgreSQL {@code DISCARD ALL}, and code the guard does not see, which may
         * prepare and deallocate ({@code CALL}, PostgreSQL {@code DO}).
         */
        private void namesUsed(List<Token> tokens) {
            if (inStoredCode) {
                return;
            }
            Token first = tokens.get(0);
            int name = first.isWord("DEALLOCATE") ? 1 : first.isWord("DROP") && tokens.size() > 1
                    && tokens.get(1).isWord("PREPARE") && dialect == Dialect.MYSQL ? 2 : -1;
            if (name == 1 && tokens.size() > 2 && tokens.get(1).isWord("PREPARE")) {
                name = 2;
            }
            boolean all = name > 0 && name < tokens.size() && tokens.get(name).isWord("ALL")
                    || first.isWord("DISCARD") && tokens.size() > 1 && tokens.get(1).isWord("ALL")
                    || first.isWord("CALL") || first.isWord("DO") && dialect == Dialect.POSTGRESQL;
            if (all) {
                preparedHere.clear();
                effects.prepared(new PreparedName(PreparedName.Use.FORGET_ALL, "", false, false));
            } else if (name > 0 && name < tokens.size()) {
                String key = preparedKey(tokens.get(name), dialect);
                preparedHere.remove(key);
                effects.prepared(new PreparedName(PreparedName.Use.FORGET, key, false, false));
            }
        }

        /**
         * Notes whether a statement that runs (not one in a body of stored code) only reads, and whether it only
         * evaluates a query ({@link Analysis#queriesOnly()}).
         */
        private void reads(List<Token> tokens) {
            if (!inStoredCode) {
                readOnly &= ReadOnlyStatements.isReadOnly(dialect, tokens);
                queriesOnly &= ReadOnlyStatements.isQuery(dialect, tokens);
            }
        }

        /**
         * Whether a finding of a rule that protects existing rows concerns only temporary tables the text itself
         * created before ({@code CREATE TEMP TABLE scratch (...); TRUNCATE scratch}) or PostgreSQL's
         * {@code pg_temp} ({@link StatementEffects#isTemporary}): the session's own work, not production data.
         */
        private boolean aboutTemporaryTables(Finding finding) {
            return TEMPORARY_TABLE_RULES.contains(finding.ruleId()) && !finding.objects().isEmpty()
                    && finding.objects().stream().allMatch(effects::isTemporary);
        }

        /** Records a statement's effects ({@link StatementEffects}), unless it is in a body of stored code. */
        private void effects(List<Token> tokens, List<Statement> parsed) {
            if (!inStoredCode) {
                effects.add(tokens, parsed);
            } else if (bodyEffects != null) {
                bodyEffects.add(tokens, parsed);
            }
        }
    }

    /**
     * Judges the function a PostgreSQL {@code CREATE TRIGGER} makes run for every row ({@link Analysis#armedFunctions()})
     * as the trigger's body: its statements as if they ran, with {@code NEW} and {@code OLD} as parameters and each
     * change pinned to the row ({@link RowValues}), as {@code armed-code} judges a MySQL trigger's body. A body in a
     * language other than {@code sql} and {@code plpgsql} ({@link PlpgsqlBody}), or one that runs dynamic SQL or
     * anything else not understood, is reported as not understood.
     *
     * @param createTrigger the {@code CREATE TRIGGER} text, quoted by the findings
     * @param function the function's name as the text wrote it
     * @param language the function's language ({@code pg_language.lanname}), e.g. {@code plpgsql}
     * @param body its source ({@code pg_proc.prosrc})
     * @return the {@code armed-code} findings about {@code createTrigger}; empty when the body is harmless
     * @throws NullPointerException if an argument is null
     */
    public List<Finding> triggerFunction(String createTrigger, String function, String language, String body) {
        return triggerFunction(createTrigger, function, language, body, null);
    }

    /**
     * The finding about a {@code CREATE TRIGGER} whose function's body the caller could not read from the server.
     *
     * @param createTrigger the {@code CREATE TRIGGER} text
     * @param function the function's name as the text wrote it
     * @param why why the body could not be read
     * @return one {@code armed-code} finding
     */
    public List<Finding> unreadTriggerFunction(String createTrigger, String function, String why) {
        return triggerFunction(createTrigger, function, "", "", why);
    }

    private List<Finding> triggerFunction(String createTrigger, String function, String language, String body,
            String unread) {
        List<Token> tokens = lexer.statements(createTrigger).isEmpty() ? List.of()
                : lexer.statements(createTrigger).get(0).tokens();
        StatementContext context = new StatementContext(dialect, createTrigger.strip(), tokens, null, null);
        return new Run(lexer, parser.budget(), new StatementEffects(dialect)).functionBody(context, "CREATE TRIGGER",
                function, language, body, unread);
    }

    /**
     * Whether a statement may change how the session reads later text, so the caller must re-read the settings.
     * Conservative: every {@code SET}, {@code RESET} and {@code DISCARD}; every statement naming {@code sql_mode},
     * {@code standard_conforming_strings} or {@code set_config} in a word, identifier or string (MySQL
     * {@code SET @@session.sql_mode}, {@code /*!40101 SET SQL_MODE=... *}{@code /}, PostgreSQL
     * {@code SELECT set_config(...)}, a {@code PREPARE} or {@code EXECUTE IMMEDIATE} of such text); statements that
     * run code ({@code CALL}, PostgreSQL {@code DO}, MySQL {@code EXECUTE} of a prepared {@code SET}); MySQL
     * {@code USE}, which changes the database unqualified names resolve in (the driver keys what it learns about
     * tables by it); and in
     * PostgreSQL the ends of transactions ({@code COMMIT}, {@code END}, {@code ROLLBACK}, {@code ABORT},
     * {@code PREPARE TRANSACTION}), which undo {@code SET LOCAL} and rolled-back {@code SET}s (<a
     * href="https://www.postgresql.org/docs/current/sql-set.html">SET</a>). Not covered: a user-defined function
     * called in a query that changes {@code standard_conforming_strings} itself.
     */
    private boolean mayChangeSession(List<Token> tokens) {
        String first = tokens.get(0).kind() == Token.Kind.WORD ? tokens.get(0).value() : "";
        if (first.equals("SET") || first.equals("RESET") || first.equals("DISCARD") || first.equals("CALL")
                || first.equals("EXECUTE") || first.equals("USE")) {
            return true;
        }
        if (dialect == Dialect.POSTGRESQL && (first.equals("COMMIT") || first.equals("END")
                || first.equals("ROLLBACK") || first.equals("ABORT") || first.equals("DO")
                || (first.equals("PREPARE") && tokens.size() > 1 && tokens.get(1).isWord("TRANSACTION")))) {
            return true;
        }
        for (Token token : tokens) {
            if (token.kind() != Token.Kind.SYMBOL && token.kind() != Token.Kind.NUMBER) {
                String value = token.value().toUpperCase(Locale.ROOT);
                for (String name : SETTING_NAMES) {
                    if (value.contains(name)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static List<Finding> check(StatementContext statement) {
        List<Finding> findings = new ArrayList<>();
        for (StatementCheck rule : Rules.checks()) {
            findings.addAll(rule.check(statement));
        }
        return findings;
    }

    /**
     * @param token the token naming a prepared statement
     * @param dialect the session's dialect
     * @return the name as the server compares it
     */
    private static String preparedKey(Token token, Dialect dialect) {
        boolean quoted = token.kind() == Token.Kind.QUOTED_IDENTIFIER;
        String name = quoted ? token.value() : token.text();
        return quoted && dialect == Dialect.POSTGRESQL ? name : name.toLowerCase(Locale.ROOT);
    }
}
