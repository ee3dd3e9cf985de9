package io.jdbcguard.rules.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.Modification;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The effect components of {@link Analysis}: modifications, created tables, added columns, hidden writes. */
class StatementEffectsTest {
    private final StatementAnalyzer postgresql = new StatementAnalyzer(Dialect.POSTGRESQL, true);
    private final StatementAnalyzer mysql = new StatementAnalyzer(Dialect.MYSQL, true);

    @Test
    void updateHasItsKeyAndSetColumnsAndIsAlone() {
        assertThat(postgresql.analyze("UPDATE Users SET Name = ?, active = false WHERE id = ? AND tenant = 5 "
                + "AND created < now()").modifications()).containsExactly(
                new Modification("UPDATE", "users", Set.of("id", "tenant"), Set.of("name", "active"), true));
    }

    @Test
    void keyColumnsAreComparedWithLiteralsOrParametersInTopLevelConjunctsOnly() {
        assertThat(postgresql.analyze("DELETE FROM users u WHERE (u.id = $1) AND 'x' = name AND (a = 1 OR b = 2)"
                + " AND c = d AND e > 5 AND f = NULL AND g = :g AND h = -3 AND k = 'a'::uuid").modifications())
                .containsExactly(new Modification("DELETE", "users", Set.of("id", "name", "g", "h", "k"), Set.of(),
                        true));
        assertThat(postgresql.analyze("DELETE FROM users").modifications()).containsExactly(
                new Modification("DELETE", "users", Set.of(), Set.of(), true));
    }

    @Test
    void namesAreFoldedAsTheServerFoldsThem() {
        assertThat(postgresql.analyze("UPDATE App.\"Users\" SET \"Name\" = 'x' WHERE \"ID\" = 1").modifications())
                .containsExactly(new Modification("UPDATE", "app.Users", Set.of("ID"), Set.of("Name"), true));
        assertThat(mysql.analyze("UPDATE App.`Users` SET Name = 'x' WHERE ID = 1").modifications())
                .containsExactly(new Modification("UPDATE", "App.Users", Set.of("ID"), Set.of("Name"), true));
    }

    @Test
    void ddlThatRunsChangesTheSchemaARowLockDoesNot() {
        for (String sql : new String[] {"CREATE TRIGGER t AFTER INSERT ON o FOR EACH ROW EXECUTE FUNCTION f()",
                "ALTER TABLE users ADD CONSTRAINT u UNIQUE (email)", "CREATE UNIQUE INDEX i ON users (email)",
                "DROP INDEX i", "SELECT 1; CREATE INDEX j ON users (name)"}) {
            assertThat(postgresql.analyze(sql).changesSchema()).as(sql).isTrue();
        }
        for (String sql : new String[] {"SELECT * FROM qrtz_locks WHERE lock_name = 'TRIGGER_ACCESS' FOR UPDATE",
                "UPDATE users SET name = 'x' WHERE id = 1", "SET search_path = app",
                "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE x (id int); END $$"}) {
            assertThat(postgresql.analyze(sql).changesSchema()).as(sql).isEqualTo(sql.startsWith("CREATE"));
        }
        assertThat(mysql.analyze("RENAME TABLE a TO b").changesSchema()).isTrue();
    }

    @Test
    void executeOfAPreparedStatementRunsWhatOnlyTheServerHolds() {
        for (String sql : new String[] {"EXECUTE purge", "execute purge(1, 'a')", "EXPLAIN ANALYZE EXECUTE purge",
                "SELECT 1; EXECUTE purge"}) {
            assertThat(postgresql.analyze(sql).runsPrepared()).as(sql).isTrue();
        }
        for (String sql : new String[] {"EXECUTE s", "EXECUTE s USING @a, @b"}) {
            assertThat(mysql.analyze(sql).runsPrepared()).as(sql).isTrue();
        }
        for (String sql : new String[] {"PREPARE purge AS DELETE FROM users WHERE id > 0", "EXPLAIN EXECUTE purge",
                "SELECT 'EXECUTE purge'", "DEALLOCATE purge"}) {
            assertThat(postgresql.analyze(sql).runsPrepared()).as(sql).isFalse();
        }
        assertThat(mysql.analyze("EXECUTE IMMEDIATE 'DELETE FROM users WHERE id > 0'").runsPrepared()).isFalse();
        assertThat(mysql.analyze("EXECUTE IMMEDIATE 'DELETE FROM users WHERE id > 0'").modifications())
                .extracting(Modification::table).containsExactly("users");
        assertThat(postgresql.analyze("CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'x';"
                + " END $$").runsPrepared()).isFalse();
    }

