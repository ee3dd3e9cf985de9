package io.jdbcguard.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The result of analysing one SQL text: every finding of every rule over every statement in it, and what the driver
 * needs to judge the text by its effect. An empty finding list means no rule objects. Which findings block is the
 * caller's decision (the policy enables rules per origin and target).
 *
 * @param findings all findings, in statement order; never null
 * @param changesSession whether a statement of the text may change the session settings that decide how later text
 *     is read ({@link SessionSettings}): the caller re-reads them from the server after running it
 * @param readOnly whether every statement of the text only reads and leaves the session's read-only setting alone
 *     (see {@link io.jdbcguard.rules.semantics.ReadOnlyStatements}), for read-only sessions
 * @param modifications the tables the text's data-modifying statements change, in statement order
 * @param createdTables the tables the text creates ({@code CREATE [TEMPORARY] TABLE}), named as in
 *     {@link Modification#table()}
 * @param addedColumns the columns the text adds to tables ({@code ALTER TABLE t ADD [COLUMN] c}), as
 *     {@code table.column}
 * @param typeChanges the column type changes of the text's {@code ALTER TABLE} statements, in statement order, for
 *     the driver to judge against the columns' live types ({@link io.jdbcguard.rules.analyzer.TypeConversions})
 * @param mayHideWrites whether the text calls a function that is not a known side-effect-free built-in, or runs the
 *     query of a cursor ({@code FETCH}, {@code MOVE}), so a write may hide behind it (in a read-only text the server
 *     must judge whether it writes; in a change, the change may write tables it does not name)
 * @param runsPrepared whether the text runs a statement whose text it does not hold: {@code EXECUTE name} of a
 *     statement the session prepared earlier (PostgreSQL <a
 *     href="https://www.postgresql.org/docs/15/sql-execute.html">EXECUTE</a>, MySQL/MariaDB <a
 *     href="https://mariadb.com/kb/en/execute-statement/">EXECUTE</a>), so only the server can say what it changes
 * @param changesSchema whether a statement of the text may change what the catalog says of tables ({@code CREATE},
 *     {@code ALTER}, {@code DROP}, {@code RENAME}: keys, triggers, rules, foreign keys), so what a caller learned of
 *     them is stale once it ran
 * @param severalStatements whether the text holds more than one statement (in some reading of it), so a count the
 *     server reports for it is not one statement's
 * @param reusableByShape whether this analysis holds for every text of the same shape (the same tokens with other
 *     literal values of the same types): no literal value influenced any finding or any other component
 * @param preparedNames what the text's statements do to the session's named prepared statements, in statement order
 *     ({@link PreparedName}), so the caller can tell what a later {@code EXECUTE name} runs
 * @param tableFromQuery whether a statement creates a table or materialized view from a query, which evaluates the
 *     query and every function it calls ({@code CREATE [TEMPORARY] TABLE ... AS SELECT}, MySQL
 *     {@code CREATE TABLE ... SELECT}, PostgreSQL {@code SELECT ... INTO}, {@code CREATE MATERIALIZED VIEW ... AS}),
 *     and of what kind: {@link FromQuery#PERMANENT} when any such table is permanent
 * @param queriesOnly whether every statement of the text only evaluates queries and changes no rows itself: it is
 *     {@link #readOnly()}, or it also locks rows (PostgreSQL {@code FOR UPDATE}, which PostgreSQL refuses in a
 *     read-only transaction), writes its result (PostgreSQL {@code SELECT ... INTO t}, MySQL {@code INTO OUTFILE}) or
 *     creates a table from its query ({@link #tableFromQuery()}); what functions it calls write is then all it could
 *     change in existing tables
 * @param holdsCursor whether a statement declares a PostgreSQL cursor {@code WITH HOLD}, whose rows are computed when
 *     the transaction that declared it commits (<a
 *     href="https://www.postgresql.org/docs/15/sql-declare.html">DECLARE</a>), so the functions its query calls run
 *     then, not when the {@code DECLARE} runs
 * @param armedFunctions the PostgreSQL functions a {@code CREATE TRIGGER} of the text makes run for every row (as
 *     written): their bodies only the server holds, so a caller that can read them judges them with
 *     {@link io.jdbcguard.rules.analyzer.StatementAnalyzer#triggerFunction}
 */
public record Analysis(List<Finding> findings, boolean changesSession, boolean readOnly,
        List<Modification> modifications, Set<String> createdTables, Set<String> addedColumns,
        List<TypeChange> typeChanges, boolean mayHideWrites, boolean runsPrepared, boolean changesSchema,
        boolean severalStatements, boolean reusableByShape, List<PreparedName> preparedNames, FromQuery tableFromQuery, boolean queriesOnly,
        boolean holdsCursor, List<String> armedFunctions) {
    /** An analysis with no findings of a read-only text. */
    public static final Analysis CLEAN = new Analysis(List.of(), false, true, List.of(), Set.of(), Set.of(),
            List.of(), false, false, false, false, false, List.of(), FromQuery.NONE, true, false, List.of());

    /** Whether a text creates a table from a query, and whether it lasts beyond the session. */
    public enum FromQuery {
        /** No statement creates a table from a query. */
        NONE,
        /** Only temporary tables are created from a query. */
        TEMPORARY,
        /** A permanent table (or materialized view) is created from a query. */
        PERMANENT;

        /**
         * @param other another statement's kind
         * @return the kind of both together: the more lasting one
         */
        public FromQuery and(FromQuery other) {
            return compareTo(other) >= 0 ? this : other;
        }
    }

    /**
     * Copies the collections.
     *
     * @throws NullPointerException if a collection or an element is null
     */
    public Analysis {
        findings = List.copyOf(findings);
        modifications = List.copyOf(modifications);
        createdTables = Set.copyOf(createdTables);
        addedColumns = Set.copyOf(addedColumns);
        typeChanges = List.copyOf(typeChanges);
        preparedNames = List.copyOf(preparedNames);
        Objects.requireNonNull(tableFromQuery, "tableFromQuery");
        armedFunctions = List.copyOf(armedFunctions);
    }

    /**
     * @param more findings to add, e.g. those the driver made by judging what only the server knows (the type
     *     changes against the live columns, {@link #armedFunctions()})
     * @return this analysis with {@code more} after its findings; this analysis when {@code more} is empty
     */
    public Analysis withFindings(List<Finding> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Finding> all = new ArrayList<>(findings);
        all.addAll(more);
        return new Analysis(all, changesSession, readOnly, modifications, createdTables, addedColumns, typeChanges,
                mayHideWrites, runsPrepared, changesSchema, severalStatements, reusableByShape, preparedNames,
                tableFromQuery, queriesOnly, holdsCursor, armedFunctions);
    }

    /**
     * An analysis of findings and session facts only.
     *
     * @param findings all findings
     * @param changesSession whether a statement may change the session's reading settings
     * @param readOnly whether every statement only reads
     */
    public Analysis(List<Finding> findings, boolean changesSession, boolean readOnly) {
        this(findings, changesSession, readOnly, List.of(), Set.of(), Set.of(), List.of(), false, false, false, false,
                false, List.of(), FromQuery.NONE, readOnly, false, List.of());
    }
}
