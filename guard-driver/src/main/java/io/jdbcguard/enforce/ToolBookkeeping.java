package io.jdbcguard.enforce;

import io.jdbcguard.rules.Finding;
import java.util.Locale;
import java.util.Set;

/**
 * The migration tools' own bookkeeping, which the guard must never block: Liquibase initialises its lock table with
 * {@code DELETE FROM DATABASECHANGELOGLOCK} (no WHERE, by design: the table holds one row) and Flyway and Liquibase
 * rewrite their history tables. A finding of a row-scoping rule ({@code delete-without-where},
 * {@code update-without-where}, {@code always-true-where}) whose objects are all such tables is not a block.
 * Dropping or truncating them still is ({@code flyway clean} from a developer against production stays blocked).
 */
final class ToolBookkeeping {
    private static final Set<String> TABLES = Set.of("databasechangeloglock", "databasechangelog",
            "flyway_schema_history");
    private static final Set<String> ROW_RULES = Set.of("delete-without-where", "update-without-where",
            "always-true-where");

    private ToolBookkeeping() {
    }

    /**
     * @param finding a rule's finding
     * @return true if it only concerns the rows of a migration tool's bookkeeping tables
     */
    static boolean isBookkeeping(Finding finding) {
        return ROW_RULES.contains(finding.ruleId()) && !finding.objects().isEmpty()
                && finding.objects().stream().allMatch(ToolBookkeeping::isBookkeepingTable);
    }

    private static boolean isBookkeepingTable(String object) {
        String name = object.substring(object.lastIndexOf('.') + 1).replaceAll("[\"`\\[\\]]", "");
        return TABLES.contains(name.toLowerCase(Locale.ROOT));
    }
}
