package io.jdbcguard.rules;

import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.UnsupportedStatement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterOperation;

/**
 * Recognises JSQLParser 5.4 results that only look like understanding: an {@link UnsupportedStatement} (returned for
 * e.g. {@code ALTER IGNORE TABLE} and some {@code CREATE} forms), and an {@link Alter} with an
 * {@link AlterOperation#UNSPECIFIC} clause, into which the parser swallows a clause it does not know together with
 * every clause after it ({@code ALTER TABLE t OWNER TO x, DROP COLUMN c}). Such statements are judged from their
 * tokens, as if they had not parsed.
 */
final class Misunderstandings {
    private Misunderstandings() {
    }

    /**
     * @param statement a parsed statement
     * @return why the parse is not to be trusted, for a finding's reason; null when it is
     */
    static String of(Statement statement) {
        if (statement instanceof UnsupportedStatement) {
            return "the parser does not support this statement";
        }
        if (statement instanceof Alter alter && alter.getAlterExpressions() != null) {
            for (AlterExpression expression : alter.getAlterExpressions()) {
                if (expression.getOperation() == AlterOperation.UNSPECIFIC) {
                    return "the parser did not understand a clause of this ALTER TABLE";
                }
            }
        }
        return null;
    }
}
