package io.jdbcguard;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the vendor driver for a URL wherever the host application put it. Asked in order, skipping the guard itself:
 * drivers listed by {@code ServiceLoader} in the guard's own class loader (the IDE case: DBeaver and DataGrip load the
 * guard jar and the vendor jar into one isolated class loader, which {@link DriverManager} does not search for us),
 * then in the thread's context class loader, then {@link DriverManager#getDrivers()} (drivers registered by the
 * application).
 */
public final class VendorDrivers {
    private VendorDrivers() {
    }

    /**
     * @param url the vendor URL, e.g. {@code jdbc:postgresql://db/shop}
     * @return a driver that accepts it
     * @throws SQLException (SQLState {@code 08001}) if none does, naming the driver jar to add
     */
    public static Driver find(String url) throws SQLException {
        List<ClassLoader> loaders = new ArrayList<>();
        loaders.add(GuardDriver.class.getClassLoader());
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != loaders.get(0)) {
            loaders.add(context);
        }
        for (ClassLoader loader : loaders) {
            try {
                for (Driver driver : ServiceLoader.load(Driver.class, loader)) {
                    if (accepts(driver, url)) {
                        return driver;
                    }
                }
            } catch (ServiceConfigurationError e) {
                continue;
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
     * @return the URL without its query parameters, which may hold a password
     */
    public static String redact(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?...";
    }
}
