package io.jdbcguard.it;

import static io.jdbcguard.it.Blocked.assertBlockedOnProduction;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Statements whose danger depends on the dialect: MariaDB executes the content of {@code /*! ... *}{@code /}
 * comments, and in PostgreSQL a backslash does not escape a quote. All are blocked on production from origin
 * {@code developer}, and the data is intact.
 */
class DialectTricksIT {
    @RegisterExtension
    final GuardSettings guard = new GuardSettings();

    @Test
    void mariaDbExecutableCommentsAreBlocked() throws SQLException {
        assertAllBlocked(Database.MARIADB, List.of(
                "/*!DROP TABLE users*/",
                "/*!50000 DROP TABLE users*/",
                "DELETE FROM users WHERE id = 5 /*!OR 1=1*/",
                "UPDATE users SET name = 'x' WHERE id = 5 /*!OR 1=1*/"));
    }

    @Test
    void postgresBackslashDoesNotHideADrop() throws SQLException {
        assertAllBlocked(Database.POSTGRESQL, List.of("SELECT 'x\\'; DROP TABLE users; --'"));
    }

    /**
     * JSQLParser reads a quoted name holding a dot as two names, so {@code "users.x"} would be judged, and have its
     * key looked up, as table x of schema users: such a change is refused as not understood.
     */
    @Test
    void aQuotedNameHoldingADotIsNotReadAsTwoNames() throws SQLException {
        for (Database database : Database.values()) {
            String quote = database == Database.POSTGRESQL ? "\"" : "`";
            assertAllBlocked(database, List.of("DELETE FROM " + quote + "users.x" + quote + " WHERE id = 5",
                    "UPDATE users SET name = 'x' WHERE id = (SELECT id FROM " + quote + "a.b" + quote + ")"));
        }
    }

    private static void assertAllBlocked(Database database, List<String> statements) throws SQLException {
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
