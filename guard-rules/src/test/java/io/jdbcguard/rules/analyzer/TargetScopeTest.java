package io.jdbcguard.rules.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import org.junit.jupiter.api.Test;

/** The reasons of unscoped WHERE clauses ({@link io.jdbcguard.rules.semantics.TargetScope}) as findings show them. */
class TargetScopeTest {
    private final StatementAnalyzer postgresql = new StatementAnalyzer(Dialect.POSTGRESQL, true);
    private final StatementAnalyzer mysql = new StatementAnalyzer(Dialect.MYSQL, true);

    @Test
    void theReasonNamesTheTargetAndWhatTheConditionDoesInstead() {
        assertThat(postgresql.analyze("DELETE FROM orders USING users u WHERE orders.user_id = u.id").findings())
                .singleElement().satisfies(finding -> {
                    assertThat(finding.ruleId()).isEqualTo("delete-without-where");
                    assertThat(finding.objects()).containsExactly("orders");
                    assertThat(finding.reason()).isEqualTo("the WHERE does not restrict rows of orders: "
                            + "orders.user_id = u.id only pairs rows of orders with users, which nothing restricts");
                });
        assertThat(mysql.analyze("UPDATE users SET name = 'x' WHERE id").findings()).singleElement()
                .extracting(Finding::reason).isEqualTo("the WHERE does not restrict rows of users: "
                        + "MySQL reads the column id as a truth value");
    }

    @Test
    void anUndecidableConjunctLeavesTheStatementToTheDriver() {
        assertThat(postgresql.analyze("DELETE FROM orders USING users u WHERE orders.user_id = u.id AND total > 5")
                .findings()).isEmpty();
        assertThat(postgresql.analyze("DELETE FROM orders WHERE EXISTS (SELECT 1 FROM users WHERE id = user_id)")
                .findings()).isEmpty();
    }

    @Test
    void anAlwaysTrueWhereIsReportedOnceByItsOwnRule() {
        assertThat(postgresql.analyze("DELETE FROM orders WHERE 1 = 1").findings()).extracting(Finding::ruleId)
                .containsExactly("always-true-where");
    }
}
