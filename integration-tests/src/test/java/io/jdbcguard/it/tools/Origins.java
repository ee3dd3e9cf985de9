package io.jdbcguard.it.tools;

import java.util.concurrent.Callable;

/**
 * Runs code as a given origin by setting the system property {@code jdbcguard.origin} that the driver reads when it
 * opens a connection, and restoring the previous value afterwards.
 */
final class Origins {

    /** The system property naming the origin of new connections. */
    static final String ORIGIN_PROPERTY = "jdbcguard.origin";

    private Origins() {
    }

    /**
     * @param origin the origin for connections opened by {@code work}, e.g. {@code developer} or {@code ci}
     * @param work   code that opens guarded connections
     * @param <T>    the result type
     * @return what {@code work} returns
     * @throws Exception what {@code work} throws
     */
    static <T> T as(String origin, Callable<T> work) throws Exception {
        String previous = System.getProperty(ORIGIN_PROPERTY);
        System.setProperty(ORIGIN_PROPERTY, origin);
        try {
            return work.call();
        } finally {
            if (previous == null) {
                System.clearProperty(ORIGIN_PROPERTY);
            } else {
                System.setProperty(ORIGIN_PROPERTY, previous);
            }
        }
    }

    /**
     * @param origin the origin for connections opened by {@code work}
     * @param work   code that opens guarded connections
     * @throws Exception what {@code work} throws
     */
    static void run(String origin, ThrowingRunnable work) throws Exception {
        as(origin, () -> {
            work.run();
            return null;
        });
    }

    /** Code that may throw anything. */
    @FunctionalInterface
    interface ThrowingRunnable {
        /** @throws Exception whatever the code throws */
        void run() throws Exception;
    }
}
