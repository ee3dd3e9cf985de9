package io.jdbcguard.rules.semantics;

import java.util.List;
import java.util.Optional;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeDelete;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeUpdate;

/**
 * Finds {@code MERGE} actions that hit target rows nothing restricts: the {@code ON} condition does not restrict
 * the target ({@link TargetScope}: always true, or only pairing the target with a source table that nothing
 * restricts, {@code MERGE INTO t USING s ON t.id = s.id}), so every target row with a partner matches (<a
 * href="https://www.postgresql.org/docs/current/sql-merge.html">MERGE</a>), and the {@code WHEN MATCHED
 * [AND condition]} has no condition or an always-true one. A source that is a subquery or {@code VALUES} counts as
 * restricted, but an ON that mentions only the source, whatever it is ({@code USING (SELECT ...) s ON s.id = 5}),
 * restricts no target row: every target row matches every source row the ON accepts.
 */
public final class UnscopedMerges {
    private UnscopedMerges() {
    }

    /**
     * @param merge a parsed MERGE
     * @param action {@link MergeDelete} or {@link MergeUpdate}
     * @param scope the scope analysis of the statement's dialect
     * @return why the MERGE performs {@code action} on target rows its ON does not restrict; empty when it does not
     */
    public static Optional<String> unscoped(Merge merge, Class<? extends MergeOperation> action, TargetScope scope) {
        List<MergeOperation> operations = merge.getOperations();
        if (operations == null || merge.getOnCondition() == null || merge.getFromItem() == null) {
            return Optional.empty();
        }
        Optional<String> why = scope.unrestricted(merge.getTable(), List.of(merge.getTable(), merge.getFromItem()),
                List.of(merge.getOnCondition()));
        for (MergeOperation operation : operations) {
            if (why.isPresent() && action.isInstance(operation)) {
                Expression condition = operation instanceof MergeDelete delete ? delete.getAndPredicate()
                        : ((MergeUpdate) operation).getAndPredicate();
                if (condition == null || scope.isAlwaysTrue(condition)) {
                    return why;
                }
            }
        }
        return Optional.empty();
    }
}
