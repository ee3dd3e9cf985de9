package io.jdbcguard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * Finds the vendor driver for a URL wherever the host application put it. Asked in order, skipping the guard itself:
 * drivers listed by {@code ServiceLoader} in the guard's own class loader (the IDE case: DBeaver and DataGrip load the
 * guard jar and the vendor jar into one isolated class loader, which {@link DriverManager} does not search for us),
 * then in the thread's context class loader, then {@link DriverManager#getDrivers()} (drivers registered by the
 * application). The {@code ServiceLoader} scan runs once per context class loader (weakly held, so an undeployed
 * application's loader is not kept), not once per connect; and the driver found for a URL is remembered per context
 * class loader (the last {@value #URLS_PER_LOADER} URLs), since asking each driver whether it accepts a URL parses
 * it (pgjdbc's {@code acceptsURL} runs {@code parseURL}) and a pool opens every connection with the same URL.
 * An instance remembers what it found (the driver's is in {@link DriverState}); it is safe for concurrent use.
 */
public final class VendorDrivers {
    private static final int URLS_PER_LOADER = 16;
    private static final ClassLoader GUARD_LOADER = GuardDriver.class.getClassLoader();
    private static final Pattern USER_INFO = Pattern.compile("//[^/@?]*@");
    private static final Pattern SECRET_VALUE = Pattern.compile("(?i)((?:password|pwd|passwd|sslpassword)=)[^&;)?]*");

    /** Upkeep on the connecting thread, as {@code UrlHosts}'s cache (no wake-up of a common-pool thread). */
    private final LoadingCache<ClassLoader, LoaderDrivers> byLoader = Caffeine.newBuilder()
            .weakKeys().executor(Runnable::run).build(VendorDrivers::serviceDrivers);

    /**
     * @param url the vendor URL, e.g. {@code jdbc:postgresql://db/shop}
     * @return a driver that accepts it
     * @throws SQLException (SQLState {@code 08001}) if none does, naming the driver jar to add
     */
    public Driver find(String url) throws SQLException {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        LoaderDrivers known = byLoader.get(context != null ? context : GUARD_LOADER);
        Driver remembered = known.byUrl().getIfPresent(url);
        if (remembered != null) {
            return remembered;
        }
        for (Driver driver : known.drivers()) {
            if (accepts(driver, url)) {
                known.byUrl().put(url, driver);
                return driver;
            }
        }
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (accepts(driver, url)) {
                return driver;
            }
        }
        throw new SQLException("jdbc-guard found no JDBC driver for " + redact(url) + ". Put the vendor driver jar"
                + " next to the jdbc-guard jar (PostgreSQL: org.postgresql:postgresql; MySQL: com.mysql:"
                + "mysql-connector-j; MariaDB: org.mariadb.jdbc:mariadb-java-client).", "08001");
    }

    private static LoaderDrivers serviceDrivers(ClassLoader context) {
        List<Driver> drivers = new ArrayList<>();
        load(GUARD_LOADER, drivers);
        if (context != GUARD_LOADER) {
            load(context, drivers);
        }
        return new LoaderDrivers(List.copyOf(drivers), Caffeine.newBuilder().maximumSize(URLS_PER_LOADER)
                .executor(Runnable::run).build());
    }

    /**
     * The service-listed drivers of one context class loader, and which of them accepted each recently seen URL.
     * Drivers registered only with {@link DriverManager} are not remembered: an application may deregister them.
     */
    private record LoaderDrivers(List<Driver> drivers, Cache<String, Driver> byUrl) {
    }

    private static void load(ClassLoader loader, List<Driver> drivers) {
        try {
            for (Driver driver : ServiceLoader.load(Driver.class, loader)) {
                if (!(driver instanceof GuardDriver)) {
                    drivers.add(driver);
                }
            }
        } catch (ServiceConfigurationError e) {
            System.getLogger(VendorDrivers.class.getName()).log(System.Logger.Level.DEBUG,
                    "jdbc-guard skipped a broken java.sql.Driver service entry", e);
        }
    }

    private static boolean accepts(Driver driver, String url) {
        if (driver instanceof GuardDriver) {
            return false;
        }
        try {
            return driver.acceptsURL(url);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * @param url a JDBC URL
     * @return the URL without anything that may hold a secret: user information before {@code @}, the query string,
     *     and {@code password=}-like key values anywhere (Connector/J's {@code address=(...)(password=...)})
     */
    public static String redact(String url) {
        String redacted = SECRET_VALUE.matcher(USER_INFO.matcher(url).replaceFirst("//***@")).replaceAll("$1***");
        int query = redacted.indexOf('?');
        return query < 0 ? redacted : redacted.substring(0, query) + "?...";
    }
}
