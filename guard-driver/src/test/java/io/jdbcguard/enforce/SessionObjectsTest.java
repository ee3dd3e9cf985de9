package io.jdbcguard.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.SessionSettings;
import io.jdbcguard.rules.StatementAnalyzer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The connection's own objects, and what makes the guard forget them. */
class SessionObjectsTest {
    private final StatementAnalyzer mysql = new StatementAnalyzer(SessionSettings.mysql("10.11.6-MariaDB", ""));

    private void ran(SessionObjects own, String sql) {
        own.ran(mysql.analyze(sql), sql);
    }

    private boolean exempts(SessionObjects own, String sql) {
        Analysis analysis = mysql.analyze(sql);
        Finding finding = analysis.findings().get(0);
        return own.exempts(finding, analysis);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "RENAME TABLE scratch TO old_scratch, users TO scratch",
        "ALTER TABLE users CHANGE newcol other int, CHANGE email newcol text",
        "USE otherdb",
        "SET sql_mode = ''"})
    void aTextThatMayMakeAnOwnNameStandForAnotherObjectForgetsThemAll(String sql) {
        SessionObjects own = new SessionObjects();
        ran(own, "CREATE TABLE scratch (id int)");
        ran(own, "ALTER TABLE users ADD COLUMN newcol int");
        assertThat(exempts(own, "DROP TABLE scratch")).isTrue();
        assertThat(exempts(own, "UPDATE users SET newcol = 0")).isTrue();

        ran(own, sql);

        assertThat(own.isEmpty()).isTrue();
        assertThat(exempts(own, "DROP TABLE scratch")).isFalse();
        assertThat(exempts(own, "UPDATE users SET newcol = 0")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"INSERT INTO scratch VALUES (1)", "TRUNCATE TABLE scratch", "SELECT * FROM users"})
    void ordinaryWorkKeepsThem(String sql) {
        SessionObjects own = new SessionObjects();
        ran(own, "CREATE TABLE scratch (id int)");

        ran(own, sql);

        assertThat(exempts(own, "DROP TABLE scratch")).isTrue();
    }
}
