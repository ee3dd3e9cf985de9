package io.jdbcguard.jdbc;

import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Reads the rows a vendor call reports changed, for {@link io.jdbcguard.enforce.EffectCheck}: a negative number when
 * the server did not say, which the check treats as unknown, never as zero.
 */
final class Counts {
    private Counts() {
    }

    /** A call that returned rows instead of a count ({@code executeQuery}, a data change with RETURNING). */
    static long unknown(ResultSet rows) {
        return -1;
    }

    /** The sum of a batch's counts; unknown when one of them is ({@link Statement#SUCCESS_NO_INFO}). */
    static long sum(int[] counts) {
        return sum(java.util.Arrays.stream(counts).asLongStream().toArray());
    }

    /** As {@link #sum(int[])} for {@code executeLargeBatch}. */
    static long sum(long[] counts) {
        long sum = 0;
        for (long count : counts) {
            if (count < 0) {
                return -1;
            }
            sum += count;
        }
        return sum;
    }
}
