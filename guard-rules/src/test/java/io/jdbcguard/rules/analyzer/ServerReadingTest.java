package io.jdbcguard.rules.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.SessionSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link StatementAnalyzer} reads text as the server does with the session's {@link SessionSettings}. */
class ServerReadingTest {
    private static final SessionSettings MARIADB = SessionSettings.mysql("10.11.6-MariaDB-0+deb12u1",
            "STRICT_TRANS_TABLES");
    private static final SessionSettings MYSQL = SessionSettings.mysql("8.0.36", "");

    private static List<String> rules(SessionSettings settings, String sql) {
        return new StatementAnalyzer(settings).analyze(sql).findings().stream().map(Finding::ruleId).toList();
    }

    @Test
    void versionedCommentsAreJudgedAsThisServerRunsThem() {
        assertThat(rules(MARIADB, "DELETE FROM users /*!99999 WHERE id = 1 */")).contains("delete-without-where");
        assertThat(rules(MARIADB, "DELETE FROM users /*!50000 WHERE id = 1 */")).isEmpty();
        assertThat(rules(MARIADB, "DELETE FROM users /*!80000 WHERE id = 1 */")).as("MariaDB skips 5.7+ versions")
                .contains("delete-without-where");
        assertThat(rules(MYSQL, "DELETE FROM users /*!80000 WHERE id = 1 */")).isEmpty();
        assertThat(rules(MYSQL, "DELETE FROM users /*M!100000 WHERE id = 1 */")).contains("delete-without-where");
        assertThat(rules(MARIADB, "/*M!100000 DROP TABLE users */")).containsExactly("drop");
    }

    @Test
    void anUnknownVersionIsJudgedInEveryReading() {
        SessionSettings unknownVersion = SessionSettings.defaults(Dialect.MYSQL);

        assertThat(rules(unknownVersion, "DELETE FROM users /*!99999 WHERE id = 1 */"))
                .contains("delete-without-where");
        assertThat(rules(unknownVersion, "/*!50000 DELETE FROM users */ /*!80000 WHERE id = 1 */"))
                .as("a server between the two versions runs the DELETE alone").contains("delete-without-where");
        assertThat(rules(unknownVersion, "/*!40101 SET NAMES utf8mb4 */")).isEmpty();
        assertThat(rules(unknownVersion, "/*!50000 SELECT 1 */; /*M!100000 SELECT 2 */")).isEmpty();
    }

    @Test
    void skippedCommentsHideQuotes() {
        assertThat(rules(MARIADB, "SELECT 1 /*!99999 ' */; DROP TABLE users; -- '")).containsExactly("drop");
    }

    @Test
    void unknownSettingsMakeSettingDependentTextsUnparseable() {
        SessionSettings unknown = MARIADB.unknown();

        Analysis analysis = new StatementAnalyzer(unknown).analyze("SELECT 'x\\'; DROP TABLE users; -- '");
        assertThat(analysis.findings()).extracting(Finding::ruleId).containsExactly("unparseable");
        assertThat(analysis.findings().get(0).reason()).contains("unknown").contains("NO_BACKSLASH_ESCAPES");
        assertThat(rules(unknown, "SELECT \"a\" FROM users")).containsExactly("unparseable");
        assertThat(rules(unknown, "SELECT name FROM users WHERE name = 'a'")).isEmpty();
        assertThat(rules(unknown, "DROP TABLE users")).containsExactly("drop");
        assertThat(rules(SessionSettings.postgresql(true).unknown(), "SELECT 'a\\b'")).containsExactly("unparseable");
        assertThat(rules(SessionSettings.postgresql(true).unknown(), "SELECT E'a\\b', $$\\$$")).isEmpty();
    }

    @Test
    void standardConformingStringsOffEscapesInPlainStrings() {
        assertThat(rules(SessionSettings.postgresql(false), "SELECT 'x\\'; DROP TABLE users; --'")).isEmpty();
        assertThat(rules(SessionSettings.postgresql(true), "SELECT 'x\\'; DROP TABLE users; --'"))
                .containsExactly("drop");
    }

