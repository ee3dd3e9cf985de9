package io.jdbcguard.it;

import static io.jdbcguard.it.Blocked.assertBlockedOnProduction;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #8 on the real servers: texts the guard reads exactly as PostgreSQL 15 and MariaDB 10.11 read them. From
 * origin {@code developer} each is blocked on production and the data, read back through a raw connection, is
 * intact; from origin {@code developer} on the staging server, which no guard covers, and from origin {@code ci}
 * on production, the same statements run.
 */
class ServerReadingIT {
    /** MariaDB skips a version comment above its version, and every MySQL 5.7+ version, so these delete all users. */
    private static final List<String> MARIADB_VERSION_COMMENTS = List.of(
            "DELETE FROM users /*!99999 WHERE id = 1 */",
            "DELETE FROM users /*!80000 WHERE id = 1 */",
            "DELETE FROM users /*M!999999 WHERE id = 1 */");
    /** Adjacent literals are one string to MariaDB, also in PREPARE ... FROM. */
    private static final List<String> MARIADB_CONCATENATION = List.of(
            "PREPARE s FROM 'UPDATE users SET name = ''x'' WHERE id = 1' ' OR 1 = 1'",
            "EXECUTE IMMEDIATE 'DELETE FROM orders' ' -- WHERE id = 1'");
    /** ALTER TABLE forms JSQLParser does not understand, judged clause by clause. */
    private static final List<String> MARIADB_ALTER = List.of(
            "ALTER IGNORE TABLE users DROP COLUMN name",
            "ALTER ONLINE TABLE users NOWAIT ADD COLUMN email TEXT, DROP drop_date");
    /** PostgreSQL: a string continued on a new line, EXPLAIN ANALYZE spelled as a quoted or Unicode identifier. */
    private static final List<String> POSTGRESQL_READINGS = List.of(
            "DELETE FROM users WHERE name = 'a'\n'' OR 'a' = 'a'\n''",
            "EXPLAIN (\"analyze\") DELETE FROM orders",
            "EXPLAIN (U&\"\\0061nalyze\" true) DELETE FROM orders",
            "SELECT 1 -- a comment ended by a lone carriage return\r; DELETE FROM orders");

    @RegisterExtension
    final GuardSettings guard = new GuardSettings();

    @Test
    void mariaDbVersionCommentsAreReadAsMariaDbReadsThem() throws SQLException {
        assertBlockedFromDeveloperAndRunFromCi(Database.MARIADB, MARIADB_VERSION_COMMENTS);
    }

    @Test
    void mariaDbConcatenatedStringsAreJudgedJoined() throws SQLException {
        assertBlockedFromDeveloperAndRunFromCi(Database.MARIADB, MARIADB_CONCATENATION);
    }

    @Test
    void mariaDbAlterTableIsJudgedClauseByClause() throws SQLException {
        assertAllBlocked(Database.MARIADB, MARIADB_ALTER);
    }

    @Test
    void postgresqlLexingIsReadAsTheServerReadsIt() throws SQLException {
        assertBlockedFromDeveloperAndRunFromCi(Database.POSTGRESQL, POSTGRESQL_READINGS);
    }

    /**
     * The session's reading settings, as the server has them: read at connect (database defaults, URL options and
     * session variables) and again after a statement that may change them.
     */
    @Nested
    class SessionSettingsRead {
        private static final String PG_BACKSLASH_DELETE = "DELETE FROM users WHERE name = 'a\\'' OR 1 = 1 --'";

        @Test
        void ansiQuotesSetInTheSessionMakeADoubleQuotedStringAColumn() throws SQLException {
            ShopFixture.reset(Database.MARIADB, Target.PRODUCTION);
            ShopState before = ShopFixture.snapshot(Database.MARIADB, Target.PRODUCTION);
            try (Connection connection = TestDatabases.guard(Database.MARIADB, Target.PRODUCTION);
                    Statement statement = connection.createStatement()) {
                statement.execute("SET sql_mode = 'ANSI_QUOTES'");
                assertBlockedOnProduction(() -> statement.execute("DELETE FROM users WHERE name = \"name\""));
                statement.execute("SET @@session.sql_mode = CONCAT(@@session.sql_mode, ',NO_BACKSLASH_ESCAPES')");
                assertBlockedOnProduction(() -> statement.execute(
                        "DELETE FROM users WHERE name = 'a\\' OR 1 = 1 -- '"));
            }
            assertThat(ShopFixture.snapshot(Database.MARIADB, Target.PRODUCTION)).isEqualTo(before);
        }

