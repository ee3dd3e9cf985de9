package io.jdbcguard.it.effects;

import static io.jdbcguard.it.Blocked.assertBlockedOnProduction;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.GuardViolationException;
import io.jdbcguard.it.Database;
import io.jdbcguard.it.GuardSettings;
import io.jdbcguard.it.ShopFixture;
import io.jdbcguard.it.Target;
import io.jdbcguard.it.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #28 on the real servers: the row ceiling of a whole transaction. A loop of key-proven one-row deletes, as
 * Spring Data JPA's {@code SimpleJpaRepository.deleteAll()} sends them through Hibernate ({@code delete from
 * tb_visits where id=?} once per loaded entity, in one transaction), is refused at the statement that takes the table
 * over the ceiling (5,000 rows) or empties it (20 rows), and jdbc-guard rolls the whole transaction back: every row
 * is there afterwards, read through a raw connection. In auto-commit mode the loop stops at the ceiling. From
 * {@code ci} the loops run to the end.
 */
class TransactionBudgetIT {
    private static final int VISITS = 5000;
    private static final int SMALL = 20;

    @RegisterExtension
    final GuardSettings guard = new GuardSettings();

    /** tb_visits: 5,000 rows; tb_small: 20 rows; both analysed, so the server's row estimate is set. */
    private static void reset(Database database) throws SQLException {
        boolean pg = database == Database.POSTGRESQL;
        try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION);
                Statement statement = raw.createStatement()) {
            for (String table : new String[] {"tb_visits", "tb_small"}) {
                statement.execute("DROP TABLE IF EXISTS " + table);
                statement.execute("CREATE TABLE " + table + " (id int primary key, note varchar(20))");
            }
            String series = pg ? "generate_series(1, %d) s(seq)" : "seq_1_to_%d";
            statement.execute("INSERT INTO tb_visits SELECT seq, 'v' FROM " + series.formatted(VISITS));
            statement.execute("INSERT INTO tb_small SELECT seq, 's' FROM " + series.formatted(SMALL));
            statement.execute(pg ? "ANALYZE tb_visits, tb_small" : "ANALYZE TABLE tb_visits, tb_small");
        }
    }

    /** Deletes ids 1..n one statement each, as deleteAll() does; the first refusal, or null when all ran. */
    private static GuardViolationException deleteEach(Connection connection, String table, int n) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("delete from " + table + " where id=?")) {
            for (int id = 1; id <= n; id++) {
                delete.setInt(1, id);
                try {
                    delete.executeUpdate();
                } catch (GuardViolationException refused) {
                    return refused;
                }
            }
        }
        return null;
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aDeleteAllLoopInATransactionIsRefusedAtTheCeilingAndNothingOfItStays(Database database) throws SQLException {
        reset(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION)) {
            connection.setAutoCommit(false);
            GuardViolationException refused = deleteEach(connection, "tb_visits", VISITS);
            assertThat((Throwable) refused).isNotNull();
            assertBlockedOnProduction(() -> {
                throw refused;
            });
            String firstLine = refused.getMessage().lines().findFirst().orElseThrow();
            assertThat(firstLine).contains("delete from tb_visits where id = ?", "row-limit", "DELETE tb_visits", "1001 rows",
                    "max-rows 1000", "whole transaction");
            connection.rollback();
        }
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "tb_visits")).isEqualTo(VISITS);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aDeleteAllLoopThatWouldEmptyASmallTableIsRefusedAtItsLastRow(Database database) throws SQLException {
        reset(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION)) {
            connection.setAutoCommit(false);
            GuardViolationException refused = deleteEach(connection, "tb_small", SMALL);
            assertThat((Throwable) refused).isNotNull();
            assertThat(refused.getRuleId()).isEqualTo("row-limit");
            assertThat(refused.getMessage()).contains("every row of tb_small");
            connection.commit();
        }
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "tb_small")).isEqualTo(SMALL);
    }

    /**
     * The same loop in a transaction begun by statement in auto-commit mode, as in an IDE's console: the loop is
     * refused at the last row, and the guard rolls the caller's transaction back by statement, so nothing stays even
     * if the caller then sends COMMIT.
     */
    @ParameterizedTest
    @EnumSource(Database.class)
    void aLoopInATransactionBegunByStatementIsRefusedAndRolledBack(Database database) throws SQLException {
        reset(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            statement.execute(database == Database.POSTGRESQL ? "BEGIN" : "START TRANSACTION");
            GuardViolationException refused = deleteEach(connection, "tb_small", SMALL);
            assertThat((Throwable) refused).isNotNull();
            assertThat(refused.getMessage()).contains("whole transaction");
            statement.execute("COMMIT");
        }
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "tb_small")).isEqualTo(SMALL);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void anAutoCommitLoopOfSingleRowDeletesStopsAtTheCeiling(Database database) throws SQLException {
        reset(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION)) {
            GuardViolationException refused = deleteEach(connection, "tb_visits", VISITS);
            assertThat((Throwable) refused).isNotNull();
            assertThat(refused.getMessage().lines().findFirst().orElseThrow()).contains("1001 rows");
        }
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "tb_visits")).isEqualTo(VISITS - 1000);
    }

    /**
     * An updatable {@code ResultSet} walked row by row: the vendor driver deletes or updates each row with its own
     * statement, which the guard counts before it is sent; a {@code deleteRow()} loop is refused at the last row of
     * the small table, an {@code updateRow()} loop at the ceiling, and the whole transaction is rolled back.
     */
    @ParameterizedTest
    @EnumSource(Database.class)
    void updatableResultSetLoopsAreRefusedTheSameWay(Database database) throws SQLException {
        reset(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY,
                        ResultSet.CONCUR_UPDATABLE)) {
            connection.setAutoCommit(false);
            GuardViolationException refused = null;
            try (ResultSet rows = statement.executeQuery("SELECT id, note FROM tb_small")) {
                while (refused == null && rows.next()) {
                    try {
                        rows.deleteRow();
                    } catch (GuardViolationException e) {
                        refused = e;
                    }
                }
            }
            assertThat((Throwable) refused).isNotNull();
            assertThat(refused.getMessage()).contains("last row of tb_small");
            connection.rollback();

            refused = null;
            try (ResultSet rows = statement.executeQuery("SELECT id, note FROM tb_visits")) {
                while (refused == null && rows.next()) {
                    rows.updateString("note", "u");
                    try {
                        rows.updateRow();
                    } catch (GuardViolationException e) {
                        refused = e;
                    }
                }
            }
            assertThat((Throwable) refused).isNotNull();
            assertThat(refused.getMessage().lines().findFirst().orElseThrow()).contains("1001 rows");
            connection.rollback();
        }
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "tb_small")).isEqualTo(SMALL);
        assertThat(ShopFixture.query(database, Target.PRODUCTION, "SELECT count(*) FROM tb_visits WHERE note = 'u'"))
                .containsExactly(java.util.List.of("0"));
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aTransactionThatChangesFewRowsOfATablePasses(Database database) throws SQLException {
        reset(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION)) {
            connection.setAutoCommit(false);
            assertThat((Throwable) deleteEach(connection, "tb_small", 3)).isNull();
            try (PreparedStatement update = connection.prepareStatement("update tb_visits set note=? where id=?")) {
                for (int id = 1; id <= 500; id++) {
                    update.setString(1, "u");
                    update.setInt(2, id);
                    assertThat(update.executeUpdate()).isEqualTo(1);
                }
            }
            connection.commit();
            assertThat((Throwable) deleteEach(connection, "tb_small", 6)).as("the counts start again after a commit").isNull();
            connection.commit();
        }
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "tb_small")).isEqualTo(SMALL - 6);
    }

    /**
     * Changes the server measures (a range, not a key) count against the caller's transaction too: two 600-row
     * UPDATEs in two committed transactions pass under the 1,000-row ceiling, two in one transaction are refused at
     * the second and the whole transaction is rolled back.
     */
    @ParameterizedTest
    @EnumSource(Database.class)
    void measuredChangesCountPerTransaction(Database database) throws SQLException {
        reset(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (String note : new String[] {"a", "b"}) {
                assertThat(statement.executeUpdate("UPDATE tb_visits SET note = '" + note + "' WHERE id <= 600"))
                        .isEqualTo(600);
                connection.commit();
            }
            assertThat(statement.executeUpdate("UPDATE tb_visits SET note = 'c' WHERE id <= 600")).isEqualTo(600);
            GuardViolationException refused = assertBlockedOnProduction(
                    () -> statement.executeUpdate("UPDATE tb_visits SET note = 'd' WHERE id > 4400"));
            assertThat(refused.getMessage().lines().findFirst().orElseThrow()).contains("row-limit", "1200 rows",
                    "whole transaction");
        }
        try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION);
                Statement read = raw.createStatement();
                ResultSet notes = read.executeQuery(
                        "SELECT note, count(*) FROM tb_visits GROUP BY note ORDER BY note")) {
            assertThat(notes.next()).isTrue();
            assertThat(notes.getString(1) + notes.getInt(2)).isEqualTo("b600");
            assertThat(notes.next()).isTrue();
            assertThat(notes.getString(1) + notes.getInt(2)).isEqualTo("v4400");
            assertThat(notes.next()).isFalse();
        }
    }

    /** The same through a prepared statement and a batch: each transaction counts from zero, and adds up within. */
    @ParameterizedTest
    @EnumSource(Database.class)
    void measuredPreparedAndBatchedChangesCountPerTransaction(Database database) throws SQLException {
        reset(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                PreparedStatement prepared = connection.prepareStatement(
                        "UPDATE tb_visits SET note = ? WHERE id <= ?");
                Statement batch = connection.createStatement()) {
            connection.setAutoCommit(false);
            prepared.setString(1, "a");
            prepared.setInt(2, 600);
            assertThat(prepared.executeUpdate()).isEqualTo(600);
            connection.commit();
            batch.addBatch("UPDATE tb_visits SET note = 'b' WHERE id <= 300");
            batch.addBatch("UPDATE tb_visits SET note = 'b' WHERE id > 300 AND id <= 600");
            assertThat(batch.executeBatch()).containsExactly(300, 300);
            connection.commit();
            prepared.setString(1, "c");
            assertThat(prepared.executeUpdate()).isEqualTo(600);
            batch.addBatch("UPDATE tb_visits SET note = 'd' WHERE id > 4400");
            GuardViolationException refused = assertBlockedOnProduction(batch::executeBatch);
            assertThat(refused.getMessage().lines().findFirst().orElseThrow()).contains("row-limit",
                    "whole transaction");
        }
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "tb_visits")).isEqualTo(VISITS);
        try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION);
                Statement read = raw.createStatement();
                ResultSet notes = read.executeQuery(
                        "SELECT note, count(*) FROM tb_visits GROUP BY note ORDER BY note")) {
            assertThat(notes.next()).isTrue();
            assertThat(notes.getString(1) + notes.getInt(2)).isEqualTo("b600");
            assertThat(notes.next()).isTrue();
            assertThat(notes.getString(1) + notes.getInt(2)).isEqualTo("v4400");
            assertThat(notes.next()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void fromCiEveryLoopRunsToTheEnd(Database database) throws SQLException {
        guard.origin(GuardSettings.CI);
        reset(database);
        try (Connection connection = TestDatabases.guard(database, Target.PRODUCTION);
                Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY,
                        ResultSet.CONCUR_UPDATABLE)) {
            connection.setAutoCommit(false);
            assertThat((Throwable) deleteEach(connection, "tb_small", SMALL)).isNull();
            try (ResultSet rows = statement.executeQuery("SELECT id, note FROM tb_visits WHERE id <= 1500")) {
                while (rows.next()) {
                    rows.updateString("note", "u");
                    rows.updateRow();
                }
            }
            connection.commit();
            connection.setAutoCommit(true);
            assertThat((Throwable) deleteEach(connection, "tb_visits", 1200)).isNull();
        }
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "tb_small")).isZero();
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "tb_visits")).isEqualTo(VISITS - 1200);
    }
}
