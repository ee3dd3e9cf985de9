package io.jdbcguard.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jdbcguard.DriverState;
import io.jdbcguard.GuardViolationException;
import io.jdbcguard.policy.PolicyReader;
import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EffectCheck} and the run it sets up ({@link CheckedRun}) against a scripted PostgreSQL ({@link StubServer}):
 * what reaches the server around a measured change (savepoint, the guard's own transaction, the counters), what is
 * kept and what is undone, the refusal's SQLState and first line, the transaction's budget across statements, and
 * failing closed when the server cannot be asked. A developer -> production pair with {@code max-rows: 3}. The real
 * servers' counters are {@code EffectsIT}'s, {@code RowLimitIT}'s and {@code TransactionBudgetIT}'s.
 */
class EffectCheckTest {
    private static final String SAVEPOINT = "jdbc_guard_check";

    @TempDir
    Path folder;

    private final StubServer server = new StubServer();
    /** Per table of the fake catalog: its rows now, its unique key (or null), updated and deleted counters. */
    private final Map<String, FakeTable> tables = new HashMap<>();
    private StatementGuard guard;
    private EffectCheck check;

    private static final class FakeTable {
        long rows;
        String key;
        long updated;
        long deleted;
    }

    @BeforeEach
    void pair() throws Exception {
        connect("""
                guards:
                  - origin: developer
                    target: production
                    rules: all
                    max-rows: 3
                """);
        fakeCatalog();
    }

    /** The trail's writer thread writes into the test's folder: it must be done before the folder is deleted. */
    @AfterEach
    void writeTheTrailBeforeTheFolderGoes() {
        assertThat(guard.context().audit().flush(Duration.ofSeconds(10))).isTrue();
    }

    /** A guard on the stub connection; a new server identity each time, so no facts are shared between tests. */
    private void connect(String policy) throws Exception {
        SessionSettings settings = SessionSettings.defaults(Dialect.POSTGRESQL);
        DriverState state = new DriverState();
        guard = new StatementGuard(state, TestContexts.developerToProduction(state, PolicyReader.read(
                Files.writeString(folder.resolve("policy.yml"), policy)), folder), settings, () -> settings,
                server.connection(),
                "stub-" + UUID.randomUUID(), "app:public");
        check = guard.effects();
    }

    private void table(String name, long rows, String key) {
        FakeTable table = new FakeTable();
        table.rows = rows;
        table.key = key;
        tables.put(name, table);
    }

    /** What the statement under test did on the server: the counters move, deleted rows go. */
    private void statementChanged(String name, long updated, long deleted) {
        FakeTable table = tables.get(name);
        table.updated += updated;
        table.deleted += deleted;
        table.rows -= deleted;
    }

    /** PostgreSQL's catalog and counters, as {@link TableFacts} and {@link PostgresSql} read them. */
    private void fakeCatalog() {
        server.answer("pg_catalog.pg_index", (sql, parameters) -> {
            FakeTable table = tables.get((String) parameters.get(1));
            List<Object[]> rows = new ArrayList<>();
            if (table != null) {
                if (table.key != null) {
                    rows.add(new Object[] {"k", table.key, true});
                }
                rows.add(new Object[] {"t", String.valueOf(table.rows), false});
            }
            return rows;
        });
        server.answer("pg_stat_get_xact_tuples_updated", (sql, parameters) -> {
            List<Object[]> rows = new ArrayList<>();
            for (Object quoted : (Object[]) parameters.get(1)) {
                String name = ((String) quoted).replace("\"", "");
                rows.add(counters(name, tables.get(name)));
            }
            return rows;
        });
        server.answer("pg_stat_xact_user_tables", (sql, parameters) -> {
            List<Object[]> rows = new ArrayList<>();
            tables.forEach((name, table) -> {
                if (table.updated + table.deleted > 0) {
                    rows.add(counters(name, table));
                }
            });
            return rows;
        });
        server.answer(sql -> sql.startsWith("SELECT NULL, NULL, pg_catalog.set_config("),
                (sql, parameters) -> List.<Object[]>of(new Object[] {null, null, "5000"}));
        String table = "(?:\"\\w+\"\\.)?\"(\\w+)\"";
        Pattern upTo = Pattern.compile("SELECT count\\(\\*\\) FROM \\(SELECT 1 FROM " + table + " LIMIT (\\d+)\\) x");
        server.answer(sql -> upTo.matcher(sql).matches(), (sql, parameters) -> {
            Matcher matcher = upTo.matcher(sql);
            matcher.matches();
            long limit = Long.parseLong(matcher.group(2));
            return List.<Object[]>of(new Object[] {Math.min(limit, tables.get(matcher.group(1)).rows)});
        });
        Pattern first = Pattern.compile("SELECT 1 FROM " + table + " LIMIT 1");
        server.answer(sql -> first.matcher(sql).matches(), (sql, parameters) -> {
            Matcher matcher = first.matcher(sql);
            matcher.matches();
            return tables.get(matcher.group(1)).rows > 0 ? List.<Object[]>of(new Object[] {1}) : List.of();
        });
    }

    private static Object[] counters(String name, FakeTable table) {
        return new Object[] {"oid-" + name, "public", name, table.updated, table.deleted, (double) table.rows};
    }

    private Statement vendorStatement() throws SQLException {
        return server.connection().createStatement();
    }

    /** Judges the text statically, then asks whether it runs measured, as the statement classes do. */
    private Analysis analysed(String sql) throws SQLException {
        return guard.check(sql);
    }

    private CheckedRun begin(String sql, boolean reportsCount) throws SQLException {
        Analysis analysis = analysed(sql);
        assertThat(check.needed(analysis)).as("measured: " + sql).isTrue();
        return check.begin(analysis, sql, vendorStatement(), 0, reportsCount);
    }

    /** @return the audit trail, once what was recorded is written (it is written by a thread of its own) */
    private String audit() throws Exception {
        assertThat(guard.context().audit().flush(Duration.ofSeconds(10))).isTrue();
        return Files.readString(folder.resolve("audit.jsonl"));
    }

    private static String firstLine(Throwable thrown) {
        return thrown.getMessage().lines().findFirst().orElseThrow();
    }

    private static GuardViolationException rowLimit(Throwable thrown) {
        assertThat(thrown).isInstanceOf(GuardViolationException.class);
        GuardViolationException refused = (GuardViolationException) thrown;
        assertThat(refused.getSQLState()).isEqualTo("42501");
        assertThat(refused.getRuleId()).isEqualTo(StatementGuard.ROW_LIMIT);
        return refused;
    }

    @Test
    void inTheCallersTransactionAChangeUnderTheCeilingIsReleasedNotRolledBackOrCommitted() throws Exception {
        table("accounts", 100, "id");
        server.autoCommit = false;

        CheckedRun run = begin("UPDATE accounts SET balance = 0 WHERE status = 'y'", false);
        assertThat(server.transactionCalls()).containsExactly("setSavepoint");
        assertThat(server.sent("pg_stat_get_xact_tuples_updated")).as("counters read before").hasSize(1);

        statementChanged("accounts", 2, 0);
        assertThat(run.kept(2)).isEqualTo(2);

        assertThat(server.transactionCalls()).containsExactly("setSavepoint", "releaseSavepoint");
        assertThat(server.sent("pg_stat_get_xact_tuples_updated")).as("and after").hasSize(2);
        assertThat(server.autoCommit).isFalse();
    }

    @Test
    void inTheCallersTransactionAChangeOverTheCeilingIsRolledBackToTheSavepointAndRefused() throws Exception {
        table("accounts", 100, "id");
        server.autoCommit = false;

        CheckedRun run = begin("UPDATE accounts SET balance = 0 WHERE status = 'x'", false);
        statementChanged("accounts", 5, 0);
        Throwable thrown = catchThrowable(() -> run.kept(5));

        GuardViolationException refused = rowLimit(thrown);
        assertThat(firstLine(refused)).contains("UPDATE accounts SET balance = ? WHERE status = ?",
                "rule 'row-limit'", "UPDATE public.accounts: 5 rows, max-rows 3", "rolled back");
        assertThat(server.transactionCalls()).as("the caller's transaction goes on: no rollback of it, no commit")
                .containsExactly("setSavepoint", "rollback(savepoint)");
        assertThat(server.autoCommit).isFalse();
        assertThat(audit()).contains("row-limit");
    }

    @Test
    void inAutoCommitModeTheGuardsOwnTransactionIsBoundedOnTheServerAndCommittedUnderTheCeiling() throws Exception {
        table("accounts", 100, "id");

        CheckedRun run = begin("UPDATE accounts SET balance = 0 WHERE status = 'y'", false);
        assertThat(server.sent("idle_in_transaction_session_timeout")).as("the transaction is bounded on the server")
                .hasSize(1);
        statementChanged("accounts", 3, 0);
        run.kept(3);

        assertThat(server.transactionCalls()).containsExactly("setAutoCommit(false)", "commit",
                "setAutoCommit(true)");
    }

    @Test
    void inAutoCommitModeTheGuardsOwnTransactionIsRolledBackOverTheCeiling() throws Exception {
        table("accounts", 100, "id");

        CheckedRun run = begin("UPDATE accounts SET balance = 0 WHERE status = 'x'", false);
        statementChanged("accounts", 4, 0);
        GuardViolationException refused = rowLimit(catchThrowable(() -> run.kept(4)));

        assertThat(firstLine(refused)).contains("4 rows, max-rows 3");
        assertThat(server.transactionCalls()).containsExactly("setAutoCommit(false)", "rollback",
                "setAutoCommit(true)");
        assertThat(server.autoCommit).isTrue();
    }

    @Test
    void executeUpdateIsJudgedByTheCountTheServerReportsWithoutReadingTheCounters() throws Exception {
        table("accounts", 100, "id");
        server.autoCommit = false;

        CheckedRun run = begin("UPDATE accounts SET balance = 0 WHERE status = 'x'", true);
        GuardViolationException refused = rowLimit(catchThrowable(() -> run.kept(7)));

        assertThat(firstLine(refused)).contains("7 rows, max-rows 3");
        assertThat(server.sent("pg_stat")).isEmpty();
        assertThat(server.transactionCalls()).containsExactly("setSavepoint", "rollback(savepoint)");
    }

    @Test
    void aDeleteThatEmptiesATableIsRefusedUnderTheCeilingAndOneThatLeavesRowsIsKept() throws Exception {
        table("few", 3, "id");
        table("tiny", 3, "id");
        server.autoCommit = false;

        CheckedRun leaves = begin("DELETE FROM few WHERE id > 1", false);
        statementChanged("few", 0, 2);
        leaves.kept(2);
        assertThat(server.transactionCalls()).containsExactly("setSavepoint", "releaseSavepoint");

        server.calls.clear();
        CheckedRun empties = begin("DELETE FROM tiny WHERE id > 0", false);
        statementChanged("tiny", 0, 3);
        GuardViolationException refused = rowLimit(catchThrowable(() -> empties.kept(3)));

        assertThat(refused.getMessage()).contains("deleted every row of public.tiny (3)");
        assertThat(server.sent("SELECT 1 FROM \"public\".\"tiny\" LIMIT 1"))
                .as("the server was asked whether it is empty").hasSize(1);
        assertThat(server.transactionCalls()).containsExactly("setSavepoint", "rollback(savepoint)");
    }

    /**
     * Two transactions of the caller, each with one measured 2-row UPDATE of the same table, under a ceiling of 3:
     * the second transaction's rows are its own, so it passes. Before the measured path told the budget it ran in the
     * caller's transaction ({@code EffectCheck.ownTransactionForChange}), the budget stayed in auto-commit-window
     * mode, the caller's commit did not clear it, and the second UPDATE was refused as "4 rows".
     */
    @Test
    void aMeasuredChangeIsNotChargedWithTheRowsOfTheCallersEarlierTransaction() throws Exception {
        table("accounts", 100, "id");
        server.autoCommit = false;
        for (String status : new String[] {"x", "y"}) {
            CheckedRun run = begin("UPDATE accounts SET balance = 0 WHERE status = '" + status + "'", false);
            statementChanged("accounts", 2, 0);
            run.kept(2);
            guard.transactionEnded();
        }
        assertThat(server.transactionCalls()).containsExactly("setSavepoint", "releaseSavepoint", "setSavepoint",
                "releaseSavepoint");
    }

    @Test
    void aKeyEqualityChangeSkipsTheSavepointAndLooksTheTableUpOnce() throws Exception {
        table("visits", 1_000_000, "id");
        server.autoCommit = false;
        String sql = "UPDATE visits SET seen = true WHERE id = ?";
        Analysis analysis = analysed(sql);

        assertThat(check.needed(analysis)).isFalse();
        assertThat(check.needed(analysed("UPDATE visits SET seen = true WHERE id = 8"))).isFalse();

        assertThat(server.sent("pg_catalog.pg_index")).as("the table's facts, read once").hasSize(1);
        assertThat(server.transactionCalls()).isEmpty();
        assertThat(server.sent("pg_stat")).isEmpty();
    }

    @Test
    void keyEqualityChangesAddUpInTheCallersTransactionAndTheOneOverTheCeilingRollsItAllBack() throws Exception {
        table("visits", 1_000_000, "id");
        server.autoCommit = false;
        String sql = "DELETE FROM visits WHERE id = ?";
        Analysis analysis = analysed(sql);
        for (int row = 0; row < 3; row++) {
            assertThat(check.needed(analysis)).as("row " + row + " runs as it is").isFalse();
        }
        assertThat(check.needed(analysis)).as("the fourth is measured").isTrue();

        CheckedRun fourth = check.begin(analysis, sql, vendorStatement(), 0, true);
        GuardViolationException refused = rowLimit(catchThrowable(() -> fourth.kept(1)));

        assertThat(firstLine(refused)).contains("DELETE FROM visits WHERE id = ?", "DELETE visits: 4 rows, max-rows 3",
                "whole transaction");
        assertThat(server.transactionCalls()).containsExactly("setSavepoint", "rollback(savepoint)", "rollback");
        assertThat(check.needed(analysis)).as("the next transaction counts afresh").isFalse();
    }

    @Test
    void inAutoCommitModeTheWindowRefusesTheFourthRowAndKeepsWhatWasCommittedBeforeIt() throws Exception {
        table("visits", 1_000_000, "id");
        String sql = "DELETE FROM visits WHERE id = ?";
        Analysis analysis = analysed(sql);
        for (int row = 0; row < 3; row++) {
            assertThat(check.needed(analysis)).isFalse();
        }
        CheckedRun fourth = check.begin(analysis, sql, vendorStatement(), 0, true);
        GuardViolationException refused = rowLimit(catchThrowable(() -> fourth.kept(1)));

        assertThat(refused.getMessage()).contains("4 rows, max-rows 3", "the changes committed before it stay");
        assertThat(server.transactionCalls()).containsExactly("setAutoCommit(false)", "rollback",
                "setAutoCommit(true)");
    }

    @Test
    void aTransactionBegunByStatementIsMeasuredUnderASavepointByStatementAndNeverEndedByTheGuard()
            throws Exception {
        table("accounts", 100, "id");
        table("orders", 100, "id");
        server.pgTransactionState = "OPEN";

        CheckedRun kept = begin("UPDATE accounts SET balance = 0 WHERE status = 'y'", false);
        statementChanged("accounts", 1, 0);
        kept.kept(1);
        CheckedRun undone = begin("UPDATE orders SET total = 0 WHERE status = 'x'", false);
        statementChanged("orders", 9, 0);
        rowLimit(catchThrowable(() -> undone.kept(9)));

        assertThat(server.sent(SAVEPOINT)).containsExactly("execute: SAVEPOINT " + SAVEPOINT,
                "execute: RELEASE SAVEPOINT " + SAVEPOINT, "execute: SAVEPOINT " + SAVEPOINT,
                "execute: ROLLBACK TO SAVEPOINT " + SAVEPOINT);
        assertThat(server.transactionCalls()).as("no JDBC savepoint, commit, rollback or auto-commit change")
                .isEmpty();
        assertThat(server.sent("COMMIT")).isEmpty();
    }

    @Test
    void aBudgetRefusalInATransactionBegunByStatementRollsItBackByStatement() throws Exception {
        table("visits", 1_000_000, "id");
        server.pgTransactionState = "OPEN";
        String sql = "DELETE FROM visits WHERE id = ?";
        Analysis analysis = analysed(sql);
        for (int row = 0; row < 3; row++) {
            assertThat(check.needed(analysis)).isFalse();
        }
        CheckedRun fourth = check.begin(analysis, sql, vendorStatement(), 0, true);
        rowLimit(catchThrowable(() -> fourth.kept(1)));

        assertThat(server.calls.stream().filter(call -> !call.startsWith("query: "))).containsExactly(
                "execute: SAVEPOINT " + SAVEPOINT,
                "execute: ROLLBACK TO SAVEPOINT " + SAVEPOINT, "execute: ROLLBACK");
    }

    @Test
    void countersThatCannotBeReadBeforeTheChangeFailItBeforeItIsSent() throws Exception {
        table("accounts", 100, "id");
        server.autoCommit = false;
        server.fail("pg_stat_get_xact_tuples_updated", "57014");
        Analysis analysis = analysed("UPDATE accounts SET balance = 0 WHERE status = 'x'");
        assertThat(check.needed(analysis)).isTrue();

        Throwable thrown = catchThrowable(() -> check.begin(analysis, "UPDATE accounts SET balance = 0 WHERE status"
                + " = 'x'", vendorStatement(), 0, false));

        assertThat(thrown).isInstanceOf(SQLException.class).isNotInstanceOf(GuardViolationException.class);
        assertThat(((SQLException) thrown).getSQLState()).isEqualTo("57014");
        assertThat(server.transactionCalls()).containsExactly("setSavepoint", "rollback(savepoint)");
    }

    @Test
    void countersThatCannotBeReadAfterTheChangeUndoItInTheGuardsOwnTransaction() throws Exception {
        table("accounts", 100, "id");
        CheckedRun run = begin("UPDATE accounts SET balance = 0 WHERE status = 'y'", false);
        statementChanged("accounts", 1, 0);
        server.fail("pg_stat_get_xact_tuples_updated", "08006");

        Throwable thrown = catchThrowable(() -> run.kept(1));

        assertThat(((SQLException) thrown).getSQLState()).isEqualTo("08006");
        assertThat(server.transactionCalls()).containsExactly("setAutoCommit(false)", "rollback",
                "setAutoCommit(true)");
    }

    @Test
    void aCatalogThatCannotBeReadFailsTheCheckBeforeAnythingRuns() {
        server.fail("pg_catalog.pg_index", "42501");

        Throwable thrown = catchThrowable(() -> check.needed(analysed("UPDATE accounts SET balance = 0 WHERE"
                + " status = 'x'")));

        assertThat(((SQLException) thrown).getSQLState()).isEqualTo("42501");
        assertThat(server.transactionCalls()).isEmpty();
    }

    @Test
    void aVendorFailureIsUndoneToTheSavepointAndReachesTheCallerUnchanged() throws Exception {
        table("accounts", 100, "id");
        server.autoCommit = false;
        CheckedRun run = begin("UPDATE accounts SET balance = 0 WHERE status = 'y'", false);
        SQLException vendor = new SQLException("deadlock detected", "40P01");

        assertThat((Throwable) run.failed(vendor)).isSameAs(vendor);
        assertThat(server.transactionCalls()).containsExactly("setSavepoint", "rollback(savepoint)");
    }

    @Test
    void severalStatementsInOneTextWithAMeasuredChangeAreRefusedBeforeAnythingIsSent() throws Exception {
        table("accounts", 100, "id");
        server.autoCommit = false;
        String sql = "UPDATE accounts SET balance = 0 WHERE status = 'y'; SELECT 1";
        Analysis analysis = analysed(sql);
        assertThat(check.needed(analysis)).isTrue();

        GuardViolationException refused = rowLimit(catchThrowable(() -> check.begin(analysis, sql, vendorStatement(),
                0, false)));

        assertThat(refused.getMessage()).contains("one of several statements", "Nothing was sent");
        assertThat(server.transactionCalls()).isEmpty();
        assertThat(server.sent("pg_stat")).isEmpty();
    }

    @Test
    void inAuditModeAChangeOverTheCeilingIsKeptAndRecorded() throws Exception {
        connect("""
                guards:
                  - origin: developer
                    target: production
                    rules: all
                    mode: audit
                    max-rows: 3
                """);
        table("accounts", 100, "id");
        server.autoCommit = false;

        CheckedRun run = begin("UPDATE accounts SET balance = 0 WHERE status = 'x'", false);
        statementChanged("accounts", 5, 0);

        assertThat(run.kept(5)).isEqualTo(5);
        assertThat(server.transactionCalls()).containsExactly("setSavepoint", "releaseSavepoint");
        assertThat(audit()).contains("would-block", "row-limit");
    }
}
