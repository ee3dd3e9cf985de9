package io.jdbcguard.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The counts of a transaction and of the auto-commit window, on a clock the test moves. */
class TransactionBudgetTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final TransactionBudget budget = new TransactionBudget(now::get);

    private void seconds(long elapsed) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(elapsed));
    }

    @Test
    void aTransactionCountsUntilItEndsAndTablesAreKeyedByTheirBareName() {
        budget.now(true);
        budget.add("public.visits", 0, 3);
        budget.add("\"Visits\"", 2, 0);
        budget.add("orders", 1, 0);
        seconds(3_600);
        budget.now(true);

        assertThat(budget.changed("VISITS")).isEqualTo(5);
        assertThat(budget.deleted("visits")).isEqualTo(3);
        assertThat(budget.changed("orders")).isEqualTo(1);

        budget.transactionEnded();
        assertThat(budget.changed("visits")).isZero();
    }

    @Test
    void theAutoCommitWindowKeepsTenToTwentySeconds() {
        budget.now(false);
        budget.add("visits", 0, 400);
        seconds(11);
        budget.now(false);
        budget.add("visits", 0, 400);
        assertThat(budget.deleted("visits")).as("the last bucket still counts").isEqualTo(800);

        seconds(11);
        budget.now(false);
        assertThat(budget.deleted("visits")).as("the first bucket has gone").isEqualTo(400);

        seconds(25);
        budget.now(false);
        assertThat(budget.deleted("visits")).as("a long pause forgets everything").isZero();
    }

    @Test
    void leavingOrEnteringATransactionStartsTheCountsAfresh() {
        budget.now(false);
        budget.add("visits", 0, 7);
        budget.now(true);
        assertThat(budget.changed("visits")).isZero();
        assertThat(budget.ofTransaction()).isTrue();

        budget.add("visits", 0, 2);
        budget.transactionEnded();
        budget.now(false);
        assertThat(budget.changed("visits")).isZero();
        assertThat(budget.ofTransaction()).isFalse();
    }
}
