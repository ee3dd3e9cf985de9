package io.jdbcguard.rules.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.PreparedName.Use;
import io.jdbcguard.rules.PreparedName;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way a query can call a function that may write reaches the driver as a read that may hide writes, a table
 * created from such a query, or a prepared name whose content is known; and the session's own temporary tables are
 * no production data (issue #27, items 5 and 6).
 */
class HiddenWritePathsTest {
    private final StatementAnalyzer postgresql = new StatementAnalyzer(Dialect.POSTGRESQL, true);
    private final StatementAnalyzer mysql = new StatementAnalyzer(Dialect.MYSQL, true);

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT purge() AS materialized",
        "SELECT purge() AS materialized, 1 AS b",
        "COPY (SELECT purge()) TO STDOUT",
        "DECLARE c CURSOR FOR SELECT purge()",
        "DECLARE c CURSOR WITH HOLD FOR SELECT purge()",
        "FETCH c",
        "FETCH 10 FROM c",
        "MOVE NEXT IN c",
        "VALUES (purge())",
        "WITH a AS (SELECT purge()) SELECT * FROM a",
        "EXPLAIN ANALYZE SELECT purge()",
        "SELECT * FROM purge() AS (a int)"})
    void postgresqlReadsThatMayHideWrites(String sql) {
        Analysis analysis = postgresql.analyze(sql);

        assertThat(analysis.readOnly()).as(sql).isTrue();
        assertThat(analysis.mayHideWrites()).as(sql).isTrue();
        assertThat(analysis.findings()).as(sql).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT purge() AS materialized",
        "DO purge()",
        "EXECUTE IMMEDIATE 'SELECT purge()'",
        "ANALYZE SELECT purge()"})
    void mysqlReadsThatMayHideWrites(String sql) {
        Analysis analysis = mysql.analyze(sql);

        assertThat(analysis.readOnly()).as(sql).isTrue();
        assertThat(analysis.mayHideWrites()).as(sql).isTrue();
        assertThat(analysis.runsPrepared()).as(sql).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "WITH x(a, b) AS MATERIALIZED (SELECT 1, 2) SELECT * FROM x",
        "WITH x(a) AS NOT MATERIALIZED (SELECT 1) SELECT * FROM x",
        "COPY users TO STDOUT",
        "TABLE users",
        "FETCH c"})
    void postgresqlReadsWithoutFunctionsStayFree(String sql) {
        Analysis analysis = postgresql.analyze(sql);

        assertThat(analysis.readOnly()).as(sql).isTrue();
        assertThat(analysis.mayHideWrites()).as(sql).isEqualTo(sql.startsWith("FETCH"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "COPY users TO '/tmp/users.csv'",
        "COPY (SELECT 1) TO PROGRAM 'cat > /tmp/x'",
        "COPY users FROM STDIN",
        "DO $$ BEGIN PERFORM purge(); END $$",
        "EXECUTE p"})
    void whatIsNoReadStaysNoRead(String sql) {
        assertThat(postgresql.analyze(sql).readOnly()).as(sql).isFalse();
    }

    @Test
    void aFunctionOnTheDeclaredSideOfATableIsNoCall() {
        assertThat(postgresql.analyze("INSERT INTO users (id, name) VALUES (1, 'a')").mayHideWrites()).isFalse();
        assertThat(postgresql.analyze("CREATE TEMP TABLE scratch (id int)").mayHideWrites()).isFalse();
        assertThat(postgresql.analyze("CREATE TABLE IF NOT EXISTS app.scratch (id int)").mayHideWrites()).isFalse();
        assertThat(postgresql.analyze("INSERT INTO users (id) VALUES (archive(1))").mayHideWrites()).isTrue();
    }

    @Test
    void tablesCreatedFromAQueryAreNoted() {
        Analysis create = postgresql.analyze("CREATE TABLE x AS SELECT purge()");
        assertThat(create.tableFromQuery()).isEqualTo(Analysis.FromQuery.PERMANENT);
        assertThat(create.mayHideWrites()).isTrue();
        assertThat(create.readOnly()).isFalse();
        assertThat(postgresql.analyze("CREATE TEMP TABLE x AS SELECT purge()").tableFromQuery())
                .isEqualTo(Analysis.FromQuery.TEMPORARY);
        Analysis into = postgresql.analyze("SELECT purge() INTO x");
        assertThat(into.tableFromQuery()).isEqualTo(Analysis.FromQuery.PERMANENT);
        assertThat(into.createdTables()).containsExactly("x");
        assertThat(postgresql.analyze("SELECT purge() INTO TEMP TABLE x").tableFromQuery())
                .isEqualTo(Analysis.FromQuery.TEMPORARY);
        assertThat(postgresql.analyze("CREATE MATERIALIZED VIEW v AS SELECT purge()").tableFromQuery())
                .isEqualTo(Analysis.FromQuery.PERMANENT);
        assertThat(postgresql.analyze("CREATE MATERIALIZED VIEW v AS SELECT purge() WITH NO DATA")
                .tableFromQuery()).isEqualTo(Analysis.FromQuery.NONE);
        assertThat(postgresql.analyze("CREATE VIEW v AS SELECT purge()").tableFromQuery())
                .isEqualTo(Analysis.FromQuery.NONE);
        assertThat(postgresql.analyze("CREATE TABLE x (id int)").tableFromQuery())
                .isEqualTo(Analysis.FromQuery.NONE);
        Analysis mysqlCreate = mysql.analyze("CREATE TEMPORARY TABLE x SELECT purge()");
        assertThat(mysqlCreate.tableFromQuery()).isEqualTo(Analysis.FromQuery.TEMPORARY);
        assertThat(mysqlCreate.findings()).isEmpty();
        assertThat(mysql.analyze("CREATE TABLE x (id int) SELECT purge() AS id").tableFromQuery())
                .isEqualTo(Analysis.FromQuery.PERMANENT);
        assertThat(mysql.analyze("SELECT purge() INTO @x").tableFromQuery()).isEqualTo(Analysis.FromQuery.NONE);
    }

    @Test
    void queriesThatAreNoReadsAreQueriesOnly() {
        for (String sql : List.of("SELECT purge() FROM users WHERE id = 1 FOR UPDATE", "SELECT purge() INTO x",
                "CREATE TABLE x AS SELECT purge()", "CREATE MATERIALIZED VIEW v AS SELECT purge()",
                "SELECT 1 FOR SHARE; SELECT purge()", "SELECT purge() FROM users FOR NO KEY UPDATE OF users")) {
            Analysis analysis = postgresql.analyze(sql);
            assertThat(analysis.readOnly()).as(sql).isFalse();
            assertThat(analysis.queriesOnly()).as(sql).isTrue();
        }
        assertThat(mysql.analyze("SELECT purge() INTO OUTFILE '/tmp/x'").queriesOnly()).isTrue();
        assertThat(mysql.analyze("CREATE TEMPORARY TABLE x SELECT purge()").queriesOnly()).isTrue();
        for (String sql : List.of("SELECT purge() FOR UPDATE; DELETE FROM t", "EXECUTE p", "CALL purge()",
                "CREATE TABLE x (id int)", "DO $$ BEGIN END $$", "COPY t FROM STDIN")) {
            assertThat(postgresql.analyze(sql).queriesOnly()).as(sql).isFalse();
        }
        assertThat(postgresql.analyze("SELECT 1").queriesOnly()).isTrue();
    }

    @Test
    void cursorsWithHoldAreNoted() {
        assertThat(postgresql.analyze("DECLARE c NO SCROLL CURSOR WITH HOLD FOR SELECT purge()").holdsCursor())
                .isTrue();
        assertThat(postgresql.analyze("DECLARE c CURSOR WITHOUT HOLD FOR SELECT purge()").holdsCursor()).isFalse();
        assertThat(postgresql.analyze("DECLARE c CURSOR FOR WITH x AS (SELECT 1) SELECT * FROM x").holdsCursor())
                .isFalse();
    }

    @Test
    void preparedNamesAreFollowed() {
        assertThat(postgresql.analyze("PREPARE Purge AS SELECT purge()").preparedNames())
                .containsExactly(new PreparedName(Use.PREPARE, "purge", true, true));
        assertThat(postgresql.analyze("PREPARE \"P\" (int) AS DELETE FROM t WHERE id = $1").preparedNames())
                .containsExactly(new PreparedName(Use.PREPARE, "P", false, false));
        assertThat(postgresql.analyze("EXECUTE p(archive(1))").preparedNames())
                .containsExactly(new PreparedName(Use.EXECUTE, "p", false, true));
        assertThat(postgresql.analyze("DEALLOCATE PREPARE p").preparedNames())
                .containsExactly(new PreparedName(Use.FORGET, "p", false, false));
        for (String sql : List.of("DEALLOCATE ALL", "DISCARD ALL", "CALL refresh()", "DO $$ BEGIN END $$")) {
            assertThat(postgresql.analyze(sql).preparedNames()).as(sql)
                    .containsExactly(new PreparedName(Use.FORGET_ALL, "", false, false));
        }
        assertThat(mysql.analyze("DROP PREPARE P").preparedNames())
                .containsExactly(new PreparedName(Use.FORGET, "p", false, false));
        assertThat(mysql.analyze("PREPARE p FROM 'DELETE FROM t'; EXECUTE p").runsPrepared()).isTrue();
        Analysis prepare = mysql.analyze("PREPARE p FROM 'SELECT purge()'");
        assertThat(prepare.readOnly()).isTrue();
        assertThat(prepare.mayHideWrites()).isFalse();
        assertThat(mysql.analyze("PREPARE p FROM 'SELECT purge()'; EXECUTE p").runsPrepared()).isTrue();
        Analysis read = mysql.analyze("PREPARE p FROM 'SELECT 1'; EXECUTE p");
        assertThat(read.readOnly()).isTrue();
        assertThat(read.mayHideWrites()).isFalse();
        assertThat(read.runsPrepared()).isFalse();
        assertThat(mysql.analyze("EXECUTE p").runsPrepared()).isTrue();
    }

    @Test
    void aTextsOwnTemporaryTableIsTheSessions() {
        assertThat(postgresql.analyze("CREATE TEMP TABLE scratch (id int); TRUNCATE scratch").findings()).isEmpty();
        assertThat(postgresql.analyze("DROP TABLE IF EXISTS pg_temp.scratch").findings()).isEmpty();
        assertThat(postgresql.analyze("DROP TABLE IF EXISTS PG_TEMP.scratch").findings()).isEmpty();
        Analysis mysqlText = mysql.analyze("CREATE TEMPORARY TABLE tmp (id INT); DELETE FROM tmp");
        assertThat(mysqlText.findings()).isEmpty();
        assertThat(mysqlText.modifications()).isEmpty();
        assertThat(mysql.analyze("CREATE TEMPORARY TABLE tmp_users SELECT * FROM users").findings()).isEmpty();
    }

    @Test
    void temporaryMeansCreatedBeforeAndNamedTheSame() {
        assertThat(postgresql.analyze("TRUNCATE scratch; CREATE TEMP TABLE scratch (id int)").findings())
                .extracting(Finding::ruleId).containsExactly("truncate");
        assertThat(postgresql.analyze("CREATE TEMP TABLE scratch (id int); TRUNCATE public.scratch").findings())
                .extracting(Finding::ruleId).containsExactly("truncate");
        assertThat(postgresql.analyze("CREATE TABLE scratch (id int); TRUNCATE scratch").findings())
                .extracting(Finding::ruleId).containsExactly("truncate");
        assertThat(postgresql.analyze("DROP TABLE pg_temp_3.scratch").findings())
                .extracting(Finding::ruleId).containsExactly("drop");
        assertThat(mysql.analyze("DROP TABLE pg_temp.scratch").findings())
                .extracting(Finding::ruleId).containsExactly("drop");
        assertThat(postgresql.analyze("CREATE TEMP TABLE scratch (id int); TRUNCATE scratch, users").findings())
                .extracting(Finding::ruleId).containsExactly("truncate");
    }

    @Test
    void mariadbSequencesWithAnEngineAreAllowed() {
        Analysis sequence = mysql.analyze("CREATE SEQUENCE BATCH_STEP_EXECUTION_SEQ START WITH 1 MINVALUE 1"
                + " MAXVALUE 9223372036854775806 INCREMENT BY 1 NOCACHE NOCYCLE ENGINE=InnoDB");
        assertThat(sequence.findings()).isEmpty();
        assertThat(mysql.analyze("CREATE SEQUENCE s ENGINE InnoDB").findings()).isEmpty();
    }
}
