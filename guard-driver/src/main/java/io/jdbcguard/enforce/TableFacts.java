package io.jdbcguard.enforce;

import io.jdbcguard.rules.Modification;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the server's catalog says about one table, for the row-limit check: the sets of columns that identify at most
 * one row (the primary key and every unique index over NOT NULL columns, without expressions or predicates), whether
 * a change to it can run other code (triggers, PostgreSQL rules), whether deleting its rows or changing some of its
 * columns cascades into tables that reference it, and whether the table can roll back a write. Learned with one
 * catalog query (what each server's catalog is asked: {@link ServerSql#tableFacts}) and cached
 * ({@link TableFactsCache}: bounded, expiring after {@link TableFactsCache#TTL}; forgotten when the guard sees DDL),
 * keyed by the server's identity, the session's name resolution (PostgreSQL {@code current_user} and
 * {@code search_path}, MySQL {@code DATABASE()}) and the name as written, so after {@code SET search_path},
 * {@code USE} or a server switched behind an address the same name is looked up again ({@link EffectCheck} keys it).
 *
 * @param keys the column sets that identify one row, lower-cased
 * @param transactional whether a write to the table can be rolled back
 * @param known whether the server knows the table (false for a table it could not find, e.g. another session's
 *     temporary table or a view)
 * @param triggers whether a change to the table may run triggers or rules, or (PostgreSQL) reach its partitions or
 *     inheritance children
 * @param cascadesOnDelete whether deleting a row can change rows of a referencing table
 * @param cascadingColumns the columns (lower-cased) whose change cascades into a referencing table
 * @param triggerBodies MySQL/MariaDB: the statements of the table's triggers, for the tables they change
 * @param estimate the server's estimate of the table's rows when the facts were read (PostgreSQL
 *     {@code pg_class.reltuples}, MySQL/MariaDB {@code information_schema.TABLES.TABLE_ROWS}); negative when it has
 *     none
 */
public record TableFacts(List<Set<String>> keys, boolean transactional, boolean known, boolean triggers,
        boolean cascadesOnDelete, Set<String> cascadingColumns, List<String> triggerBodies, double estimate) {
    /** Copies the collections. */
    public TableFacts {
        keys = List.copyOf(keys);
        cascadingColumns = Set.copyOf(cascadingColumns);
        triggerBodies = List.copyOf(triggerBodies);
    }

    /**
     * @param columns the columns a statement compares with a single value each
     * @return whether they include a key, so the statement touches at most one row
     */
    public boolean identifiesOneRow(Set<String> columns) {
        List<String> lower = new ArrayList<>();
        for (String column : columns) {
            lower.add(column.toLowerCase(Locale.ROOT));
        }
        return keys.stream().anyMatch(lower::containsAll);
    }

    /**
     * Whether a change's effect on this table is only the rows the change itself names: no trigger or rule runs, and
     * nothing cascades from what it does (a DELETE with a cascading delete rule, an UPDATE assigning a column whose
     * update cascades, an upsert that may delete).
     *
     * @param modification a change of this table
     * @return whether nothing beyond the change itself can follow from it
     */
    public boolean confined(Modification modification) {
        return !triggers && !cascadesFrom(modification);
    }

    /**
     * @param modification a change of this table
     * @return whether a foreign key's action cascades from it into a referencing table: a DELETE, MERGE or upsert
     *     when deleting or changing a referenced column cascades, an UPDATE assigning a referenced column whose update
     *     cascades; never an INSERT
     */
    public boolean cascadesFrom(Modification modification) {
        return switch (modification.kind()) {
            case "INSERT" -> false;
            case "UPDATE" -> !cascadingColumns.isEmpty() && modification.setColumns().stream()
                    .anyMatch(column -> cascadingColumns.contains(column.toLowerCase(Locale.ROOT)));
            default -> cascadesOnDelete || !cascadingColumns.isEmpty();
        };
    }

    /**
     * Reads the rows of a server's facts query ({@link ServerSql#tableFacts}), one fact per row: its kind in the
     * first column, a value in the second, a flag in the third. {@code k}: a unique key's columns, comma-separated,
     * usable when the flag says they are all NOT NULL; {@code t}: the table itself, once when the catalog knows it,
     * in the server's own shape; {@code g}: a trigger's statement; {@code d}: a foreign key whose delete action
     * cascades; {@code u}: a referenced column whose update cascades.
     *
     * @param rows the query's rows, read to the end
     * @param table what the server's {@code t} row says
     * @return the table's facts; not {@link #known} when no {@code t} row came
     * @throws SQLException when a row cannot be read
     */
    static TableFacts read(ResultSet rows, TableRow table) throws SQLException {
        Builder facts = new Builder();
        while (rows.next()) {
            String value = rows.getString(2);
            switch (rows.getString(1)) {
                case "k" -> {
                    if (value != null && rows.getBoolean(3)) {
                        facts.keys.add(Set.of(value.toLowerCase(Locale.ROOT).split(",")));
                    }
                }
                case "t" -> {
                    facts.known = true;
                    table.read(facts, value, rows);
                }
                case "g" -> {
                    facts.triggers = true;
                    facts.triggerBodies.add(value);
                }
                case "d" -> facts.cascadesOnDelete = true;
                default -> facts.cascadingColumns.add(value.toLowerCase(Locale.ROOT));
            }
        }
        return new TableFacts(facts.keys, facts.transactional, facts.known, facts.triggers, facts.cascadesOnDelete,
                facts.cascadingColumns, facts.triggerBodies, facts.estimate);
    }

    /** How a server's facts query gives the table itself ({@code t}): its estimated rows, and more per server. */
    @FunctionalInterface
    interface TableRow {
        /**
         * @param facts receives what the row says ({@link Builder#table})
         * @param value the row's second column
         * @param row the row, for its other columns
         * @throws SQLException when the row cannot be read
         */
        void read(Builder facts, String value, ResultSet row) throws SQLException;
    }

    /** The facts read so far from a facts query's rows ({@link #read}). */
    static final class Builder {
        private final List<Set<String>> keys = new ArrayList<>();
        private boolean transactional = true;
        private boolean known;
        private boolean triggers;
        private boolean cascadesOnDelete;
        private final Set<String> cascadingColumns = new HashSet<>();
        private final List<String> triggerBodies = new ArrayList<>();
        private double estimate = -1;

        private Builder() {
        }

        /**
         * What the table's own row says.
         *
         * @param rows the server's estimate of the table's rows, negative when it has none
         * @param runsMore whether a change of it runs triggers or rules, or reaches other tables (PostgreSQL)
         * @param rollsBack whether a write to it can be rolled back
         */
        void table(double rows, boolean runsMore, boolean rollsBack) {
            estimate = rows;
            triggers |= runsMore;
            transactional = rollsBack;
        }
    }
}
