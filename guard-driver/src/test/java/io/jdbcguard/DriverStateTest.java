package io.jdbcguard;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
import org.junit.jupiter.api.Test;

/** What a driver keeps between connections belongs to one DriverState, and the warm-up fills that state's caches. */
class DriverStateTest {
    private static final SessionSettings POSTGRESQL = SessionSettings.defaults(Dialect.POSTGRESQL);

    @Test
    void connectionsOfOneStateShareAnalysesAndAFreshStateStartsEmpty() {
        DriverState state = new DriverState();
        DriverState fresh = new DriverState();
        state.analyses(POSTGRESQL).analyze("DELETE FROM users");

        assertThat(state.analyses(POSTGRESQL)).isSameAs(state.analyses(SessionSettings.defaults(Dialect.POSTGRESQL)));
        assertThat(fresh.analyses(POSTGRESQL)).isNotSameAs(state.analyses(POSTGRESQL));
        assertThat(fresh.analyses(POSTGRESQL).weighedBytes()).isZero();
    }

    @Test
    void theWarmUpFillsItsOwnStatesAnalyses() throws InterruptedException {
        DriverState state = new DriverState();
        DriverState other = new DriverState();

        state.startWarmUp();

        long deadline = System.nanoTime() + 30_000_000_000L;
        while (state.analyses(POSTGRESQL).weighedBytes() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(state.analyses(POSTGRESQL).weighedBytes()).isPositive();
        assertThat(other.analyses(POSTGRESQL).weighedBytes()).isZero();
    }
}
