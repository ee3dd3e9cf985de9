package io.jdbcguard.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.StatementAnalyzer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolBookkeepingTest {
    private static List<Finding> findings(String sql) {
        return new StatementAnalyzer(Dialect.POSTGRESQL, true).analyze(sql).findings();
    }

    @Test
    void liquibaseLockInitialisationIsBookkeeping() {
        assertThat(findings("DELETE FROM public.DATABASECHANGELOGLOCK")).isNotEmpty()
                .allMatch(ToolBookkeeping::isBookkeeping);
        assertThat(findings("UPDATE \"flyway_schema_history\" SET success = true")).isNotEmpty()
                .allMatch(ToolBookkeeping::isBookkeeping);
    }

    @Test
    void droppingBookkeepingOrTouchingOtherTablesIsNot() {
        assertThat(findings("DROP TABLE flyway_schema_history")).noneMatch(ToolBookkeeping::isBookkeeping);
        assertThat(findings("TRUNCATE DATABASECHANGELOG")).noneMatch(ToolBookkeeping::isBookkeeping);
        assertThat(findings("DELETE FROM users")).noneMatch(ToolBookkeeping::isBookkeeping);
    }
}
