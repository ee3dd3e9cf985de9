package io.jdbcguard.it;

import static io.jdbcguard.it.Blocked.assertBlockedOnProduction;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.GuardViolationException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every case of guard-rules' statement corpus against the real production server of its dialect from origin
 * {@code developer}: a must-block case throws a {@link GuardViolationException} (SQLState 42501, one of its labelled
 * rules) and the shop is verifiably unchanged; a must-allow case is not blocked (the server may still refuse it, e.g.
 * for an object the corpus names but the shop lacks).
 *
 * <p>The shop is reset before a case only when an earlier case may have changed it.
 */
class CorpusReplayIT {
    private static final int QUERY_TIMEOUT_SECONDS = 10;
    /**
     * A {@code DROP ... IF EXISTS} the driver lets through when the server has none of the objects (it then changes
     * nothing): the case passes when it is blocked or when it leaves the shop as it was (checked below, as for every
     * case that must block), so a DROP of a table the shop has is still proven refused.
     */
    private static final Pattern NO_OP_UNLESS_PRESENT = Pattern.compile(
            "(?is)^\\s*DROP\\s+(TABLE|VIEW|SEQUENCE|INDEX|MATERIALIZED\\s+VIEW)\\s+IF\\s+EXISTS\\b");
    private static final Set<Database> DIRTY = EnumSet.allOf(Database.class);
    private static final Map<Database, ShopState> FRESH = new EnumMap<>(Database.class);

    @RegisterExtension
    final GuardSettings guard = new GuardSettings();

    static List<CorpusCase> cases() throws IOException {
        return CorpusCase.load();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void replayOnProductionFromDeveloper(CorpusCase c) throws SQLException {
        Database database = c.database();
        ShopState fresh = freshShop(database);
        String url = TestDatabases.guardUrl(database, Target.PRODUCTION) + c.urlParameters();
        try (Connection connection = TestDatabases.guard(url);
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            if (c.mustBlock() && NO_OP_UNLESS_PRESENT.matcher(c.sql()).find()) {
                try {
                    statement.execute(c.sql());
                } catch (GuardViolationException violation) {
                    assertThat(c.blockingRules()).as("labelled rules").contains(violation.getRuleId());
                }
            } else if (c.mustBlock()) {
                GuardViolationException violation = assertBlockedOnProduction(() -> statement.execute(c.sql()));
                assertThat(c.blockingRules()).as("labelled rules").contains(violation.getRuleId());
            } else {
                DIRTY.add(database);
                runAllowed(statement, c.sql(), database, fresh);
            }
        }
        if (c.mustBlock()) {
            ShopState after = ShopFixture.snapshot(database, Target.PRODUCTION);
            if (!after.equals(fresh)) {
                DIRTY.add(database);
            }
            assertThat(after).as("shop after the blocked case").isEqualTo(fresh);
        }
    }

    /**
     * Runs a statement the static analysis allows. The server-side checks may still refuse it on the shop, rightly:
     * the row check a scoped-looking change that the server reports covered every row of a table (the shop's tables
     * hold a few rows), and {@code lossy-alter} a column type change that the shop's live column shows may lose values
     * of a table holding rows ({@code USING length(name)}: see {@code LossyTypeChangeIT}). Such a refusal must have
     * left the shop as it was.
     */
    private static void runAllowed(Statement statement, String sql, Database database, ShopState fresh)
            throws SQLException {
        try {
            statement.execute(sql);
        } catch (GuardViolationException blocked) {
            boolean effectCheck = blocked.getRuleId().equals("row-limit") && blocked.getMessage().contains(
                    "every row");
            boolean liveColumn = blocked.getRuleId().equals("lossy-alter") && blocked.getMessage().contains(
                    "and the table holds rows");
            if (!effectCheck && !liveColumn) {
                throw new AssertionError("must be allowed, but was blocked: " + blocked.getMessage(), blocked);
            }
            assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).as("rolled back: " + sql).isEqualTo(fresh);
        } catch (SQLException refusedByServer) {
            // The guard let it through; the server's own refusal (a missing object, a '?' placeholder) is fine.
        }
    }

    private static ShopState freshShop(Database database) throws SQLException {
        if (DIRTY.remove(database)) {
            ShopFixture.reset(database, Target.PRODUCTION);
            FRESH.put(database, ShopFixture.snapshot(database, Target.PRODUCTION));
        }
        return FRESH.get(database);
    }
}
