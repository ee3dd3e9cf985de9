package io.jdbcguard.it;

import static io.jdbcguard.it.Blocked.assertBlockedOnProduction;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #8 on the real servers: texts the guard reads exactly as PostgreSQL 15 and MariaDB 10.11 read them. From
 * origin {@code developer} each is blocked on production and the data, read back through a raw connection, is
 * intact; from origin {@code ci} the same statements run.
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

    /** Cases that need the driver to read the session's settings and pass them to the analyzer. */
    @Nested
    @Disabled("needs the driver's session settings, see SessionSettings")
    class SessionSettingsRead {
        @Test
        void ansiQuotesMakeADoubleQuotedStringAColumn() throws SQLException {
            ShopFixture.reset(Database.MARIADB, Target.PRODUCTION);
            ShopState before = ShopFixture.snapshot(Database.MARIADB, Target.PRODUCTION);
            try (Connection connection = TestDatabases.guard(Database.MARIADB, Target.PRODUCTION);
                    Statement statement = connection.createStatement()) {
                statement.execute("SET sql_mode = 'ANSI_QUOTES'");
                assertBlockedOnProduction(() -> statement.execute("DELETE FROM users WHERE name = \"name\""));
            }
            assertThat(ShopFixture.snapshot(Database.MARIADB, Target.PRODUCTION)).isEqualTo(before);
        }

        @Test
        void standardConformingStringsOffMakesABackslashAnEscape() throws SQLException {
            ShopFixture.reset(Database.POSTGRESQL, Target.PRODUCTION);
            ShopState before = ShopFixture.snapshot(Database.POSTGRESQL, Target.PRODUCTION);
            try (Connection raw = TestDatabases.raw(Database.POSTGRESQL, Target.PRODUCTION);
                    Statement admin = raw.createStatement()) {
                admin.execute("ALTER ROLE CURRENT_USER SET standard_conforming_strings = off");
                try (Connection connection = TestDatabases.guard(Database.POSTGRESQL, Target.PRODUCTION);
                        Statement statement = connection.createStatement()) {
                    assertBlockedOnProduction(() -> statement.execute(
                            "DELETE FROM users WHERE name = 'a\\'' OR 1 = 1 --'"));
                } finally {
                    admin.execute("ALTER ROLE CURRENT_USER RESET standard_conforming_strings");
                }
            }
            assertThat(ShopFixture.snapshot(Database.POSTGRESQL, Target.PRODUCTION)).isEqualTo(before);
        }
    }

    private void assertBlockedFromDeveloperAndRunFromCi(Database database, List<String> statements)
            throws SQLException {
        assertAllBlocked(database, statements);
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