    @Test
    void joinsFromUsingAndSubqueriesAreNotAlone() {
        assertThat(postgresql.analyze("UPDATE users SET name = 'x' FROM orders o WHERE users.id = o.user_id "
                + "AND users.id = 3").modifications()).containsExactly(
                new Modification("UPDATE", "users", Set.of("id"), Set.of("name"), false));
        assertThat(postgresql.analyze("DELETE FROM orders USING users WHERE orders.user_id = users.id")
                .modifications()).extracting(Modification::alone).containsExactly(false);
        assertThat(postgresql.analyze("DELETE FROM orders WHERE id = 1 AND user_id IN (SELECT id FROM users "
                + "WHERE name = 'x')").modifications()).extracting(Modification::alone).containsExactly(false);
    }

    @Test
    void mysqlMultiTableStatementsChangeEveryTargetTable() {
        assertThat(mysql.analyze("UPDATE users u JOIN orders o ON u.id = o.user_id SET u.name = 'x', o.total = 0 "
                + "WHERE u.id = 7").modifications()).containsExactly(
                new Modification("UPDATE", "users", Set.of("id"), Set.of("name"), false),
                new Modification("UPDATE", "orders", Set.of(), Set.of("total"), false));
        assertThat(mysql.analyze("DELETE u, o FROM users u JOIN orders o ON u.id = o.user_id WHERE u.id = 7")
                .modifications()).containsExactly(
                new Modification("DELETE", "users", Set.of("id"), Set.of(), false),
                new Modification("DELETE", "orders", Set.of(), Set.of(), false));
    }

    @Test
    void insertsAndUpsertsAreReadFromTheTokens() {
        assertThat(postgresql.analyze("INSERT INTO Public.Users (id, name) VALUES (?, ?)").modifications())
                .containsExactly(new Modification("INSERT", "public.users", Set.of(), Set.of(), true));
        assertThat(postgresql.analyze("INSERT INTO users AS u (id, name) VALUES (1, 'a') ON CONFLICT (id) "
                + "DO UPDATE SET name = EXCLUDED.name, (a, b) = (1, 2) WHERE u.id > 0 RETURNING id")
                .modifications()).containsExactly(
                new Modification("UPSERT", "users", Set.of(), Set.of("name", "a", "b"), true));
        assertThat(postgresql.analyze("INSERT INTO users SELECT * FROM staging ON CONFLICT DO NOTHING")
                .modifications()).containsExactly(new Modification("INSERT", "users", Set.of(), Set.of(), false));
        assertThat(mysql.analyze("INSERT IGNORE INTO users (id, name) VALUES (1, 'a') ON DUPLICATE KEY UPDATE "
                + "name = VALUES(name), visits = IF(visits > 1, visits + 1, 1)").modifications()).containsExactly(
                new Modification("UPSERT", "users", Set.of(), Set.of("name", "visits"), true));
        assertThat(mysql.analyze("REPLACE INTO users (id, name) SELECT id, name FROM staging").modifications())
                .containsExactly(new Modification("UPSERT", "users", Set.of(), Set.of("id", "name"), false));
        assertThat(mysql.analyze("REPLACE users SET id = 1, name = 'a'").modifications())
                .containsExactly(new Modification("UPSERT", "users", Set.of(), Set.of("id", "name"), true));
    }

    @Test
    void statementsInDataModifyingCtesAndWrappersAreIncluded() {
        assertThat(postgresql.analyze("WITH gone AS (DELETE FROM orders WHERE id = 1 RETURNING *) "
                + "INSERT INTO orders_log SELECT * FROM gone").modifications()).containsExactly(
                new Modification("DELETE", "orders", Set.of("id"), Set.of(), false),
                new Modification("INSERT", "orders_log", Set.of(), Set.of(), false));
        assertThat(postgresql.analyze("EXPLAIN ANALYZE UPDATE users SET name = 'x' WHERE id = 1").modifications())
                .containsExactly(new Modification("UPDATE", "users", Set.of("id"), Set.of("name"), true));
        assertThat(mysql.analyze("PREPARE s FROM 'DELETE FROM users WHERE id = ?'").modifications())
                .containsExactly(new Modification("DELETE", "users", Set.of("id"), Set.of(), true));
        assertThat(postgresql.analyze("EXPLAIN DELETE FROM users").modifications()).isEmpty();
    }

