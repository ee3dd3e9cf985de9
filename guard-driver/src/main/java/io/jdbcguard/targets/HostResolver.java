package io.jdbcguard.targets;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves host names to addresses for the policy's IP and CIDR entries, with a bounded wait and a cache, so a slow
 * or broken DNS never hangs a connect. A name that cannot be resolved in time resolves to nothing: it keeps every tag
 * its name earns, and only address-based entries cannot match it.
 *
 * <p>An instance keeps what it resolved for a minute, and its own daemon threads for the lookups (one per lookup
 * under way; an idle one ends after a minute). The driver's is in {@code DriverState}. It is safe for concurrent use.
 */
public final class HostResolver {
    /** How long one resolution may take before it counts as failed. */
    public static final Duration TIMEOUT = Duration.ofMillis(750);

    private static final ThreadFactory DNS_THREADS = runnable -> {
        Thread thread = new Thread(runnable, "jdbc-guard-dns");
        thread.setDaemon(true);
        return thread;
    };

    private final ExecutorService dns = Executors.newCachedThreadPool(DNS_THREADS);
    private final Cache<String, List<InetAddress>> cache = Caffeine.newBuilder()
            .maximumSize(1_000).expireAfterWrite(Duration.ofMinutes(1)).executor(Runnable::run).build();

    /**
     * @param host a host name (not an IP literal)
     * @return its addresses, or an empty list if it does not resolve within {@link #TIMEOUT}
     */
    public List<InetAddress> resolve(String host) {
        return cache.get(host, this::lookup);
    }

    /**
     * @return this machine's host name as {@link InetAddress#getLocalHost()} gives it (asked on a thread of its own),
     *     or {@code localhost} when that does not answer within {@link #TIMEOUT}
     */
    public static String localHostName() {
        return bounded(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                return "localhost";
            }
        }, "localhost", runnable -> DNS_THREADS.newThread(runnable).start());
    }

    private List<InetAddress> lookup(String host) {
        return List.of(bounded(() -> lookupBlocking(host), new InetAddress[0], dns));
    }

    private static <T> T bounded(java.util.function.Supplier<T> lookup, T otherwise, Executor executor) {
        CompletableFuture<T> future = CompletableFuture.supplyAsync(lookup, executor);
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return otherwise;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return otherwise;
        }
    }

    private static InetAddress[] lookupBlocking(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (java.net.UnknownHostException e) {
            return new InetAddress[0];
        }
    }
}
