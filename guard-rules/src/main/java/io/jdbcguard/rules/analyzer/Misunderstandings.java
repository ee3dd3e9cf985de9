package io.jdbcguard.rules.analyzer;

import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.statement.ResetStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.UnsupportedStatement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterOperation;

/**
 * Recognises JSQLParser 5.4 results that only look like understanding: an {@link UnsupportedStatement} (returned for
 * e.g. {@code ALTER IGNORE TABLE} and some {@code CREATE} forms), and an {@link Alter} with an
 * {@link AlterOperation#UNSPECIFIC} clause, into which the parser swallows a clause it does not know together with
 * every clause after it ({@code ALTER TABLE t OWNER TO x, DROP COLUMN c}), and a {@link ResetStatement}, PostgreSQL's
 * reset of a setting, for MySQL's {@code RESET MASTER}, {@code RESET SLAVE} and {@code RESET REPLICA}, which delete
 * binary or relay logs and are no settings (<a href="https://dev.mysql.com/doc/refman/8.4/en/reset.html">RESET</a>).
 * Such statements are judged from their tokens, as if they had not parsed.
 */
final class Misunderstandings {
    /** The MySQL {@code RESET} targets JSQLParser 5.4 reads as names of settings. */
    private static final Set<String> MYSQL_RESETS = Set.of("MASTER", "SLAVE", "REPLICA");

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
        if (statement instanceof ResetStatement reset && reset.getName() != null
                && MYSQL_RESETS.contains(reset.getName().toUpperCase(Locale.ROOT))) {
            return "the parser reads RESET " + reset.getName() + " as the reset of a setting";
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