    @Test
    void mergeNamesItsTargetAndAssignedColumns() {
        assertThat(postgresql.analyze("MERGE INTO users u USING staging s ON u.id = s.id WHEN MATCHED THEN "
                + "UPDATE SET name = s.name WHEN NOT MATCHED THEN INSERT (id, name) VALUES (s.id, s.name)")
                .modifications()).containsExactly(
                new Modification("MERGE", "users", Set.of(), Set.of("name"), false));
    }

    @Test
    void storedCodeAndUnparseableStatementsHaveNoModifications() {
        assertThat(mysql.analyze("CREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW DELETE FROM orders "
                + "WHERE id = NEW.id").modifications()).isEmpty();
        Analysis unparsed = postgresql.analyze("DELETE FROM users WHERE id = = 1");
        assertThat(unparsed.modifications()).isEmpty();
        assertThat(unparsed.findings()).extracting(Finding::ruleId).contains("unparseable");
    }

    @Test
    void createdTablesAndAddedColumns() {
        Analysis analysis = postgresql.analyze("CREATE TEMPORARY TABLE IF NOT EXISTS Tmp (id int); "
                + "CREATE TABLE app.copy AS SELECT * FROM users; "
                + "ALTER TABLE Users ADD COLUMN IF NOT EXISTS Nick text, ADD \"Mail\" text, ADD CONSTRAINT c "
                + "CHECK (id > 0), ADD PRIMARY KEY (id)");

        assertThat(analysis.createdTables()).containsExactlyInAnyOrder("tmp", "app.copy");
        assertThat(analysis.addedColumns()).as("IF NOT EXISTS: Nick may have existed")
                .containsExactlyInAnyOrder("users.Mail");
        assertThat(postgresql.analyze("CREATE TABLE IF NOT EXISTS users (id int)").createdTables())
                .as("users may have existed").isEmpty();
        assertThat(mysql.analyze("ALTER TABLE Users ADD (Nick VARCHAR(10), mail TEXT), ADD INDEX i (mail)")
                .addedColumns()).containsExactlyInAnyOrder("Users.Nick", "Users.mail");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT count(*), max(id), coalesce(name, 'x'), lower(name) FROM users WHERE id IN (1, 2)",
        "SELECT date_trunc('day', now()), to_char(now(), 'YYYY'), string_agg(name, ',') FROM users GROUP BY id",
        "SELECT CAST(id AS varchar(10)), id::numeric(10, 2) FROM users",
        "WITH x(a, b) AS (SELECT 1, 2) SELECT * FROM x, (VALUES (1)) v(c)",
        "SELECT row_number() OVER (PARTITION BY id) FROM users WHERE EXISTS (SELECT 1)",
        "SELECT pg_catalog.format_type(t.oid, NULL) FROM pg_catalog.pg_type t",
        "SELECT jsonb_extract_path(doc, 'a') FROM docs"})
    void pureBuiltInsHideNoWrites(String sql) {
        Analysis analysis = postgresql.analyze(sql);

        assertThat(analysis.readOnly()).isTrue();
        assertThat(analysis.mayHideWrites()).as(sql).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT nextval('users_id_seq')",
        "SELECT archive_orders(5)",
        "SELECT app.cleanup()",
        "SELECT * FROM users WHERE id = purge_user(1)",
        "SELECT pg_terminate_backend(123)",
        "SELECT \"Lower\"(name) FROM users"})
    void otherFunctionsMayHideWrites(String sql) {
        assertThat(postgresql.analyze(sql).mayHideWrites()).as(sql).isTrue();
    }

    @Test
    void mysqlHasItsOwnList() {
        assertThat(mysql.analyze("SELECT group_concat(name), ifnull(a, 1), IF(a, 1, 2), date_format(now(), '%Y') "
                + "FROM users").mayHideWrites()).isFalse();
        assertThat(mysql.analyze("SELECT GET_LOCK('x', 10)").mayHideWrites()).isTrue();
        assertThat(mysql.analyze("SELECT string_agg(name, ',') FROM users").mayHideWrites()).isTrue();
    }

    @Test
    void aWriteThatCallsAFunctionMayHideWritesToo() {
        Analysis write = postgresql.analyze("UPDATE users SET name = my_function(name) WHERE id = 1");

        assertThat(write.readOnly()).isFalse();
        assertThat(write.mayHideWrites()).isTrue();
        assertThat(postgresql.analyze("UPDATE users SET name = lower(name) WHERE id = 1").mayHideWrites()).isFalse();
    }
}
