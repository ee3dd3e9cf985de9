package io.jdbcguard.enforce;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.Modification;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The objects one connection created during its life: tables it created (temporary or not) and columns it added.
 * They are the session's own work, not production data, so the rules that protect existing rows do not apply to
 * them: such a table may be truncated, emptied and dropped, and an UPDATE that only sets columns the connection added
 * may touch every row (a migration that back-fills a new column, or builds and drops a scratch table). Kept per
 * connection, forgotten when it closes.
 *
 * <p>A table counts as the connection's own only after a statement creating it ran without error, so a
 * {@code CREATE TABLE} that failed because the table existed never makes an existing table "own";
 * {@code CREATE TABLE IF NOT EXISTS} of a permanent table never does either (it may have existed), which
 * {@code Analysis.createdTables()} already leaves out. Names are compared as written, without quotes and case-folded,
 * so {@code scratch} and {@code public.scratch} are different names.
 */
public final class SessionObjects {
    private static final Set<String> EXEMPT_RULES = Set.of("drop", "truncate", "delete-without-where",
            "update-without-where", "always-true-where", StatementGuard.ROW_LIMIT);
    /**
     * Words of statements after which a name may stand for another object: renames (RENAME, MySQL CHANGE), moves
     * between schemas (SET SCHEMA), and switching the current database or schema (USE, SET search_path).
     */
    private static final Pattern RENAMING = Pattern.compile("(?i)\\b(RENAME|CHANGE|SCHEMA|USE|SEARCH_PATH)\\b");

    private final Set<String> tables = ConcurrentHashMap.newKeySet();
    private final Set<String> columns = ConcurrentHashMap.newKeySet();

    /** @return whether the connection created or added anything yet (the common case is no: a cheap check) */
    public boolean isEmpty() {
        return tables.isEmpty() && columns.isEmpty();
    }

    /**
     * Remembers what a text that ran without error created, and forgets the own tables it dropped. After a text that
     * may make a remembered name stand for another object (a rename, a move to another schema, a change of the
     * current database or search path, any session change), it forgets everything: {@code RENAME TABLE scratch TO
     * x, users TO scratch} must never make {@code users} droppable.
     *
     * @param analysis the text's analysis
     * @param sql the text
     */
    public void ran(Analysis analysis, String sql) {
        if (!isEmpty() && (analysis.changesSession() || RENAMING.matcher(sql).find())) {
            tables.clear();
            columns.clear();
        }
        for (Finding finding : analysis.findings()) {
            if (finding.ruleId().equals("drop")) {
                finding.objects().forEach(table -> tables.remove(name(table)));
            }
        }
        analysis.createdTables().forEach(table -> tables.add(name(table)));
        analysis.addedColumns().forEach(column -> columns.add(name(column)));
    }

    /**
     * @param finding a finding of the text
     * @param analysis the text's analysis
     * @return whether the finding concerns only the connection's own objects
     */
    public boolean exempts(Finding finding, Analysis analysis) {
        if (isEmpty() || !EXEMPT_RULES.contains(finding.ruleId()) || finding.objects().isEmpty()) {
            return false;
        }
        return finding.objects().stream().allMatch(object -> owns(object, analysis));
    }

    /**
     * @param modification a table a statement changes
     * @return whether the change only touches the connection's own objects: its own table, or only columns it added
     */
    public boolean owns(Modification modification) {
        String table = name(modification.table());
        if (tables.contains(table)) {
            return true;
        }
        return modification.kind().equals("UPDATE") && !modification.setColumns().isEmpty()
                && modification.setColumns().stream().allMatch(column -> columns.contains(table + "." + name(column)));
    }

    /**
     * @param table a table as an analysis names it
     * @return whether the connection created it
     */
    public boolean ownsTable(String table) {
        return tables.contains(name(table));
    }

    private boolean owns(String object, Analysis analysis) {
        if (ownsTable(object)) {
            return true;
        }
        return analysis.modifications().stream().filter(m -> name(m.table()).equals(name(object)))
                .anyMatch(this::owns);
    }

    private static String name(String written) {
        return written.replace("\"", "").replace("`", "").toLowerCase(Locale.ROOT);
    }
}
