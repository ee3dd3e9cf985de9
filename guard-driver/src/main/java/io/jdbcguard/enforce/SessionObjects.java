package io.jdbcguard.enforce;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.Modification;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The objects one connection created during its life: tables it created (temporary or not) and columns it added.
 * They are the session's own work, not production data, so the rules that protect existing rows do not apply to
 * them: such a table may be truncated, emptied and dropped, and an UPDATE that only sets columns the connection added
 * may touch every row (a migration that back-fills a new column, or builds and drops a scratch table). Kept per
 * connection, forgotten when it closes.
 *
 * <p>What counts is what the server says a name stands for now, not its spelling ({@link Catalog}): a table is own
 * when the server resolves its name, as a statement of this session would (quotes, letter case, {@code search_path},
 * the current database), to a temporary table (a session's temporary tables are its own by definition) or to the very
 * table this connection created (PostgreSQL: its OID; MySQL/MariaDB: database, name and creation time), and every
 * table whose rows it reaches through inheritance or partitions is own too ({@code ALTER TABLE users INHERIT own}
 * makes {@code DELETE FROM own} reach {@code users}). So a dropped temporary table no longer makes the base table
 * behind its name own, {@code "Users"} is not {@code users}, and a rename or a switch of database changes nothing.
 * A table counts as created only after the statement creating it ran without error ({@code CREATE TABLE IF NOT
 * EXISTS} of a permanent table never does: it may have existed). A finding is exempt only when every object it names
 * and every table its text changes is own. When the server cannot be asked, nothing is own.
 */
public final class SessionObjects {
    private static final Set<String> EXEMPT_RULES = Set.of("drop", "truncate", "delete-without-where",
            "update-without-where", "always-true-where", StatementGuard.ROW_LIMIT);

    /** How the server resolves table names now. */
    interface Catalog {
        /**
         * @param table a table name as the analysis gives it: its parts unquoted and folded as the server folds
         *     them, joined by {@code .}
         * @return what the name stands for now, or null when it stands for no table
         * @throws SQLException when the server cannot be asked
         */
        Relation resolve(String table) throws SQLException;

        /**
         * @param written a name as a statement wrote it, quotes included
         * @return its parts unquoted and folded as the server folds them, joined by {@code .} (a part holding a dot
         *     or a quote stays in double quotes: {@code ServerSql.joined})
         */
        String folded(String written);

        /**
         * @param column a column name as the analysis gives it
         * @return the name as the server compares column names (MySQL: in any letter case)
         */
        String column(String column);
    }

    /**
     * A table as the server knows it.
     *
     * @param id its identity on the server, or null when the server gives none
     * @param temporary whether it is a temporary table (of this session: no other can reach it)
     * @param reached the tables whose rows a statement on it reaches: its inheritance children and partitions, at
     *     any depth
     */
    record Relation(String id, boolean temporary, List<Relation> reached) {
    }

    private final Catalog catalog;
    /** The identities of the tables this connection created. */
    private final Set<String> tables = ConcurrentHashMap.newKeySet();
    /** The columns it added, as {@code identity.column}. */
    private final Set<String> columns = ConcurrentHashMap.newKeySet();
    /** What names stood for, since the last text that may have changed what they stand for. */
    private final Map<String, Optional<Relation>> resolved = new ConcurrentHashMap<>();

    /** @param catalog how the server resolves names */
    SessionObjects(Catalog catalog) {
        this.catalog = catalog;
    }

    /** @return whether the connection created or added anything yet (the common case is no: a cheap check) */
    public boolean isEmpty() {
        return tables.isEmpty() && columns.isEmpty();
    }

    /**
     * Remembers what a text that ran without error created, by the identity the server gives it now. After a text
     * that may change what names stand for (DDL, a session change), names are resolved again.
     *
     * @param analysis the text's analysis
     * @param sql the text
     */
    public void ran(Analysis analysis, String sql) {
        if (analysis.changesSchema() || analysis.changesSession()) {
            resolved.clear();
        }
        for (String table : analysis.createdTables()) {
            Relation relation = resolve(table);
            if (relation != null && relation.id() != null) {
                tables.add(relation.id());
            }
        }
        for (String column : analysis.addedColumns()) {
            int dot = column.lastIndexOf('.');
            Relation relation = dot < 0 ? null : resolve(column.substring(0, dot));
            if (relation != null && relation.id() != null) {
                columns.add(relation.id() + "." + catalog.column(column.substring(dot + 1)));
            }
        }
    }

    /** The caller's transaction ended: a table created in it may have been rolled back, so names resolve again. */
    public void transactionEnded() {
        resolved.clear();
    }

    /**
     * @param finding a finding of the text
     * @param analysis the text's analysis
     * @return whether the finding concerns only the connection's own objects, and the text changes only them
     */
    public boolean exempts(Finding finding, Analysis analysis) {
        if (isEmpty() || !EXEMPT_RULES.contains(finding.ruleId()) || finding.objects().isEmpty()) {
            return false;
        }
        for (String object : finding.objects()) {
            String table = catalog.folded(object);
            if (!ownTable(resolve(table)) && analysis.modifications().stream()
                    .noneMatch(m -> m.table().equals(table) && owns(m))) {
                return false;
            }
        }
        return analysis.modifications().stream().allMatch(this::owns);
    }

    /**
     * @param modification a table a statement changes
     * @return whether the change only touches the connection's own objects: its own table, or only columns it added
     */
    public boolean owns(Modification modification) {
        Relation relation = resolve(modification.table());
        if (ownTable(relation)) {
            return true;
        }
        return relation != null && relation.id() != null && relation.reached().isEmpty()
                && modification.kind().equals("UPDATE") && !modification.setColumns().isEmpty()
                && modification.setColumns().stream()
                        .allMatch(column -> columns.contains(relation.id() + "." + catalog.column(column)));
    }

    /**
     * @param table a table as an analysis names it
     * @return whether the server resolves the name to a table of the connection's own (see the class comment)
     */
    public boolean ownsTable(String table) {
        return !isEmpty() && ownTable(resolve(table));
    }

    private boolean ownTable(Relation relation) {
        if (relation == null || !relation.temporary() && (relation.id() == null || !tables.contains(relation.id()))) {
            return false;
        }
        return relation.reached().stream().allMatch(this::ownTable);
    }

    /** What a name stands for now; null when none, or when the server cannot be asked (then nothing is own). */
    private Relation resolve(String table) {
        Optional<Relation> known = resolved.get(table);
        if (known == null) {
            try {
                known = Optional.ofNullable(catalog.resolve(table));
            } catch (SQLException | RuntimeException e) {
                return null;
            }
            resolved.put(table, known);
        }
        return known.orElse(null);
    }
}
