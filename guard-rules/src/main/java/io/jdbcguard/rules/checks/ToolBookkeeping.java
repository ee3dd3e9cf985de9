package io.jdbcguard.rules.checks;

import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.lexing.Token;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.update.Update;

/**
 * Recognises the migration tools' own row bookkeeping by the statement's form, not by a table name alone: Liquibase
 * initialises its lock table with {@code DELETE FROM DATABASECHANGELOGLOCK} (no WHERE, by design: the table holds one
 * row; {@code LockServiceImpl}) and clears checksums with {@code UPDATE DATABASECHANGELOG SET MD5SUM = NULL}
 * ({@code clear-checksums}); Flyway rewrites rows of {@code flyway_schema_history} ({@code repair}).
 *
 * <p>Exempt is only a top-level, single-table {@code DELETE} or {@code UPDATE} whose one target is such a table,
 * written as a plain (optionally schema-qualified, optionally quoted) name: no alias, no join, no {@code USING} or
 * {@code FROM} list, no {@code WITH}, no {@code ORDER BY}/{@code LIMIT}, no subquery, no second target. Only the
 * findings of the row rules ({@code delete-without-where}, {@code update-without-where}, {@code always-true-where})
 * are exempt; dropping or truncating the tables stays blocked ({@code flyway clean} from a developer against
 * production).
 */
public final class ToolBookkeeping {
    private static final Set<String> TABLES = Set.of("databasechangeloglock", "databasechangelog",
            "flyway_schema_history");
    private static final Set<String> ROW_RULES = Set.of("delete-without-where", "update-without-where",
            "always-true-where");

    private ToolBookkeeping() {
    }

    /**
     * @param finding a finding about {@code statement}
     * @param statement the statement, parsed, at the top level of the text (not inside PREPARE, EXPLAIN, ...)
     * @return true when the finding is about the rows of a tool's bookkeeping statement
     */
    public static boolean isBookkeeping(Finding finding, StatementContext statement) {
        return ROW_RULES.contains(finding.ruleId()) && statement.parsed() != null
                && isBookkeepingStatement(statement.parsed(), statement.tokens());
    }

    private static boolean isBookkeepingStatement(Statement parsed, List<Token> tokens) {
        if (tokens.stream().anyMatch(t -> t.isWord("SELECT") || t.isWord("JOIN") || t.isWord("USING"))) {
            return false;
        }
        if (parsed instanceof Delete delete) {
            return isEmpty(delete.getWithItemsList()) && isEmpty(delete.getTables()) && isEmpty(delete.getJoins())
                    && isEmpty(delete.getUsingList()) && delete.getLimit() == null
                    && isEmpty(delete.getOrderByElements()) && isBookkeepingTable(delete.getTable());
        }
        if (parsed instanceof Update update) {
            return isEmpty(update.getWithItemsList()) && isEmpty(update.getStartJoins())
                    && update.getFromItem() == null && isEmpty(update.getJoins()) && update.getLimit() == null
                    && isEmpty(update.getOrderByElements()) && isBookkeepingTable(update.getTable());
        }
        return false;
    }

    private static boolean isEmpty(List<?> list) {
        return list == null || list.isEmpty();
    }

    private static boolean isBookkeepingTable(Table table) {
        return table != null && table.getAlias() == null
                && TABLES.contains(table.getName().replaceAll("[\"`]", "").toLowerCase(Locale.ROOT));
    }
}
