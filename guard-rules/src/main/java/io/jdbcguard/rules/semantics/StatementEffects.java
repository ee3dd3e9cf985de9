package io.jdbcguard.rules.semantics;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Modification;
import io.jdbcguard.rules.PreparedName;
import io.jdbcguard.rules.TypeChange;
import io.jdbcguard.rules.lexing.Token;
import io.jdbcguard.rules.parsing.ParserText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * What the statements of one text do, beyond the findings, for the driver to judge them by their effect: the tables
 * they change ({@link Modification}), the tables they create, the columns they add, and whether a read-only text
 * calls a function that may write ({@link PureFunctions}). Collected statement by statement by
 * {@link io.jdbcguard.rules.analyzer.StatementAnalyzer}, also inside data-modifying {@code WITH} ({@link
 * DataModifications}),
 * {@code EXPLAIN ANALYZE} and {@code PREPARE} (the statements {@link io.jdbcguard.rules.lexing.StatementEnvelope}
 * opens), but not in the bodies
 * of stored code, which do not run when stored.
 *
 * <p>{@code UPDATE}, {@code DELETE} and {@code MERGE} are read from the syntax tree, so a statement the guard could
 * not parse has no entry (it has an {@code unparseable} finding instead). {@code INSERT} and MySQL {@code REPLACE}
 * are read from the tokens, because the guard does not parse a plain INSERT: the target after
 * {@code INSERT [modifiers] [INTO]}, {@code UPSERT} for {@code ON CONFLICT ... DO UPDATE}, {@code ON DUPLICATE KEY
 * UPDATE} and {@code REPLACE}, the assigned columns of the update part (of {@code REPLACE}: its column list or
 * {@code SET}). {@code CREATE [OR REPLACE] [GLOBAL | LOCAL] [TEMPORARY | TEMP | UNLOGGED] TABLE [IF NOT EXISTS] t} and
 * {@code ALTER TABLE t ADD [COLUMN] c} (also MySQL's {@code ADD (c1 ..., c2 ...)}) are read from the tokens too
 * ({@link AlterTableClauses}); with {@code IF NOT EXISTS} the object may have existed, so it is not reported as
 * created (but for a temporary table, which only this session can have). A PostgreSQL {@code SELECT ... INTO t} creates
 * {@code t} ({@link TablesFromQuery}). A change to a temporary table an earlier statement of the same text created
 * is not reported: the table is the session's own, not data the guard protects.
 *
 * <p>Whether functions may write: a call of a function that is not a known pure built-in ({@link PureFunctions}),
 * and PostgreSQL's {@code FETCH} and {@code MOVE}, which run the query of a cursor declared earlier (<a
 * href="https://www.postgresql.org/docs/15/sql-fetch.html">FETCH</a>) and so whatever functions it calls; a cursor
 * declared {@code WITH HOLD} runs its query when its transaction commits ({@link Analysis#holdsCursor()}). The
 * statements that create a table from a query are noted ({@link Analysis#tableFromQuery()}), and what the statements
 * do to the session's named prepared statements is kept in order ({@link PreparedName}).
 *
 * <p>Names are folded as the server folds them: in PostgreSQL unquoted identifiers in lower case, quoted ones as
 * written (<a href="https://www.postgresql.org/docs/15/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS">Identifiers
 * and Key Words</a>); in MySQL every identifier as written, without quotes: column names are case-insensitive there
 * and table names depend on {@code lower_case_table_names} (<a
 * href="https://dev.mysql.com/doc/refman/8.4/en/identifier-case-sensitivity.html">Identifier Case Sensitivity</a>),
 * so callers compare MySQL names case-insensitively.
 */
public final class StatementEffects {
    private static final Set<String> CREATE_MODIFIERS = Set.of("OR", "REPLACE", "GLOBAL", "LOCAL", "TEMPORARY",
            "TEMP", "UNLOGGED");
    private static final Set<String> INSERT_MODIFIERS = Set.of("LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE",
            "INTO");
    private static final Set<String> NOT_COLUMNS = Set.of("CONSTRAINT", "INDEX", "KEY", "UNIQUE", "PRIMARY",
            "FOREIGN", "CHECK", "FULLTEXT", "SPATIAL", "PARTITION", "PERIOD", "SYSTEM", "EXCLUDE");

    private final Dialect dialect;
    private final Set<Modification> modifications = new LinkedHashSet<>();
    private final Set<String> createdTables = new LinkedHashSet<>();
    private final Set<String> addedColumns = new LinkedHashSet<>();
    private final Set<String> temporaryTables = new LinkedHashSet<>();
    private final List<PreparedName> preparedNames = new ArrayList<>();
    private Analysis.FromQuery tableFromQuery = Analysis.FromQuery.NONE;
    private final Set<TypeChange> typeChanges = new LinkedHashSet<>();
    private boolean callsOther;
    private boolean holdsCursor;
    private boolean runsPrepared;
    private boolean changesSchema;
    private final List<String> armedFunctions = new ArrayList<>();

    /** @param dialect the dialect of the text */
    public StatementEffects(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Records the effects of one statement.
     *
     * @param tokens the statement's tokens
     * @param parsed its syntax trees; empty when it was not parsed or not understood
     */
    public void add(List<Token> tokens, List<Statement> parsed) {
        callsOther = callsOther || PureFunctions.callsOther(dialect, tokens) || dialect == Dialect.POSTGRESQL
                && (tokens.get(0).isWord("FETCH") || tokens.get(0).isWord("MOVE"));
        tableFromQuery = tableFromQuery.and(TablesFromQuery.kind(tokens, dialect));
        holdsCursor |= dialect == Dialect.POSTGRESQL && tokens.get(0).isWord("DECLARE") && declaresHold(tokens);
        List<Modification> found = new ArrayList<>();
        for (Statement statement : parsed) {
            DataModifications.updates(statement).forEach(update -> update(update, found));
            DataModifications.deletes(statement).forEach(delete -> delete(delete, found));
            DataModifications.merges(statement).forEach(merge -> merge(merge, found));
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            boolean start = i == 0 || tokens.get(i - 1).isSymbol('(') || tokens.get(i - 1).isSymbol(')');
            boolean replace = token.isWord("REPLACE") && dialect == Dialect.MYSQL;
            if (start && (token.isWord("INSERT") || replace)
                    && !(i + 1 < tokens.size() && tokens.get(i + 1).isSymbol('('))) {
                insert(tokens, i, replace, found);
            }
        }
        found.removeIf(modification -> isTemporary(modification.table()));
        for (Modification modification : found) {
            modifications.add(found.size() == 1 ? modification : new Modification(modification.kind(),
                    modification.table(), modification.keyColumns(), modification.setColumns(), false));
        }
        if (tokens.get(0).isWord("CREATE")) {
            createdTable(tokens);
        } else if (dialect == Dialect.POSTGRESQL && TablesFromQuery.selectInto(tokens) >= 0) {
            selectInto(tokens, TablesFromQuery.selectInto(tokens));
        }
        AlterTableClauses.read(tokens).ifPresent(alter -> {
            addedColumns(alter);
            typeChanges(alter);
        });
    }

    /** The tables changed, in statement order, without duplicates. */
    public List<Modification> modifications() {
        return List.copyOf(modifications);
    }

    /** The tables created. */
    public Set<String> createdTables() {
        return createdTables;
    }

    /**
     * @param table a table as a statement names it
     * @return whether an earlier statement of the text created it as a temporary table, named the same way (folded
     *     as the server folds names, without quotes), or it is in PostgreSQL's {@code pg_temp}, which always stands
     *     for the session's own temporary schema (<a
     *     href="https://www.postgresql.org/docs/15/runtime-config-client.html#GUC-SEARCH-PATH">search_path</a>)
     */
    public boolean isTemporary(String table) {
        String name = unquoted(table);
        return temporaryTables.contains(name) || dialect == Dialect.POSTGRESQL && name.startsWith("pg_temp.");
    }

    private static String unquoted(String table) {
        return table.replace("\"", "").replace("`", "").toLowerCase(Locale.ROOT);
    }

    /**
     * Records what a statement does to the session's named prepared statements.
     *
     * @param use the statement's use of a name
     */
    public void prepared(PreparedName use) {
        preparedNames.add(use);
    }

    /** What the statements do to named prepared statements, in order. */
    public List<PreparedName> preparedNames() {
        return List.copyOf(preparedNames);
    }

    /** Whether some statement declares a cursor {@code WITH HOLD}. */
    public boolean holdsCursor() {
        return holdsCursor;
    }

    /** {@code DECLARE name ... CURSOR WITH HOLD FOR query}: {@code WITH HOLD} before the {@code FOR}. */
    private static boolean declaresHold(List<Token> tokens) {
        for (int i = 1; i + 1 < tokens.size() && !tokens.get(i).isWord("FOR"); i++) {
            if (tokens.get(i).isWord("WITH") && tokens.get(i + 1).isWord("HOLD")) {
                return true;
            }
        }
        return false;
    }

    /** Whether and what kind of table some statement creates from a query. */
    public Analysis.FromQuery tableFromQuery() {
        return tableFromQuery;
    }

    /**
     * Sets whether a function that may write was called so far, for a caller that looks at a part of the text alone
     * (the statement a {@code PREPARE} holds).
     *
     * @param value the new value
     * @return the value before
     */
    public boolean swapCallsOther(boolean value) {
        boolean before = callsOther;
        callsOther = value;
        return before;
    }

    /** The columns added, as {@code table.column}. */
    public Set<String> addedColumns() {
        return addedColumns;
    }

    /** The column type changes, in statement order, without duplicates. */
    public List<TypeChange> typeChanges() {
        return List.copyOf(typeChanges);
    }

    /**
     * Notes a statement that runs (not one in a body of stored code): one that starts with {@code CREATE},
     * {@code ALTER}, {@code DROP} or {@code RENAME} may change what the catalog says of tables.
     *
     * @param tokens the statement's tokens
     */
    public void statementRuns(List<Token> tokens) {
        if (!tokens.isEmpty()) {
            Token first = tokens.get(0);
            changesSchema |= first.isWord("CREATE") || first.isWord("ALTER") || first.isWord("DROP")
                    || first.isWord("RENAME");
        }
    }

    /**
     * Records functions armed code of the text runs, whose bodies only the server holds.
     *
     * @param functions their names as written
     */
    public void armFunctions(List<String> functions) {
        armedFunctions.addAll(functions);
    }

    /** The functions recorded by {@link #armFunctions}, in statement order. */
    public List<String> armedFunctions() {
        return armedFunctions;
    }

    /** Whether some statement that runs may change what the catalog says of tables. */
    public boolean changesSchema() {
        return changesSchema;
    }

    /** Records that a statement runs a statement the session prepared earlier ({@code EXECUTE name}). */
    public void markRunsPrepared() {
        runsPrepared = true;
    }

    /** Whether some statement runs a statement the session prepared earlier. */
    public boolean runsPrepared() {
        return runsPrepared;
    }

    /** Whether some statement calls a function that is not a known pure built-in. */
    public boolean callsOther() {
        return callsOther;
    }

    private void update(Update update, List<Modification> found) {
        List<FromItem> relations = WherePredicates.relations(update);
        Map<Table, Set<String>> assigned = new LinkedHashMap<>();
        for (UpdateSet set : update.getUpdateSets()) {
            for (Column column : set.getColumns()) {
                assigned.computeIfAbsent(owner(column, relations, update.getTable()), t -> new LinkedHashSet<>())
                        .add(part(column.getColumnName()));
            }
        }
        boolean alone = assigned.size() == 1 && relations.size() == 1 && !hasSubquery(update.getWhere());
        assigned.forEach((table, columns) -> found.add(new Modification("UPDATE", name(table),
                keyColumns(update.getWhere(), table), columns, alone)));
    }

    private void delete(Delete delete, List<Modification> found) {
        List<FromItem> relations = WherePredicates.relations(delete);
        List<Table> targets = WherePredicates.targets(delete, relations);
        boolean alone = targets.size() == 1 && relations.size() == 1 && !hasSubquery(delete.getWhere());
        targets.forEach(table -> found.add(new Modification("DELETE", name(table),
                keyColumns(delete.getWhere(), table), Set.of(), alone)));
    }

    private void merge(Merge merge, List<Modification> found) {
        Set<String> assigned = new LinkedHashSet<>();
        List<MergeOperation> operations = merge.getOperations() == null ? List.of() : merge.getOperations();
        for (MergeOperation operation : operations) {
            if (operation instanceof MergeUpdate update && update.getUpdateSets() != null) {
                update.getUpdateSets().forEach(set -> set.getColumns()
                        .forEach(column -> assigned.add(part(column.getColumnName()))));
            }
        }
        found.add(new Modification("MERGE", name(merge.getTable()), Set.of(), assigned, false));
    }

    /** The table of {@code relations} that {@code column} belongs to; {@code target} for an unqualified column. */
    private static Table owner(Column column, List<FromItem> relations, Table target) {
        return column.getTable() != null && WherePredicates.owner(column, relations) instanceof Table table ? table
                : target;
    }

    /** The target's columns that a top-level conjunct compares with {@code =} to a literal or parameter. */
    private Set<String> keyColumns(Expression where, Table target) {
        Set<String> keys = new LinkedHashSet<>();
        for (Expression conjunct : WherePredicates.conjuncts(where)) {
            if (conjunct instanceof EqualsTo equals) {
                Expression left = equals.getLeftExpression();
                Expression right = equals.getRightExpression();
                if (left instanceof ExpressionList<?> columns && right instanceof ExpressionList<?> values
                        && columns.size() == values.size()) {
                    for (int i = 0; i < columns.size(); i++) {
                        keyColumn(columns.get(i), values.get(i), target, keys);
                    }
                } else {
                    keyColumn(left, right, target, keys);
                }
            }
        }
        return keys;
    }

    /**
     * Adds the target's column that one side compares with a literal or parameter on the other; a row comparison
     * {@code (a, b) = (?, ?)} compares each pair so (PostgreSQL <a
     * href="https://www.postgresql.org/docs/15/functions-comparisons.html#ROW-WISE-COMPARISON">Row Constructor
     * Comparison</a>).
     */
    private void keyColumn(Expression one, Expression other, Table target, Set<String> keys) {
        Expression left = WherePredicates.unparenthesized(one);
        Expression right = WherePredicates.unparenthesized(other);
        Column column = left instanceof Column l && WherePredicates.isLiteralOrParameter(right) ? l
                : right instanceof Column r && WherePredicates.isLiteralOrParameter(left) ? r : null;
        if (column != null && WherePredicates.belongsTo(column, target)) {
            keys.add(part(column.getColumnName()));
        }
    }

    private static boolean hasSubquery(Expression where) {
        if (where == null) {
            return false;
        }
        boolean[] found = {false};
        where.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(Select select, S context) {
                found[0] = true;
                return null;
            }
        }, null);
        return found[0];
    }

    /**
     * {@code INSERT [modifiers] [INTO] t ...} or MySQL {@code REPLACE ...} starting at {@code at}, up to the end of
     * its parentheses.
     */
    private void insert(List<Token> tokens, int at, boolean replace, List<Modification> found) {
        int depth = tokens.get(at).depth();
        int end = at + 1;
        while (end < tokens.size() && tokens.get(end).depth() >= depth) {
            end++;
        }
        int i = at + 1;
        while (i < end && INSERT_MODIFIERS.stream().anyMatch(tokens.get(i)::isWord)) {
            i++;
        }
        List<String> table = new ArrayList<>();
        i = qualifiedName(tokens, i, end, table);
        if (table.isEmpty()) {
            return;
        }
        Set<String> assigned = new LinkedHashSet<>();
        boolean upsert = replace;
        boolean source = false;
        for (int j = i; j < end; j++) {
            Token token = tokens.get(j);
            source |= token.isWord("SELECT") || token.isWord("TABLE");
            if (token.depth() != depth) {
                continue;
            }
            if (token.isWord("UPDATE") && (tokens.get(j - 1).isWord("DO") || tokens.get(j - 1).isWord("KEY"))) {
                upsert = true;
                int from = j + 1 < end && tokens.get(j + 1).isWord("SET") ? j + 2 : j + 1;
                assignments(tokens, from, end, depth, assigned);
            }
        }
        if (replace && i < end && tokens.get(i).isWord("SET")) {
            assignments(tokens, i + 1, end, depth, assigned);
        } else if (replace && i < end && tokens.get(i).isSymbol('(') && i + 1 < end && isName(tokens.get(i + 1))) {
            for (int j = i + 1; j < end && tokens.get(j).depth() > depth; j++) {
                if (isName(tokens.get(j))) {
                    assigned.add(name(tokens.get(j)));
                }
            }
        }
        found.add(new Modification(upsert ? "UPSERT" : "INSERT", String.join(".", table), Set.of(), assigned,
                !source));
    }

    /** The assigned columns of {@code a = ..., t.b = ..., (c, d) = ...}, up to WHERE or RETURNING. */
    private void assignments(List<Token> tokens, int from, int end, int depth, Set<String> out) {
        boolean target = true;
        for (int j = from; j < end; j++) {
            Token token = tokens.get(j);
            if (token.depth() == depth && (token.isWord("WHERE") || token.isWord("RETURNING"))) {
                return;
            }
            if (token.depth() == depth && (token.isSymbol('=') || token.isSymbol(','))) {
                target = token.isSymbol(',');
            } else if (target && isName(token) && !(j + 1 < end && tokens.get(j + 1).isSymbol('.'))) {
                out.add(name(token));
            }
        }
    }

    /**
     * A table created by the statement. {@code IF NOT EXISTS} on a permanent table does not count: the table may have
     * existed, and the caller must never take an existing table for one the session created.
     */
    private void createdTable(List<Token> tokens) {
        int i = 1;
        boolean temporary = false;
        while (i < tokens.size() && tokens.get(i).kind() == Token.Kind.WORD
                && CREATE_MODIFIERS.contains(tokens.get(i).value())) {
            temporary |= tokens.get(i).isWord("TEMPORARY") || tokens.get(i).isWord("TEMP");
            i++;
        }
        if (i < tokens.size() && tokens.get(i).isWord("TABLE")) {
            i++;
            if (i + 2 < tokens.size() && tokens.get(i).isWord("IF") && tokens.get(i + 1).isWord("NOT")) {
                if (!temporary) {
                    return;
                }
                i += 3;
            }
            created(tokens, i, temporary);
        }
    }

    /** The table of a PostgreSQL {@code SELECT ... INTO [TEMPORARY | TEMP | UNLOGGED] [TABLE] t}. */
    private void selectInto(List<Token> tokens, int into) {
        int i = into + 1;
        boolean temporary = false;
        while (i < tokens.size() && (tokens.get(i).isWord("TEMPORARY") || tokens.get(i).isWord("TEMP")
                || tokens.get(i).isWord("UNLOGGED") || tokens.get(i).isWord("TABLE"))) {
            temporary |= tokens.get(i).isWord("TEMPORARY") || tokens.get(i).isWord("TEMP");
            i++;
        }
        created(tokens, i, temporary);
    }

    /** Records the table named at {@code at} as created. */
    private void created(List<Token> tokens, int at, boolean temporary) {
        List<String> table = new ArrayList<>();
        qualifiedName(tokens, at, tokens.size(), table);
        if (!table.isEmpty()) {
            String name = String.join(".", table);
            createdTables.add(name);
            if (temporary) {
                temporaryTables.add(unquoted(name));
            }
        }
    }

    private void addedColumns(AlterTableClauses.AlterTable alter) {
        String table = alter.nameParts().stream().map(this::name).collect(Collectors.joining("."));
        for (List<Token> clause : alter.clauses()) {
            if (!clause.get(0).isWord("ADD") || clause.size() < 2) {
                continue;
            }
            int i = 1;
            boolean column = clause.get(i).isWord("COLUMN");
            i += column ? 1 : 0;
            if (i + 2 < clause.size() && clause.get(i).isWord("IF") && clause.get(i + 1).isWord("NOT")) {
                continue;
            }
            if (i >= clause.size()) {
                continue;
            }
            Token first = clause.get(i);
            if (first.isSymbol('(')) {
                boolean itemStart = true;
                for (Token token : clause.subList(i + 1, clause.size())) {
                    if (itemStart && isName(token) && !NOT_COLUMNS.contains(token.value())) {
                        addedColumns.add(table + "." + name(token));
                    }
                    itemStart = token.isSymbol(',') && token.depth() == first.depth() + 1;
                }
            } else if (isName(first) && (column || !NOT_COLUMNS.contains(first.value()))) {
                addedColumns.add(table + "." + name(first));
            }
        }
    }

    private void typeChanges(AlterTableClauses.AlterTable alter) {
        List<Token> parts = alter.nameParts();
        if (parts.isEmpty() || !isName(parts.get(parts.size() - 1))) {
            return;
        }
        String table = name(parts.get(parts.size() - 1));
        String schema = parts.size() > 1 ? name(parts.get(parts.size() - 2)) : null;
        for (List<Token> clause : alter.clauses()) {
            AlterTableClauses.typeChange(clause).ifPresent(change -> typeChanges.add(typeChange(schema, table,
                    change)));
        }
    }

    /**
     * A type change with how its values are converted: {@code USING c} alone is an assignment, as no
     * {@code USING}; {@code USING c::t} and {@code USING CAST(c AS t)} are an explicit cast to {@code t}, also in
     * parentheses; anything else is an expression.
     */
    private TypeChange typeChange(String schema, String table, AlterTableClauses.TypeClause change) {
        String column = name(change.column());
        String newType = ParserText.of(change.type(), dialect);
        List<Token> using = change.using();
        if (using.isEmpty()) {
            return new TypeChange(schema, table, column, newType, TypeChange.Cast.ASSIGNMENT, null, null);
        }
        String text = ParserText.of(using, dialect);
        while (enclosed(using)) {
            using = using.subList(1, using.size() - 1);
        }
        boolean startsWithColumn = isName(using.get(0)) && name(using.get(0)).equals(column);
        if (using.size() == 1 && startsWithColumn) {
            return new TypeChange(schema, table, column, newType, TypeChange.Cast.ASSIGNMENT, null, text);
        }
        List<Token> castType = null;
        if (startsWithColumn && using.size() > 3 && using.get(1).isSymbol(':') && using.get(2).isSymbol(':')) {
            castType = using.subList(3, using.size());
        } else if (using.size() > 5 && using.get(0).isWord("CAST") && using.get(1).isSymbol('(')
                && isName(using.get(2)) && name(using.get(2)).equals(column) && using.get(3).isWord("AS")
                && using.get(using.size() - 1).isSymbol(')')
                && using.get(using.size() - 1).depth() == using.get(0).depth()) {
            castType = using.subList(4, using.size() - 1);
        }
        return castType != null && isTypeName(castType)
                ? new TypeChange(schema, table, column, newType, TypeChange.Cast.EXPLICIT,
                        ParserText.of(castType, dialect), text)
                : new TypeChange(schema, table, column, newType, TypeChange.Cast.EXPRESSION, null, text);
    }

    /** Whether the tokens are one expression in parentheses, {@code (c::varchar(255))} as Liquibase writes it. */
    private static boolean enclosed(List<Token> tokens) {
        int depth = tokens.get(0).depth();
        if (tokens.size() < 3 || !tokens.get(0).isSymbol('(') || !tokens.get(tokens.size() - 1).isSymbol(')')) {
            return false;
        }
        return tokens.subList(1, tokens.size() - 1).stream().allMatch(token -> token.depth() > depth);
    }

    /**
     * Whether tokens are a type name and nothing more: names, dots and brackets, and numbers and commas in
     * parentheses ({@code varchar(2)}, {@code pg_catalog.numeric(10, 2)}, {@code int[]}).
     */
    private static boolean isTypeName(List<Token> tokens) {
        int depth = tokens.get(0).depth();
        for (Token token : tokens) {
            boolean allowed = token.depth() == depth
                    ? isName(token) || token.isSymbol('(') || token.isSymbol(')') || token.isSymbol('.')
                            || token.isSymbol('[') || token.isSymbol(']')
                    : token.depth() == depth + 1 && (token.kind() == Token.Kind.NUMBER || token.isSymbol(','));
            if (!allowed) {
                return false;
            }
        }
        return isName(tokens.get(0));
    }

    /** Reads {@code name [. name ...]} at {@code at} into {@code out}; returns the index after it. */
    private int qualifiedName(List<Token> tokens, int at, int end, List<String> out) {
        int i = at;
        while (i < end && isName(tokens.get(i))) {
            out.add(name(tokens.get(i)));
            if (i + 2 < end && tokens.get(i + 1).isSymbol('.')) {
                i += 2;
            } else {
                return i + 1;
            }
        }
        return i;
    }

    private static boolean isName(Token token) {
        return token.kind() == Token.Kind.WORD || token.kind() == Token.Kind.QUOTED_IDENTIFIER;
    }

    /** An identifier token folded as the server folds it. */
    private String name(Token token) {
        return token.kind() == Token.Kind.QUOTED_IDENTIFIER ? token.value()
                : dialect == Dialect.POSTGRESQL ? token.text().toLowerCase(Locale.ROOT) : token.text();
    }

    /** A table of the syntax tree, schema-qualified when written so, folded as the server folds it. */
    private String name(Table table) {
        List<String> parts = new ArrayList<>();
        if (table.getDatabase() != null && table.getDatabase().getDatabaseName() != null) {
            parts.add(part(table.getDatabase().getDatabaseName()));
        }
        if (table.getSchemaName() != null) {
            parts.add(part(table.getSchemaName()));
        }
        parts.add(part(table.getName()));
        return String.join(".", parts);
    }

    /** One name of the syntax tree, written with or without quotes, folded as the server folds it. */
    private String part(String written) {
        if (written.length() >= 2 && (written.charAt(0) == '"' || written.charAt(0) == '`')
                && written.charAt(written.length() - 1) == written.charAt(0)) {
            String quote = written.substring(0, 1);
            return written.substring(1, written.length() - 1).replace(quote + quote, quote);
        }
        return dialect == Dialect.POSTGRESQL ? written.toLowerCase(Locale.ROOT) : written;
    }
}
