package io.jdbcguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Statements that look dangerous but are not: on production from origin {@code developer} they run and change what
 * they should, verified through a raw connection.
 */
class AllowedStatementsIT {
    @RegisterExtension
    final GuardSettings guard = new GuardSettings();

    @BeforeEach
    void resetProduction() throws SQLException {
        for (Database database : Database.values()) {
            ShopFixture.reset(database, Target.PRODUCTION);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void deleteWithRealWhereRuns(Database database) throws SQLException {
        assertThat(update(database, "DELETE FROM users WHERE id <> 5")).isEqualTo(ShopFixture.USERS - 1);
        assertThat(ShopFixture.query(database, Target.PRODUCTION, "SELECT id FROM users")).containsExactly(List.of("5"));
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void updateWithTautologyAndRealConditionRuns(Database database) throws SQLException {
        assertThat(update(database, "UPDATE users SET name = 'a' WHERE 1=1 AND id = 2")).isEqualTo(1);
        assertThat(ShopFixture.query(database, Target.PRODUCTION, "SELECT id, name FROM users ORDER BY id"))
                .containsExactly(List.of("1", "alice"), List.of("2", "a"), List.of("3", "carol"), List.of("4", "dave"),
                        List.of("5", "erin"));
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void columnNamedDropDateIsUsable(Database database) throws SQLException {
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            try (ResultSet resultSet = statement.executeQuery("SELECT drop_date FROM users WHERE id = 1")) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getString(1)).isEqualTo("2024-01-15");
            }
            assertThat(statement.executeUpdate(
                    "INSERT INTO users (id, name, drop_date) VALUES (6, 'frank', DATE '2024-05-01')")).isEqualTo(1);
        }
        assertThat(ShopFixture.query(database, Target.PRODUCTION, "SELECT name, drop_date FROM users WHERE id = 6"))
                .containsExactly(List.of("frank", "2024-05-01"));
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void dropInsideStringLiteralIsOnlySelected(Database database) throws SQLException {
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery("SELECT 'DROP TABLE users'")) {
            assertThat(resultSet.next()).isTrue();
            assertThat(resultSet.getString(1)).isEqualTo("DROP TABLE users");
        }
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "users")).isEqualTo(ShopFixture.USERS);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void upsertRuns(Database database) throws SQLException {
        String upsert = database == Database.POSTGRESQL
                ? "INSERT INTO users (id, name) VALUES (1, 'zoe') ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name"
                : "INSERT INTO users (id, name) VALUES (1, 'zoe') ON DUPLICATE KEY UPDATE name = VALUES(name)";
        update(database, upsert);
        assertThat(ShopFixture.query(database, Target.PRODUCTION, "SELECT name FROM users WHERE id = 1"))
                .containsExactly(List.of("zoe"));
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "users")).isEqualTo(ShopFixture.USERS);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void nonDestructivePartOfTheResetRecreatesADroppedSchema(Database database) throws SQLException {
        ShopState fresh = ShopFixture.snapshot(database, Target.PRODUCTION);
        try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION);
                Statement statement = raw.createStatement()) {
            statement.execute(database == Database.POSTGRESQL ? "DROP SCHEMA public CASCADE" : "DROP DATABASE shop");
        }
        String url = TestDatabases.guardUrl(database, Target.PRODUCTION);
        if (database.isMysql()) {
            url = url.substring(0, url.length() - "shop".length());
        }
        try (Connection connection = TestDatabases.guard(url);
                Statement statement = connection.createStatement()) {
            for (Incidents.Step step : Incidents.setupReset(database)) {
                if (!step.dangerous()) {
                    statement.execute(step.sql());
                }
            }
        }
        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(fresh);
    }

    private static int update(Database database, String sql) throws SQLException {
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }
}