    @Test
    void ansiQuotesAndNoBackslashEscapes() {
        SessionSettings ansi = SessionSettings.mysql("10.11.6-MariaDB", "ANSI_QUOTES,NO_BACKSLASH_ESCAPES");

        assertThat(rules(ansi, "SELECT 'x\\'; DROP TABLE users; -- '")).containsExactly("drop");
        assertThat(rules(ansi, "DELETE FROM users WHERE \"id\" = \"id\"")).containsExactly("always-true-where");
        assertThat(rules(MARIADB, "DELETE FROM users WHERE \"id\" = \"id\"")).containsExactly("always-true-where");
        assertThat(rules(MARIADB, "DELETE FROM users WHERE id = \"id\"")).isEmpty();
    }

    @Test
    void concatenatedStringsAreJudgedJoined() {
        assertThat(rules(MARIADB, "PREPARE s FROM 'UPDATE users SET name = 1 WHERE id = 1' ' OR 1 = 1'"))
                .containsExactly("always-true-where");
        assertThat(rules(MARIADB, "EXECUTE IMMEDIATE 'DELETE FROM users' /* x */ ''")).containsExactly(
                "delete-without-where");
        assertThat(rules(SessionSettings.postgresql(true), "DELETE FROM users WHERE name = 'a'\n'b' OR 'a' = 'a'\n''"))
                .containsExactly("always-true-where");
    }

    @Test
    void explainAnalyzeInEverySpelling() {
        SessionSettings pg = SessionSettings.postgresql(true);
        for (String options : List.of("ANALYZE", "\"analyze\"", "U&\"analyze\"", "U&\"\\0061nalyze\"", "analyse",
                "ANALYZE true", "ANALYZE on", "ANALYZE 1", "VERBOSE, ANALYZE", "ANALYZE 'yes'")) {
            assertThat(rules(pg, "EXPLAIN (" + options + ") DELETE FROM users")).as(options)
                    .containsExactly("delete-without-where");
        }
        assertThat(rules(pg, "EXPLAIN (ANALYZE off) DELETE FROM users")).isEmpty();
        assertThat(rules(pg, "EXPLAIN (\"analyze\" 'false') DELETE FROM users")).isEmpty();
    }

    @Test
    void changesSessionIsReportedForEverythingThatMayChangeHowTextIsRead() {
        SessionSettings pg = SessionSettings.postgresql(true);
        for (String sql : List.of("SET standard_conforming_strings = off", "set search_path to app",
                "RESET ALL", "SELECT set_config('standard_conforming_strings', 'off', false)", "ROLLBACK",
                "COMMIT", "DISCARD ALL", "DO $$ BEGIN PERFORM 1; END $$", "SELECT 1; SET LOCAL x.y = 1")) {
            assertThat(new StatementAnalyzer(pg).analyze(sql).changesSession()).as(sql).isTrue();
        }
        for (String sql : List.of("SET sql_mode = 'ANSI_QUOTES'", "SET @@session.sql_mode = ''",
                "/*!40101 SET SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */", "EXECUTE s",
                "EXECUTE IMMEDIATE 'SET sql_mode = 1'", "CALL p()", "SET STATEMENT max_statement_time=1 FOR SELECT 1",
                "USE other", "use `other`")) {
            assertThat(new StatementAnalyzer(MARIADB).analyze(sql).changesSession()).as(sql).isTrue();
        }
        assertThat(new StatementAnalyzer(pg).analyze("SELECT 1").changesSession()).isFalse();
        assertThat(new StatementAnalyzer(MARIADB).analyze("UPDATE users SET name = 'a' WHERE id = 1")
                .changesSession()).isFalse();
        assertThat(new StatementAnalyzer(MARIADB).analyze("COMMIT").changesSession()).isFalse();
    }
}
