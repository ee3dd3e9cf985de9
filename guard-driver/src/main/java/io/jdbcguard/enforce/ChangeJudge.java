package io.jdbcguard.enforce;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Modification;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges what the server counted a measured change did ({@link EffectCheck}): each table's rows against the
 * ceiling, then the every-row test, once per execution. A DELETE that emptied a table that held more than one row is
 * refused whatever its form; an UPDATE, MERGE or upsert that changed every row of a table is refused when it reached
 * that table only indirectly (a subquery, a join, another table, a trigger, a cascade, {@code EXECUTE}). Refusing
 * throws {@link io.jdbcguard.GuardViolationException} (the caller undoes the change); audit mode and break-glass
 * record and return ({@link StatementGuard#judgeEffect}).
 */
final class ChangeJudge {
    private final EffectCheck check;
    private final StatementGuard guard;
    private final ServerSql serverSql;
    private final SessionObjects own;
    private final Dialect dialect;
    private final TransactionBudget budget;

    ChangeJudge(EffectCheck check, StatementGuard guard, ServerSql serverSql, SessionObjects own, Dialect dialect) {
        this.check = check;
        this.guard = guard;
        this.serverSql = serverSql;
        this.own = own;
        this.dialect = dialect;
        this.budget = check.budget();
    }

    /**
     * Judges what the server counted: each table's rows against the ceiling, then the every-row test. Refusing throws
     * (the caller undoes the change); audit mode and break-glass record and return.
     */
    void judge(String sql, Analysis analysis, List<ServerSql.TableChange> changes,
            Map<String, TableFacts> facts) throws SQLException {
        List<ServerSql.TableChange> counted = new ArrayList<>();
        for (ServerSql.TableChange change : changes) {
            if (change.table() == null || !ownTable(change.table())) {
                counted.add(change);
            }
        }
        for (ServerSql.TableChange change : counted) {
            if (change.updated() < 0 || change.deleted() < 0) {
                guard.judgeEffect(sql, analysis.modifications().get(0).kind(), analysis.modifications().get(0).table(),
                        -1, true, "the server did not report how many rows it changed (it returned rows instead), so"
                        + " jdbc-guard cannot tell its effect");
                return;
            }
        }
        for (ServerSql.TableChange change : counted) {
            Modification written = written(analysis, change.table());
            String table = change.table() != null ? change.table() : "every table it changed";
            long before = budget.changed(budgetKey(analysis, change));
            judgeEffect(sql, kind(written, change), table, change.rows(), before, false, "the server reports "
                    + change.rows() + " rows changed" + (change.table() != null ? " in " + change.table() : "")
                    + " (by the statement and whatever it set off: CTEs, cascades, triggers)");
        }
        for (ServerSql.TableChange change : counted) {
            if (change.table() != null) {
                everyRow(sql, change, written(analysis, change.table()), analysis.runsPrepared());
            } else {
                everyRowOfNamedTables(sql, analysis, change, facts);
            }
        }
        for (ServerSql.TableChange change : counted) {
            budget.add(budgetKey(analysis, change), change.updated(), change.deleted());
        }
    }

    /**
     * The table a change counts against in the {@link TransactionBudget}: the server's name for it, or, where the
     * server counts per session (MariaDB), the statement's first table.
     */
    private static String budgetKey(Analysis analysis, ServerSql.TableChange change) {
        return change.table() != null ? change.table() : analysis.modifications().isEmpty() ? "?"
                : analysis.modifications().get(0).table();
    }

    /**
     * Judges a count against the ceiling with what the transaction (or the auto-commit window) changed before it. A
     * refusal that the earlier changes brought about inside the caller's transaction abandons that transaction
     * ({@link EffectCheck#abandonTransaction}): it cannot complete, so nothing of the loop stays.
     *
     * @param before the rows the transaction or window changed in the table before this statement
     */
    private void judgeEffect(String sql, String kind, String table, long rows, long before, boolean everyRow,
            String why) throws SQLException {
        if (before == 0) {
            guard.judgeEffect(sql, kind, table, rows, everyRow, why);
            return;
        }
        boolean transaction = budget.ofTransaction();
        String scope = transaction ? "in this transaction" : "in the last " + TransactionBudget.WINDOW_SECONDS
                + " to " + 2 * TransactionBudget.WINDOW_SECONDS + " s of auto-commit statements";
        try {
            guard.judgeEffect(sql, kind, table, rows + before, everyRow, why + ", after " + before + " rows changed "
                    + scope + " before it (" + (rows + before) + " in all)", transaction
                            ? ViolationMessage.TRANSACTION_ROLLED_BACK : ViolationMessage.WINDOW_ROLLED_BACK);
        } catch (io.jdbcguard.GuardViolationException refused) {
            if (transaction) {
                check.abandonTransaction();
            }
            throw refused;
        }
    }

    /** The every-row test where the server counts per table (PostgreSQL). */
    private void everyRow(String sql, ServerSql.TableChange change, Modification written, boolean prepared)
            throws SQLException {
        long deletedBefore = budget.deleted(change.table());
        if (change.deleted() > 0 && change.deleted() + deletedBefore >= 2 && serverSql.empty(change.table())) {
            judgeEffect(sql, "DELETE", change.table(), change.deleted(), deletedBefore, true, "the server reports"
                    + " it deleted every row of " + change.table() + " (" + change.deleted() + ")");
            return;
        }
        boolean direct = !prepared && written != null && direct(written);
        long updated = change.updated();
        if (updated >= 2 && !direct && !(change.estimate() >= 2.0 * updated + 10)
                && serverSql.rowsUpTo(change.table(), updated + 1) <= updated) {
            guard.judgeEffect(sql, kind(written, change), change.table(), updated, true, "the server reports it"
                    + " changed every row of " + change.table() + " (" + updated + "), which it reached only"
                    + " indirectly (through a subquery, a join, another table, a trigger or a cascade)");
        }
    }

    /**
     * The every-row test where the server counts only per session (MariaDB): on each table the statement, or a
     * trigger of a table it changes, names.
     */
    private void everyRowOfNamedTables(String sql, Analysis analysis, ServerSql.TableChange change,
            Map<String, TableFacts> facts) throws SQLException {
        if (change.rows() < 2 && (change.deleted() == 0 || budget.deleted(budgetKey(analysis, change)) == 0)) {
            return;
        }
        List<Modification> named = new ArrayList<>();
        for (Modification modification : analysis.modifications()) {
            if (own.isEmpty() || !own.owns(modification)) {
                named.add(modification);
                for (String body : check.facts(modification.table(), facts).triggerBodies()) {
                    for (Modification fired : guard.analyses().analyze(body).modifications()) {
                        named.add(new Modification(fired.kind(), fired.table(), Set.of(), fired.setColumns(), false));
                    }
                }
            }
        }
        if (named.isEmpty() && change.rows() >= 2) {
            guard.judgeEffect(sql, "EXECUTE", "every table it changed", change.rows(), true, "the server reports "
                    + change.rows() + " rows changed by a statement whose text jdbc-guard does not hold, and it"
                    + " cannot tell whether that emptied a table");
            return;
        }
        for (Modification modification : named) {
            boolean deletes = !modification.kind().equals("UPDATE") && !modification.kind().equals("INSERT");
            long deletedBefore = budget.deleted(modification.table());
            if (deletes && change.deleted() > 0 && change.deleted() + deletedBefore >= 2
                    && serverSql.empty(modification.table())) {
                judgeEffect(sql, modification.kind(), modification.table(), change.deleted(), deletedBefore, true,
                        "the server reports it deleted " + change.deleted() + " rows, which left "
                        + modification.table() + " empty: every row of it");
                return;
            }
            long updated = change.updated();
            if (!modification.kind().equals("DELETE") && !modification.kind().equals("INSERT") && updated >= 2
                    && !direct(modification)
                    && serverSql.rowsUpTo(modification.table(), updated + 1) <= updated) {
                guard.judgeEffect(sql, modification.kind(), modification.table(), updated, true, "the server"
                        + " reports " + updated + " rows updated and " + modification.table() + " holds no more:"
                        + " every row of it, which it reached only indirectly (through a subquery, a join or another"
                        + " table)");
                return;
            }
        }
    }

    /**
     * Whether a change states which rows of its own table it means: the only table of its statement, with no join,
     * FROM, USING or subquery, and equality of one of its own columns with a literal or parameter. An UPDATE that
     * changes every row this way passes (Quartz pausing its only trigger group); one that reaches its rows
     * indirectly does not.
     */
    private static boolean direct(Modification modification) {
        return modification.kind().equals("UPDATE") && modification.alone() && !modification.keyColumns().isEmpty();
    }

    /**
     * The statement's change of a table the server named ({@code schema.table}), if it names the table: as qualified,
     * or unqualified by its name alone (a table of the same name in another schema, changed by a trigger, is not the
     * statement's).
     */
    private Modification written(Analysis analysis, String table) {
        if (table == null) {
            return null;
        }
        String bare = table.substring(table.indexOf('.') + 1);
        for (Modification modification : analysis.modifications()) {
            String name = modification.table();
            String compared = name.indexOf('.') >= 0 ? table : bare;
            if (name.equals(compared) || dialect == Dialect.MYSQL && name.equalsIgnoreCase(compared)) {
                return modification;
            }
        }
        return null;
    }

    private static String kind(Modification written, ServerSql.TableChange change) {
        if (written != null) {
            return written.kind();
        }
        return change.deleted() > 0 ? "DELETE" : "UPDATE";
    }

    /** Whether a table the server counted is the session's own: a temporary table, or one it created. */
    private boolean ownTable(String table) {
        if (table.startsWith("pg_temp_")) {
            return true;
        }
        if (own.isEmpty()) {
            return false;
        }
        return own.owns(new Modification("DELETE", table, Set.of(), Set.of(), false));
    }
}
