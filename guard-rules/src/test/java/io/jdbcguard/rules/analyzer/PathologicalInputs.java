package io.jdbcguard.rules.analyzer;

import io.jdbcguard.rules.Dialect;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Texts built to make a lexer, parser or constant folder take long: each is close to 1 MB unless it is a short
 * pattern case or a stored-code body of a quarter megabyte (about 6,000 body statements, each judged like a
 * statement of {@code many-statements}). Shared by {@code ParseBudgetTest} and the JMH
 * {@code PathologicalInputBenchmark}.
 */
public final class PathologicalInputs {
    private static final int MEGABYTE = 1_000_000;

    private PathologicalInputs() {
    }

    /**
     * @return name to (dialect, text); insertion-ordered
     */
    public static Map<String, Map.Entry<Dialect, String>> all() {
        Map<String, Map.Entry<Dialect, String>> inputs = new LinkedHashMap<>();
        inputs.put("like-backtracking", Map.entry(Dialect.POSTGRESQL, "DELETE FROM users WHERE '"
                + "a".repeat(148) + "' LIKE '%a%a%a%a%a%a%a%a%a%a%b'"));
        inputs.put("like-long-subject", Map.entry(Dialect.MYSQL, "DELETE FROM users WHERE '"
                + "a".repeat(100_000) + "' LIKE '" + "%a".repeat(5_000) + "%b'"));
        inputs.put("long-literal", Map.entry(Dialect.POSTGRESQL, "DELETE FROM users WHERE id = 1 OR name = '"
                + "x".repeat(MEGABYTE) + "'"));
        inputs.put("mysql-adjacent-strings", Map.entry(Dialect.MYSQL, "PREPARE s FROM "
                + repeat("'a' ", MEGABYTE)));
        inputs.put("postgresql-continued-strings", Map.entry(Dialect.POSTGRESQL, "SELECT "
                + repeat("'a'\n", MEGABYTE)));
        inputs.put("mysql-version-comments", Map.entry(Dialect.MYSQL, repeat("/*!50001 SELECT 1 */; ", MEGABYTE)));
        inputs.put("mysql-many-versions", Map.entry(Dialect.MYSQL, manyVersions()));
        inputs.put("mysql-unclosed-comments", Map.entry(Dialect.MYSQL, repeat("/*!99999 /* ", MEGABYTE)));
        inputs.put("postgresql-nested-comments", Map.entry(Dialect.POSTGRESQL, repeat("/* ", MEGABYTE)));
        inputs.put("deep-parentheses", Map.entry(Dialect.POSTGRESQL, "DELETE FROM users WHERE "
                + "(".repeat(MEGABYTE / 2) + "1" + ")".repeat(MEGABYTE / 2)));
        inputs.put("many-statements", Map.entry(Dialect.POSTGRESQL, repeat("DELETE FROM users WHERE id = 1;",
                MEGABYTE / 20)));
        inputs.put("long-in-list", Map.entry(Dialect.MYSQL, "DELETE FROM users WHERE id IN (0"
                + repeat(",1", MEGABYTE) + ")"));
        inputs.put("dollar-tags", Map.entry(Dialect.POSTGRESQL, repeat("$a", MEGABYTE)));
        inputs.put("unicode-escapes", Map.entry(Dialect.POSTGRESQL, "SELECT U&'" + repeat("\\+10FFFF", MEGABYTE)
                + "' UESCAPE '\\'"));
        inputs.put("mysql-nested-blocks", Map.entry(Dialect.MYSQL, "CREATE PROCEDURE p() "
                + repeat("lbl: BEGIN IF 1 THEN ", MEGABYTE)));
        inputs.put("mysql-trigger-body", Map.entry(Dialect.MYSQL, "CREATE TRIGGER t AFTER INSERT ON o FOR EACH ROW "
                + "BEGIN " + repeat("DELETE FROM users WHERE id = NEW.id; ", MEGABYTE / 4) + "END"));
        inputs.put("postgresql-rule-actions", Map.entry(Dialect.POSTGRESQL, "CREATE RULE r AS ON INSERT TO t DO ("
                + repeat("UPDATE users SET name = 'x' WHERE id = 1;", MEGABYTE / 4) + ")"));
        inputs.put("alter-clauses", Map.entry(Dialect.MYSQL, "ALTER TABLE users " + repeat("ALTER COLUMN a DROP DEFAULT, ",
                MEGABYTE)));
        inputs.put("nested-comparisons", Map.entry(Dialect.POSTGRESQL, "DELETE FROM users WHERE "
                + "(id = ".repeat(90) + "id" + ")".repeat(90)));
        inputs.put("nested-case", Map.entry(Dialect.MYSQL, "DELETE FROM users WHERE "
                + "CASE CASE id WHEN 1 THEN 1 WHEN 2 THEN 2 ELSE ".repeat(60) + "1"
                + " END WHEN 1 THEN 1 ELSE 2 END".repeat(60) + " = 1"));
        return inputs;
    }

    private static String repeat(String unit, int length) {
        return unit.repeat(Math.max(1, length / unit.length()));
    }

    private static String manyVersions() {
        StringBuilder text = new StringBuilder("DELETE FROM users ");
        for (int v = 0; v < 15; v++) {
            text.append("/*!").append(40000 + v).append(" WHERE id = 1 */ ");
        }
        text.append("/* ").append("x".repeat(MEGABYTE - 700)).append(" */");
        return text.toString();
    }
}
