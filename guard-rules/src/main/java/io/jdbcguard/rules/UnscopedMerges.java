package io.jdbcguard.rules;

import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeDelete;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeUpdate;

/**
 * Finds {@code MERGE} actions that hit every row of the target: the {@code ON} condition is always true, so every
 * target row matches (<a href="https://www.postgresql.org/docs/current/sql-merge.html">MERGE</a>), and the
 * {@code WHEN MATCHED [AND condition]} has no condition or an always-true one.
 */
final class UnscopedMerges {
    private UnscopedMerges() {
    }

    /**
     * @param merge a parsed MERGE
     * @param action {@link MergeDelete} or {@link MergeUpdate}
     * @param folder the constant folder of the statement's dialect
     * @return true when the MERGE performs {@code action} on every row of its target
     */
    static boolean hasUnscoped(Merge merge, Class<? extends MergeOperation> action, ConstantFolder folder) {
        List<MergeOperation> operations = merge.getOperations();
        if (operations == null || merge.getOnCondition() == null || !folder.isAlwaysTrue(merge.getOnCondition())) {
            return false;
        }
        for (MergeOperation operation : operations) {
            if (action.isInstance(operation)) {
                Expression condition = operation instanceof MergeDelete delete ? delete.getAndPredicate()
                        : ((MergeUpdate) operation).getAndPredicate();
                if (condition == null || folder.isAlwaysTrue(condition)) {
                    return true;
                }
            }
        }
        return false;
    }
}
