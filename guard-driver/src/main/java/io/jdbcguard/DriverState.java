package io.jdbcguard;

import io.jdbcguard.audit.AuditTrails;
import io.jdbcguard.decision.WarmUp;
import io.jdbcguard.enforce.AnalysisCache;
import io.jdbcguard.enforce.TableFactsCache;
import io.jdbcguard.policy.PolicyLoader;
import io.jdbcguard.rules.SessionSettings;
import io.jdbcguard.targets.HostResolver;
import io.jdbcguard.targets.ServerFacts;
import io.jdbcguard.targets.UrlHosts;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the driver learns and keeps from one connection to the next, in one object:
 *
 * <ul>
 *   <li>the vendor driver for each URL ({@link VendorDrivers}) and the hosts each URL names ({@link UrlHosts});
 *   <li>the policy files as last read ({@link PolicyLoader#standard()});
 *   <li>host names resolved for the policy's address entries, and the threads that resolve them
 *       ({@link HostResolver});
 *   <li>which failures to read a server's marker and fingerprint were logged already ({@link ServerFacts.Warnings});
 *   <li>statement analyses, one {@link AnalysisCache} per set of session reading settings;
 *   <li>what servers' catalogs said about their tables ({@link TableFactsCache});
 *   <li>the audit trails, one writer per file ({@link AuditTrails});
 *   <li>whether the warm-up ({@link WarmUp}) was started.
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
    private final PolicyLoader policies;
    private final UrlHosts urlHosts = new UrlHosts();
    private final HostResolver hostResolver = new HostResolver();
    private final ServerFacts.Warnings serverWarnings = new ServerFacts.Warnings();
    private final Map<SessionSettings, AnalysisCache> analyses = new ConcurrentHashMap<>();
    private final TableFactsCache tableFacts = new TableFactsCache();
    private final AuditTrails auditTrails = new AuditTrails();
    private final AtomicBoolean warmUpStarted = new AtomicBoolean();

    /** A state that reads this JVM's policy files at the standard locations ({@link PolicyLoader#standard()}). */
    public DriverState() {
        this(PolicyLoader.standard());
    }

    /** @param policies the loader of the policy files in force (a test's own files) */
    public DriverState(PolicyLoader policies) {
        this.policies = policies;
    }

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

    /**
     * @param settings the session settings statements are read with
     * @return the analyses of statements read with them, shared by every connection of this state
     */
    public AnalysisCache analyses(SessionSettings settings) {
        return analyses.computeIfAbsent(settings, AnalysisCache::new);
    }

    /** @return what servers' catalogs said about their tables */
    public TableFactsCache tableFacts() {
        return tableFacts;
    }

    /** @return the audit trails, one per file */
    public AuditTrails auditTrails() {
        return auditTrails;
    }

    /**
     * Starts the warm-up of this state's analyses and of the classes a first statement needs ({@link WarmUp}) the
     * first time it is called; later calls return at once. {@link GuardDriver} calls it on its first connect,
     * {@link GuardDataSource} on its first connection. Never blocks and never throws.
     */
    public void startWarmUp() {
        if (!warmUpStarted.get() && warmUpStarted.compareAndSet(false, true)) {
            WarmUp.start(this);
        }
    }
}
