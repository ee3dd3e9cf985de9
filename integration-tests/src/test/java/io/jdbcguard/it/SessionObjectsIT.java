package io.jdbcguard.it;

import static io.jdbcguard.it.Blocked.assertBlockedOnProduction;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #27 item 3 on the real servers: a table is the connection's own (so it may be emptied and dropped) only while
 * the server resolves its name to a temporary table or to the very table the connection created. From
 * {@code developer} against production, each way to pass the real {@code users} off as own is refused and the shop,
 * read back through a raw connection, is intact; the session's real scratch work still passes.
 */
class SessionObjectsIT {
    @RegisterExtension
    final GuardSettings guard = new GuardSettings();

    @ParameterizedTest
    @EnumSource(Database.class)
    void aDroppedTemporaryTableNoLongerMakesTheBaseTableBehindItsNameOwn(Database database) throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE users (id int)");
            statement.execute("INSERT INTO users VALUES (1), (2)");
            assertThat(statement.executeUpdate("DELETE FROM users")).as("the temporary table is own").isEqualTo(2);
            statement.execute(database == Database.POSTGRESQL ? "DROP TABLE users" : "DROP TEMPORARY TABLE users");

            assertBlockedOnProduction(() -> statement.execute("DELETE FROM users"));
            assertBlockedOnProduction(() -> statement.execute("TRUNCATE TABLE users"));
            assertBlockedOnProduction(() -> statement.execute("DROP TABLE users"));
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aTableOfTheSameNameInAnotherLetterCaseIsNotOwn(Database database) throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        boolean pg = database == Database.POSTGRESQL;
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.execute(pg ? "CREATE TABLE \"Users\" (id int)" : "CREATE TABLE Users (id int)");
            statement.execute(pg ? "INSERT INTO \"Users\" VALUES (1), (2)" : "INSERT INTO Users VALUES (1), (2)");

            assertBlockedOnProduction(() -> statement.execute("DELETE FROM users"));
            assertThat(statement.executeUpdate(pg ? "DELETE FROM \"Users\"" : "DELETE FROM Users")).isEqualTo(2);
            statement.execute(pg ? "DROP TABLE \"Users\"" : "DROP TABLE Users");
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aChangeReachingATableNotOwnIsNotExempt(Database database) throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        boolean pg = database == Database.POSTGRESQL;
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE own (id int)");
            statement.execute("INSERT INTO own VALUES (1)");
            assertBlockedOnProduction(() -> statement.execute(pg
                    ? "UPDATE users u SET name = 'x' FROM own f WHERE 1 = 1"
                    : "UPDATE own f RIGHT JOIN users u ON 1 = 1 SET u.name = 'x'"));
            if (pg) {
                statement.execute("ALTER TABLE users INHERIT own");
                assertBlockedOnProduction(() -> statement.execute("DELETE FROM own"));
                assertBlockedOnProduction(() -> statement.execute("TRUNCATE own"));
                statement.execute("ALTER TABLE users NO INHERIT own");
            }
            assertThat(statement.executeUpdate("DELETE FROM own")).isEqualTo(1);
            statement.execute("DROP TABLE own");
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void theSessionsScratchWorkAndBackFillsPass(Database database) throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE scratch (id int)");
            statement.execute("INSERT INTO scratch VALUES (1), (2)");
            statement.execute("DELETE FROM scratch");
            statement.execute("DROP TABLE scratch");
            statement.execute("CREATE TABLE kept_scratch (id int)");
            statement.execute("INSERT INTO kept_scratch VALUES (1), (2)");
            statement.execute("UPDATE kept_scratch SET id = 0");
            statement.execute("TRUNCATE TABLE kept_scratch");
            statement.execute("DROP TABLE kept_scratch");
            statement.execute("ALTER TABLE users ADD COLUMN newcol int");
            assertThat(statement.executeUpdate("UPDATE users SET newcol = 0")).isEqualTo(ShopFixture.USERS);
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION).tables()).containsExactly("orders", "users");
        assertThat(ShopFixture.query(database, Target.PRODUCTION, "SELECT DISTINCT newcol FROM users"))
                .containsExactly(List.of("0"));
    }
}
