package io.jdbcguard;

import io.jdbcguard.enforce.TableFactsCache;
import io.jdbcguard.policy.PolicyLoader;
import io.jdbcguard.targets.HostResolver;
import io.jdbcguard.targets.ServerFacts;
import io.jdbcguard.targets.UrlHosts;

/**
 * What the driver learns and keeps from one connection to the next, in one object:
 *
 * <ul>
 *   <li>the vendor driver for each URL ({@link VendorDrivers}) and the hosts each URL names ({@link UrlHosts});
 *   <li>the policy files as last read ({@link PolicyLoader#standard()});
 *   <li>host names resolved for the policy's address entries, and the threads that resolve them
 *       ({@link HostResolver});
 *   <li>which failures to read a server's marker and fingerprint were logged already ({@link ServerFacts.Warnings});
 *   <li>what servers' catalogs said about their tables ({@link TableFactsCache}).
 * </ul>
 *
 * <p>Lifetime: {@link GuardDriver} owns the one instance its class loader uses ({@link GuardDriver#state()}), shared
 * by every connection of {@link GuardDriver}, {@link GuardDataSource} and the command line, and kept as long as the
 * driver's class is loaded. Tests make a fresh one with {@code new DriverState()} to start with nothing learned.
 *
 * <p>Thread safety: safe for concurrent use by any number of connections; every part is.
 */
public final class DriverState {
    private final VendorDrivers vendorDrivers = new VendorDrivers();
    private final PolicyLoader policies = PolicyLoader.standard();
    private final UrlHosts urlHosts = new UrlHosts();
    private final HostResolver hostResolver = new HostResolver();
    private final ServerFacts.Warnings serverWarnings = new ServerFacts.Warnings();
    private final TableFactsCache tableFacts = new TableFactsCache();

    /** @return the vendor drivers found, per context class loader and URL */
    public VendorDrivers vendorDrivers() {
        return vendorDrivers;
    }

    /**
     * @return the loader of this JVM's policy files, at the standard locations, looking at them at most once per
     *     {@value PolicyLoader#STANDARD_RECHECK_MILLIS} ms
     */
    public PolicyLoader policies() {
        return policies;
    }

    /** @return the hosts of the URLs parsed so far */
    public UrlHosts urlHosts() {
        return urlHosts;
    }

    /** @return the resolver of host names, with what it resolved */
    public HostResolver hostResolver() {
        return hostResolver;
    }

    /** @return the failures to read server facts logged so far */
    public ServerFacts.Warnings serverWarnings() {
        return serverWarnings;
    }

    /** @return what servers' catalogs said about their tables */
    public TableFactsCache tableFacts() {
        return tableFacts;
    }
}