        @Test
        void sqlModeFromTheUrlsSessionVariablesIsReadAtConnect() throws SQLException {
            ShopFixture.reset(Database.MARIADB, Target.PRODUCTION);
            ShopState before = ShopFixture.snapshot(Database.MARIADB, Target.PRODUCTION);
            String url = TestDatabases.guardUrl(Database.MARIADB, Target.PRODUCTION)
                    + "?sessionVariables=sql_mode='NO_BACKSLASH_ESCAPES'";
            try (Connection connection = TestDatabases.guard(url);
                    Statement statement = connection.createStatement()) {
                assertBlockedOnProduction(() -> statement.execute(
                        "DELETE FROM users WHERE name = 'a\\' OR 1 = 1 -- '"));
            }
            assertThat(ShopFixture.snapshot(Database.MARIADB, Target.PRODUCTION)).isEqualTo(before);
        }

        @Test
        void aDatabaseDefaultOfStandardConformingStringsOffMakesABackslashAnEscape() throws SQLException {
            ShopFixture.reset(Database.POSTGRESQL, Target.PRODUCTION);
            ShopState before = ShopFixture.snapshot(Database.POSTGRESQL, Target.PRODUCTION);
            try (Connection admin = java.sql.DriverManager.getConnection(
                    TestDatabases.rawUrl(Database.POSTGRESQL, Target.PRODUCTION), TestDatabases.ADMIN_USER,
                    TestDatabases.ADMIN_USER); Statement dba = admin.createStatement()) {
                dba.execute("ALTER DATABASE shop SET standard_conforming_strings = off");
                try (Connection connection = TestDatabases.guard(Database.POSTGRESQL, Target.PRODUCTION);
                        Statement statement = connection.createStatement()) {
                    assertBlockedOnProduction(() -> statement.execute(PG_BACKSLASH_DELETE));
                } finally {
                    dba.execute("ALTER DATABASE shop RESET standard_conforming_strings");
                }
            }
            assertThat(ShopFixture.snapshot(Database.POSTGRESQL, Target.PRODUCTION)).isEqualTo(before);
        }

        @Test
        void aSetThenTheStatementAndAUrlOptionAreFollowed() throws SQLException {
            ShopFixture.reset(Database.POSTGRESQL, Target.PRODUCTION);
            ShopState before = ShopFixture.snapshot(Database.POSTGRESQL, Target.PRODUCTION);
            try (Connection connection = TestDatabases.guard(Database.POSTGRESQL, Target.PRODUCTION);
                    Statement statement = connection.createStatement()) {
                statement.execute("SET standard_conforming_strings = off");
                assertBlockedOnProduction(() -> statement.execute(PG_BACKSLASH_DELETE));
                connection.setAutoCommit(false);
                statement.execute("SET standard_conforming_strings = on");
                connection.rollback();
                assertBlockedOnProduction(() -> statement.execute(PG_BACKSLASH_DELETE));
                connection.setAutoCommit(true);
            }
            String url = TestDatabases.guardUrl(Database.POSTGRESQL, Target.PRODUCTION)
                    + "?options=-c%20standard_conforming_strings=off";
            try (Connection connection = TestDatabases.guard(url);
                    Statement statement = connection.createStatement()) {
                assertBlockedOnProduction(() -> statement.execute(PG_BACKSLASH_DELETE));
            }
            assertThat(ShopFixture.snapshot(Database.POSTGRESQL, Target.PRODUCTION)).isEqualTo(before);
        }
    }

    private void assertBlockedFromDeveloperAndRunFromCi(Database database, List<String> statements)
            throws SQLException {
        assertAllBlocked(database, statements);
        for (String sql : statements) {
            ShopFixture.reset(database, Target.STAGING);
            try (Connection connection = TestDatabases.guard(database, Target.STAGING);
                    Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }
        ShopFixture.reset(database, Target.STAGING);
        guard.origin(GuardSettings.CI);
        for (String sql : statements) {
            ShopFixture.reset(database, Target.PRODUCTION);
            try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                    Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }
        ShopFixture.reset(database, Target.PRODUCTION);
    }

    private void assertAllBlocked(Database database, List<String> statements) throws SQLException {
        guard.origin(GuardSettings.DEVELOPER);
        ShopFixture.reset(database, Target.PRODUCTION);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                assertBlockedOnProduction(() -> statement.execute(sql));
            }
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);
    }
}
