package io.jdbcguard.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.SessionSettings;
import io.jdbcguard.rules.analyzer.StatementAnalyzer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The connection's own objects are what the server says its names stand for: a stub catalog plays the server (the
 * real servers' lookups are tested in {@code SessionObjectsIT}).
 */
class SessionObjectsTest {
    private final StatementAnalyzer postgresql = new StatementAnalyzer(SessionSettings.defaults(
            io.jdbcguard.rules.Dialect.POSTGRESQL));
    /** What each folded name stands for now. */
    private final Map<String, SessionObjects.Relation> names = new HashMap<>();
    private final SessionObjects own = new SessionObjects(new StubCatalog(names));

    private void ran(String sql) {
        own.ran(postgresql.analyze(sql), sql);
    }

    private boolean exempts(String sql) {
        Analysis analysis = postgresql.analyze(sql);
        Finding finding = analysis.findings().get(0);
        return own.exempts(finding, analysis);
    }

    private static SessionObjects.Relation table(String id) {
        return new SessionObjects.Relation(id, false, List.of());
    }

    @Test
    void aTableItCreatedIsOwnWhileItsNameStandsForIt() {
        names.put("scratch", table("16401"));
        names.put("users", table("16384"));
        ran("CREATE TABLE scratch (id int)");

        assertThat(exempts("DROP TABLE scratch")).isTrue();
        assertThat(exempts("DELETE FROM scratch")).isTrue();

        names.put("scratch", table("16384"));
        ran("ALTER TABLE scratch RENAME TO old_scratch");
        assertThat(exempts("DELETE FROM scratch")).as("after a rename, the name stands for users").isFalse();
    }

    @Test
    void aTemporaryTableIsOwnUntilItsNameStandsForTheBaseTableAgain() {
        names.put("users", new SessionObjects.Relation("16999", true, List.of()));
        ran("CREATE TEMP TABLE users (id int)");
        assertThat(exempts("DELETE FROM users")).isTrue();

        names.put("users", table("16384"));
        ran("DROP TABLE users");
        assertThat(exempts("DELETE FROM users")).isFalse();
    }

    @Test
    void quotedAndUnquotedNamesAreTheServersTwoTables() {
        names.put("Users", table("16500"));
        names.put("users", table("16384"));
        ran("CREATE TABLE \"Users\" (id int)");

        assertThat(exempts("DELETE FROM \"Users\"")).isTrue();
        assertThat(exempts("DELETE FROM users")).isFalse();
        assertThat(exempts("DELETE FROM USERS")).isFalse();
    }

    @Test
    void aTableWhoseRowsReachATableNotOwnIsNotOwn() {
        names.put("own", table("16600"));
        ran("CREATE TABLE own (id int)");
        names.put("own", new SessionObjects.Relation("16600", false, List.of(table("16384"))));
        ran("ALTER TABLE users INHERIT own");

        assertThat(exempts("DELETE FROM own")).isFalse();
    }

    @Test
    void aStatementIsExemptOnlyWhenEveryTableItChangesIsOwn() {
        names.put("own", table("16600"));
        names.put("users", table("16384"));
        ran("CREATE TABLE own (id int)");

        assertThat(exempts("UPDATE users u SET name = 'x' FROM own f WHERE 1 = 1")).isFalse();
        assertThat(exempts("UPDATE own SET id = 0")).isTrue();
    }

    @Test
    void aColumnItAddedMayBeBackFilledOnEveryRow() {
        names.put("users", table("16384"));
        ran("ALTER TABLE users ADD COLUMN newcol int");

        assertThat(exempts("UPDATE users SET newcol = 0")).isTrue();
        assertThat(exempts("UPDATE users SET name = 'x'")).isFalse();
    }

    @Test
    void whenTheServerCannotBeAskedNothingIsOwn() {
        names.put("scratch", table("16401"));
        ran("CREATE TABLE scratch (id int)");

        assertThat(exempts("DELETE FROM broken")).isFalse();
    }
}
