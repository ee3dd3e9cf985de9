package io.jdbcguard.rules.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.SessionSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadOnlyStatementsTest {
    private static final StatementAnalyzer POSTGRESQL = new StatementAnalyzer(SessionSettings.postgresql(true));
    private static final StatementAnalyzer MYSQL = new StatementAnalyzer(SessionSettings.mysql("10.11.6-MariaDB", ""));

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM users WHERE id = 1",
        "SELECT count(*) FROM users; SELECT 1",
        "WITH t AS (SELECT 1) SELECT * FROM t",
        "VALUES (1), (2)",
        "TABLE users",
        "EXPLAIN SELECT * FROM users",
        "SHOW search_path",
        "SHOW default_transaction_read_only",
        "SHOW transaction_read_only",
        "BEGIN; SELECT 1; COMMIT",
        "SET search_path TO shop",
        "SELECT replace(name, 'a', 'b') FROM users",
        "DECLARE c CURSOR FOR SELECT * FROM users"})
    void postgresqlReads(String sql) {
        assertThat(POSTGRESQL.analyze(sql).readOnly()).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INSERT INTO users (id) VALUES (1)",
        "UPDATE users SET name = 'x' WHERE id = 1",
        "SELECT 1; DELETE FROM users WHERE id = 1",
        "WITH d AS (DELETE FROM users WHERE id = 1 RETURNING *) SELECT * FROM d",
        "EXPLAIN ANALYZE DELETE FROM users WHERE id = 1",
        "SELECT * FROM users FOR UPDATE",
        "SELECT * FROM users FOR NO KEY UPDATE",
        "SELECT * INTO copy FROM users",
        "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
        "SET default_transaction_read_only = off",
        "SELECT set_config('default_transaction_read_only', 'off', false)",
        "BEGIN READ WRITE",
        "RESET ALL",
        "DISCARD ALL",
        "CALL purge()",
        "DO $$ BEGIN DELETE FROM users; END $$",
        "CREATE TABLE t (id int)",
        "COPY users FROM STDIN",
        "{call purge()}"})
    void postgresqlWrites(String sql) {
        assertThat(POSTGRESQL.analyze(sql).readOnly()).as(sql).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM users WHERE name LIKE replace(?, '\\\\', '\\\\\\\\')",
        "SELECT * FROM users FOR UPDATE",
        "SELECT insert(name, 1, 2, 'x') FROM users",
        "SELECT id INTO @x FROM users LIMIT 1",
        "SHOW TABLES",
        "SHOW SESSION VARIABLES LIKE 'tx_read_only'",
        "DESCRIBE users"})
    void mysqlReads(String sql) {
        assertThat(MYSQL.analyze(sql).readOnly()).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "REPLACE INTO users (id) VALUES (1)",
        "SELECT * FROM users INTO OUTFILE '/tmp/users'",
        "SET SESSION TRANSACTION READ WRITE",
        "SET @@session.transaction_read_only = 0",
        "SET SESSION tx_read_only = 0",
        "START TRANSACTION READ WRITE",
        "LOAD DATA INFILE '/tmp/x' INTO TABLE users"})
    void mysqlWrites(String sql) {
        assertThat(MYSQL.analyze(sql).readOnly()).as(sql).isFalse();
    }
}
