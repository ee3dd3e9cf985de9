package io.jdbcguard.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.SessionSettings;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class AnalysisCacheTest {
    /** A MariaDB 10.11 session's settings. */
    private static final SessionSettings MARIADB = new SessionSettings(Dialect.MYSQL, true, 100_011, true, true, false);

    @Test
    void reusesAnAnalysisAcrossLiteralValuesOfTheSameShape() {
        AnalysisCache cache = new AnalysisCache(MARIADB);
        Analysis first = cache.analyze("UPDATE accounts SET balance = balance + -5 WHERE id = 1");

        assertThat(first.reusableByShape()).isTrue();
        assertThat(cache.analyze("UPDATE accounts SET balance = balance + -4711 WHERE id = 99")).isSameAs(first);
        assertThat(cache.analyze("UPDATE accounts SET balance = balance + 5 WHERE id = 99")).isNotSameAs(first);
    }

    @Test
    void judgesEachTextWhenALiteralCanDecideTheVerdict() {
        AnalysisCache cache = new AnalysisCache(MARIADB);

        assertThat(cache.analyze("DELETE FROM users WHERE id = 5 OR 1 = 1").findings()).extracting(Finding::ruleId)
                .containsExactly("always-true-where");
        assertThat(cache.analyze("DELETE FROM users WHERE id = 5 OR 1 = 2").findings()).isEmpty();
        assertThat(cache.analyze("DELETE FROM users WHERE 1").findings()).isNotEmpty();
        assertThat(cache.analyze("DELETE FROM users WHERE 0").findings()).isEmpty();
    }

    @Test
    void staysWithinItsByteBoundAfterAMillionDistinctLiteralTexts() {
        AnalysisCache cache = new AnalysisCache(MARIADB);
        for (int i = 0; i < 1_000_000; i++) {
            String sql;
            if (i % 50 == 0) {
                sql = "DELETE FROM t WHERE id = " + i + " LIMIT 1";
            } else if (i % 50 == 1) {
                sql = "UPDATE t" + i + " SET c = 1 WHERE id = 2";
            } else {
                sql = "UPDATE t SET c = " + i + ", note = 'n" + i + "' WHERE id = " + (i * 7L);
            }
            cache.analyze(sql);
        }

        assertThat(cache.weighedBytes()).isLessThanOrEqualTo(AnalysisCache.MAX_BYTES)
                .isGreaterThan(AnalysisCache.SHAPE_BYTES / 2);
    }

    @Test
    void aHitByTextAllocatesNothing() {
        AnalysisCache cache = new AnalysisCache(MARIADB);
        String sql = "SELECT name FROM users WHERE id = ?";
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
                .getThreadMXBean();
        Analysis analysis = cache.analyze(sql);
        for (int i = 0; i < 100_000; i++) {
            cache.analyze(sql);
        }
        int same = 0;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            same += cache.analyze(sql) == analysis ? 1 : 0;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(same).isEqualTo(100_000);
        assertThat(allocated).as("bytes allocated by 100,000 hits").isLessThan(10_000);
    }
}
