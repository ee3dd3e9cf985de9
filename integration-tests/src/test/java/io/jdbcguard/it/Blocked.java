package io.jdbcguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jdbcguard.GuardViolationException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions about statements the guard must block. */
public final class Blocked {
    private Blocked() {
    }

    /**
     * Asserts that the call throws a {@link GuardViolationException} with SQLState {@code 42501} whose message names
     * its rule, the origin and the target.
     *
     * @return the exception, for further checks
     */
    public static GuardViolationException assertBlocked(ThrowingCallable call, String origin, Target target) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected a GuardViolationException").isInstanceOf(GuardViolationException.class);
        GuardViolationException violation = (GuardViolationException) thrown;
        assertThat(violation.getSQLState()).isEqualTo("42501");
        assertThat(violation.getRuleId()).isNotBlank();
        assertThat(violation.getMessage()).contains(violation.getRuleId(), origin, target.tag());
        return violation;
    }

    /**
     * Asserts that the call is blocked for origin {@code developer} against production with a message quoting the
     * statement.
     *
     * @return the exception, for further checks
     */
    public static GuardViolationException assertBlockedOnProduction(ThrowingCallable call, String statement) {
        GuardViolationException violation = assertBlockedOnProduction(call);
        assertThat(violation.getMessage()).contains(statement);
        return violation;
    }

    /** Asserts that the call is blocked for origin {@code developer} against production. */
    public static GuardViolationException assertBlockedOnProduction(ThrowingCallable call) {
        return assertBlocked(call, GuardSettings.DEVELOPER, Target.PRODUCTION);
    }
}
