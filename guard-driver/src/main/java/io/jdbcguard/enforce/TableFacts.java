package io.jdbcguard.enforce;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Modification;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * catalog query and cached ({@link TableFactsCache}: bounded, expiring after {@link TableFactsCache#TTL}; forgotten
 * when the guard sees DDL), keyed by the server's identity, the session's name resolution (PostgreSQL
 * {@code current_user} and {@code search_path}, MySQL {@code DATABASE()}) and the name as written, so after
 * {@code SET search_path}, {@code USE} or a server switched behind an address the same name is looked up again
 * ({@link EffectCheck} keys it).
 *
 * <p>PostgreSQL: {@code pg_index} ({@code indisunique}, no {@code indpred}/{@code indexprs}) with
 * {@code pg_attribute.attnotnull}; {@code pg_trigger} rows that are not internal (foreign-key checks are) and
 * {@code pg_class.relhasrules}, and a partitioned table or one with inheritance children ({@code relkind = 'p'},
 * {@code relhassubclass}: a change of it changes rows of other tables, its partitions and children, which the server
 * counts under their own names) counts as one whose change runs more than itself; {@code pg_constraint} foreign keys referencing the table with
 * {@code confdeltype}/{@code confupdtype} {@code c} (CASCADE), {@code n} (SET NULL) or {@code d} (SET DEFAULT)
 * (<a href="https://www.postgresql.org/docs/15/catalog-pg-constraint.html">pg_constraint</a>); every table rolls
 * back. MySQL/MariaDB: {@code information_schema.statistics} ({@code non_unique = 0}) with
 * {@code columns.is_nullable}; {@code tables.engine}: only InnoDB rolls back (<a
 * href="https://mariadb.com/kb/en/storage-engines/">MariaDB storage engines</a>); {@code information_schema.triggers}
 * (shown only for tables the user has the TRIGGER privilege on); {@code referential_constraints} with
 * {@code key_column_usage} for children in the same database whose {@code DELETE_RULE}/{@code UPDATE_RULE} is
 * CASCADE, SET NULL or SET DEFAULT.
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
    /**
     * Rows: {@code k} one per usable unique key (columns, all NOT NULL); {@code t} once when the table exists (with
     * whether it has triggers or rules); {@code d} when a delete cascades; {@code u} per column whose update
     * cascades.
     */
    private static final String PG_FACTS = "WITH t AS (SELECT c.oid, c.reltuples, c.relhasrules OR c.relkind = 'p'"
            + " OR c.relhassubclass AS relhasrules FROM pg_catalog.pg_class c"
            + " JOIN pg_catalog.pg_namespace ns ON ns.oid = c.relnamespace WHERE c.relname = ?"
            + " AND (ns.nspname = CAST(? AS text) OR (CAST(? AS text) IS NULL"
            + " AND pg_catalog.pg_table_is_visible(c.oid))))"
            + " SELECT 'k', string_agg(a.attname, ',' ORDER BY k.n), bool_and(a.attnotnull) FROM t"
            + " JOIN pg_catalog.pg_index i ON i.indrelid = t.oid"
            + " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)"
            + " JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum"
            + " WHERE i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL GROUP BY i.indexrelid"
            + " UNION ALL SELECT 't', CAST(t.reltuples AS text), t.relhasrules OR EXISTS (SELECT 1"
            + " FROM pg_catalog.pg_trigger g"
            + " WHERE g.tgrelid = t.oid AND NOT g.tgisinternal) FROM t"
            + " UNION ALL SELECT 'd', NULL, true FROM t WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_constraint f"
            + " WHERE f.confrelid = t.oid AND f.contype = 'f' AND f.confdeltype IN ('c', 'n', 'd'))"
            + " UNION ALL SELECT 'u', a.attname, true FROM t JOIN pg_catalog.pg_constraint f ON f.confrelid = t.oid"
            + " AND f.contype = 'f' AND f.confupdtype IN ('c', 'n', 'd')"
            + " CROSS JOIN LATERAL unnest(f.confkey) AS k(attnum)"
            + " JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum";
    /**
     * Rows: {@code k} per unique key; {@code t} once (engine); {@code g} per trigger (its statement); {@code d} per
     * referencing constraint with a cascading delete rule; {@code u} per referenced column with a cascading update
     * rule. Each information_schema table gets the schema and table as constants in its own WHERE clause: the server
     * then opens only that table's (or schema's) definitions ({@code EXPLAIN}: "Scanned 0 databases" or "1
     * database"); named only through a join condition, every table of every database is read ("Scanned all
     * databases": 9-13 ms on the test server). <a
     * href="https://dev.mysql.com/doc/refman/5.7/en/information-schema-optimization.html">Optimizing
     * INFORMATION_SCHEMA Queries</a>.
     */
    private static final String MYSQL_FACTS = "SELECT 'k', GROUP_CONCAT(s.column_name ORDER BY s.seq_in_index),"
            + " MIN(c.is_nullable = 'NO') FROM information_schema.statistics s"
            + " JOIN information_schema.columns c ON c.column_name = s.column_name"
            + " WHERE s.table_schema = COALESCE(?, DATABASE()) AND s.table_name = ?"
            + " AND c.table_schema = COALESCE(?, DATABASE()) AND c.table_name = ? AND s.non_unique = 0"
            + " GROUP BY s.index_name"
            + " UNION ALL SELECT 't', CONCAT(COALESCE(t.table_rows, -1), ':', COALESCE(t.engine, '')), 1"
            + " FROM information_schema.tables t"
            + " WHERE t.table_schema = COALESCE(?, DATABASE()) AND t.table_name = ?"
            + " UNION ALL SELECT 'g', g.action_statement, 1 FROM information_schema.triggers g"
            + " WHERE g.event_object_schema = COALESCE(?, DATABASE()) AND g.event_object_table = ?"
            + " UNION ALL SELECT 'd', r.delete_rule, 1 FROM information_schema.referential_constraints r"
            + " WHERE r.constraint_schema = COALESCE(?, DATABASE()) AND r.referenced_table_name = ?"
            + " AND r.delete_rule IN ('CASCADE', 'SET NULL', 'SET DEFAULT')"
            + " UNION ALL SELECT 'u', u.referenced_column_name, 1 FROM information_schema.key_column_usage u"
            + " JOIN information_schema.referential_constraints r ON r.constraint_schema = u.constraint_schema"
            + " AND r.constraint_name = u.constraint_name AND r.table_name = u.table_name"
            + " WHERE u.table_schema = COALESCE(?, DATABASE()) AND u.referenced_table_name = ?"
            + " AND u.referenced_table_schema = COALESCE(?, DATABASE())"
            + " AND r.constraint_schema = COALESCE(?, DATABASE())"
            + " AND r.update_rule IN ('CASCADE', 'SET NULL', 'SET DEFAULT')";

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
     * Asks the server's catalog; {@link TableFactsCache#of} caches the answer.
     *
     * @param raw the vendor connection
     * @param dialect its dialect
     * @param table the table as the analysis names it ({@code schema.table} or {@code table})
     * @return the table's facts
     * @throws SQLException when the catalog cannot be read
     */
    static TableFacts read(Connection raw, Dialect dialect, String table) throws SQLException {
        int dot = table.lastIndexOf('.');
        String schema = dot < 0 ? null : table.substring(0, dot);
        String name = table.substring(dot + 1);
        List<Set<String>> keys = new ArrayList<>();
        boolean transactional = true;
        boolean known = false;
        boolean triggers = false;
        boolean cascadesOnDelete = false;
        Set<String> cascadingColumns = new HashSet<>();
        List<String> triggerBodies = new ArrayList<>();
        double estimate = -1;
        boolean postgres = dialect == Dialect.POSTGRESQL;
        try (PreparedStatement query = raw.prepareStatement(postgres ? PG_FACTS : MYSQL_FACTS)) {
            if (postgres) {
                query.setString(1, name);
                query.setString(2, schema);
                query.setString(3, schema);
            } else {
                for (int offset = 0; offset < 12; offset += 2) {
                    query.setString(offset + 1, schema);
                    query.setString(offset + 2, name);
                }
                query.setString(13, schema);
                query.setString(14, schema);
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String value = rows.getString(2);
                    switch (rows.getString(1)) {
                        case "k" -> {
                            if (value != null && rows.getBoolean(3)) {
                                keys.add(Set.of(value.toLowerCase(Locale.ROOT).split(",")));
                            }
                        }
                        case "t" -> {
                            known = true;
                            int colon = postgres ? -1 : value.indexOf(':');
                            estimate = Double.parseDouble(postgres ? value : value.substring(0, colon));
                            if (postgres) {
                                triggers |= rows.getBoolean(3);
                            } else {
                                transactional = "innodb".equalsIgnoreCase(value.substring(colon + 1));
                            }
                        }
                        case "g" -> {
                            triggers = true;
                            triggerBodies.add(value);
                        }
                        case "d" -> cascadesOnDelete = true;
                        default -> cascadingColumns.add(value.toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return new TableFacts(keys, transactional, known, triggers, cascadesOnDelete, cascadingColumns,
                triggerBodies, estimate);
    }
}
