package io.jdbcguard.targets;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves host names to addresses for the policy's IP and CIDR entries, with a bounded wait and a cache, so a slow
 * or broken DNS never hangs a connect. A name that cannot be resolved in time resolves to nothing: it keeps every tag
 * its name earns, and only address-based entries cannot match it.
 */
public final class HostResolver {
    /** How long one resolution may take before it counts as failed. */
    public static final Duration TIMEOUT = Duration.ofMillis(750);

    private static final ExecutorService DNS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "jdbc-guard-dns");
        thread.setDaemon(true);
        return thread;
    });
    private static final Cache<String, List<InetAddress>> CACHE = Caffeine.newBuilder()
            .maximumSize(1_000).expireAfterWrite(Duration.ofMinutes(1)).build();

    private HostResolver() {
    }

    /**
     * @param host a host name (not an IP literal)
     * @return its addresses, or an empty list if it does not resolve within {@link #TIMEOUT}
     */
    public static List<InetAddress> resolve(String host) {
        return CACHE.get(host, HostResolver::lookup);
    }

    private static List<InetAddress> lookup(String host) {
        CompletableFuture<InetAddress[]> future =
                CompletableFuture.supplyAsync(() -> lookupBlocking(host), DNS);
        try {
            return List.of(future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
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
