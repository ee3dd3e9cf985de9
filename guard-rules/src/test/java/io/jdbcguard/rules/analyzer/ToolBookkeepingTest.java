package io.jdbcguard.rules.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Migration tools' bookkeeping is recognised by the statement's form
 * ({@link io.jdbcguard.rules.checks.ToolBookkeeping}).
 */
class ToolBookkeepingTest {
    private static List<Finding> findings(Dialect dialect, String sql) {
        return new StatementAnalyzer(dialect, true).analyze(sql).findings();
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM DATABASECHANGELOGLOCK", "DELETE FROM public.DATABASECHANGELOGLOCK",
        "UPDATE public.DATABASECHANGELOG SET MD5SUM = NULL", "UPDATE \"flyway_schema_history\" SET success = true",
        "delete from \"public\".\"databasechangeloglock\""})
    void theToolsOwnStatementsAreBookkeeping(String sql) {
        assertThat(findings(Dialect.POSTGRESQL, sql)).isNotEmpty().allMatch(Finding::toolBookkeeping);
    }

    @Test
    void mysqlSpellingsAreBookkeepingToo() {
        assertThat(findings(Dialect.MYSQL, "DELETE FROM `app`.`DATABASECHANGELOGLOCK`")).isNotEmpty()
                .allMatch(Finding::toolBookkeeping);
        assertThat(findings(Dialect.MYSQL, "UPDATE DATABASECHANGELOG SET MD5SUM = NULL")).isNotEmpty()
                .allMatch(Finding::toolBookkeeping);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DROP TABLE flyway_schema_history", "TRUNCATE DATABASECHANGELOG", "DELETE FROM users",
        "DELETE FROM DATABASECHANGELOGLOCK l", "DELETE FROM DATABASECHANGELOGLOCK AS l",
        "UPDATE DATABASECHANGELOG d SET MD5SUM = NULL",
        "DELETE FROM users USING DATABASECHANGELOGLOCK",
        "DELETE FROM DATABASECHANGELOGLOCK USING users",
        "UPDATE DATABASECHANGELOG SET MD5SUM = NULL FROM users",
        "UPDATE users SET name = NULL FROM DATABASECHANGELOG",
        "WITH x AS (SELECT 1) DELETE FROM DATABASECHANGELOGLOCK",
        "UPDATE DATABASECHANGELOG SET MD5SUM = (SELECT max(name) FROM users)",
        "EXPLAIN ANALYZE DELETE FROM DATABASECHANGELOGLOCK",
        "PREPARE p AS DELETE FROM DATABASECHANGELOGLOCK",
        "DELETE FROM databasechangeloglock_backup", "DELETE FROM users WHERE 1 = 1; DELETE FROM DATABASECHANGELOGLOCK"})
    void anythingElseIsNot(String sql) {
        List<Finding> findings = findings(Dialect.POSTGRESQL, sql);

        assertThat(findings).isNotEmpty();
        assertThat(findings.get(0).toolBookkeeping()).as("%s: %s", sql, findings).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE DATABASECHANGELOGLOCK FROM DATABASECHANGELOGLOCK JOIN users",
        "DELETE l FROM DATABASECHANGELOGLOCK l", "DELETE DATABASECHANGELOGLOCK, users FROM DATABASECHANGELOGLOCK, users",
        "UPDATE DATABASECHANGELOG, users SET MD5SUM = NULL", "DELETE FROM DATABASECHANGELOGLOCK LIMIT 1",
        "UPDATE DATABASECHANGELOG JOIN users ON 1 = 1 SET MD5SUM = NULL",
        "PREPARE s FROM 'DELETE FROM DATABASECHANGELOGLOCK'"})
    void mysqlMultiTableAndWrappedFormsAreNot(String sql) {
        List<Finding> findings = findings(Dialect.MYSQL, sql);

        assertThat(findings).as(sql).isNotEmpty().noneMatch(Finding::toolBookkeeping);
    }
}
