package io.jdbcguard.targets;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Reads the hosts a JDBC URL connects to with the URL parser of the vendor driver that will connect, so that whatever
 * the vendor driver connects to is what the guard tags:
 *
 * <ul>
 *   <li>pgjdbc: {@code org.postgresql.Driver.parseURL} (multi-host lists, query parameter overrides such as
 *       {@code ?PGHOST=});
 *   <li>MySQL Connector/J: {@code com.mysql.cj.conf.ConnectionUrl} (failover, {@code replication://},
 *       {@code loadbalance://}, {@code address=(host=..)(port=..)});
 *   <li>MariaDB Connector/J: {@code org.mariadb.jdbc.Configuration.parse} ({@code address=(host=..)(port=..)},
 *       {@code sequential:}, {@code loadbalance:}, {@code replication:}, host lists; a Unix socket or named pipe is
 *       {@code localhost}).
 * </ul>
 * Any other driver gets a plain parse of a plain authority ({@code //host:port,host2/...}); a URL whose hosts cannot
 * be read that way (parentheses, key=value forms) yields no hosts, which {@link TargetResolver} treats as a target it
 * cannot tag from the URL. A URL without a host means {@code localhost}, as the drivers default to.
 *
 * <p>The parsed properties can hold passwords (pgjdbc reads {@code .pgpass}): only host and port are kept, nothing
 * else is logged or returned.
 *
 * <p>An instance remembers the URLs it parsed (the driver's is in {@code DriverState}); it is safe for concurrent use.
 */
public final class UrlHosts {
    /**
     * Parsed URLs, so a pool or an application reconnecting with the same URL parses it once: MariaDB Connector/J's
     * parser takes about 0.3 ms. Keyed by driver, URL and the properties that are not secrets; bounded. Its upkeep
     * runs on the connecting thread: Caffeine's default hands it to the common pool, which wakes a thread on another
     * core during a connect.
     */
    private final Cache<String, List<String>> parsed = Caffeine.newBuilder().maximumSize(256)
            .executor(Runnable::run).build();

    /**
     * @param url the vendor URL, e.g. {@code jdbc:postgresql://db1,db2:5433/shop}
     * @param info the properties {@code connect} received (they may name host and port too)
     * @param vendor a class of the vendor driver that will connect (its {@code Driver} or its connection class),
     *     whose URL parser is used
     * @return the hosts as {@code host:port} (port omitted when unknown); empty when the URL's hosts cannot be read
     */
    public List<String> of(String url, Properties info, Class<?> vendor) {
        return parsed.get(key(url, info, vendor), k -> List.copyOf(parse(url, info, vendor)));
    }

    /**
     * The cache key: driver, URL and the properties whose names do not hold "password", in name order. A connect's
     * properties are usually only {@code user} and {@code password} ({@code DriverManager.getConnection(url, user,
     * password)}, pools): that case is keyed without copying or sorting them.
     */
    private static String key(String url, Properties info, Class<?> vendor) {
        StringBuilder key = new StringBuilder(128).append(vendor.getName()).append('\n').append(url);
        if (info == null || info.isEmpty()) {
            return key.toString();
        }
        Object user = info.get("user");
        if (info.size() == (user != null ? 1 : 0) + (info.containsKey("password") ? 1 : 0)) {
            return user == null ? key.toString() : key.append("\nuser=").append(user).toString();
        }
        List<String> entries = new ArrayList<>(info.size());
        info.forEach((name, value) -> {
            String text = String.valueOf(name);
            if (!text.toLowerCase(Locale.ROOT).contains("password")) {
                entries.add(text + '=' + value);
            }
        });
        entries.sort(null);
        for (String entry : entries) {
            key.append('\n').append(entry);
        }
        return key.toString();
    }

    private static List<String> parse(String url, Properties info, Class<?> vendor) {
        String driver = vendor.getName();
        ClassLoader loader = vendor.getClassLoader();
        try {
            if (driver.startsWith("org.postgresql.")) {
                return postgresql(url, info, loader);
            }
            if (driver.startsWith("com.mysql.")) {
                return connectorJ(url, info, loader);
            }
            if (driver.startsWith("org.mariadb.")) {
                return mariadb(url, info, loader);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return List.of();
        }
        return authority(url);
    }

    private static List<String> postgresql(String url, Properties info, ClassLoader loader)
            throws ReflectiveOperationException {
        Method parse = Class.forName("org.postgresql.Driver", false, loader)
                .getMethod("parseURL", String.class, Properties.class);
        Properties parsed = (Properties) parse.invoke(null, url, copy(info));
        if (parsed == null) {
            return List.of();
        }
        String[] names = parsed.getProperty("PGHOST", "localhost").split(",");
        String[] ports = parsed.getProperty("PGPORT", "5432").split(",");
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            hosts.add(names[i] + ":" + (i < ports.length ? ports[i] : ports[ports.length - 1]));
        }
        return hosts;
    }

    private static List<String> connectorJ(String url, Properties info, ClassLoader loader)
            throws ReflectiveOperationException {
        Class<?> connectionUrl = Class.forName("com.mysql.cj.conf.ConnectionUrl", false, loader);
        Object parsed = connectionUrl.getMethod("getConnectionUrlInstance", String.class, Properties.class)
                .invoke(null, url, copy(info));
        List<String> hosts = new ArrayList<>();
        for (Object host : (List<?>) connectionUrl.getMethod("getHostsList").invoke(parsed)) {
            Object name = host.getClass().getMethod("getHost").invoke(host);
            Object port = host.getClass().getMethod("getPort").invoke(host);
            hosts.add(name + ":" + port);
        }
        return hosts;
    }

    private static List<String> mariadb(String url, Properties info, ClassLoader loader)
            throws ReflectiveOperationException {
        Object parsed = Class.forName("org.mariadb.jdbc.Configuration", false, loader)
                .getMethod("parse", String.class, Properties.class).invoke(null, url, copy(info));
        if (parsed == null) {
            return List.of();
        }
        List<String> hosts = new ArrayList<>();
        for (Object address : (List<?>) parsed.getClass().getMethod("addresses").invoke(parsed)) {
            Field host = address.getClass().getField("host");
            Field port = address.getClass().getField("port");
            Object name = host.get(address);
            hosts.add(name == null ? "localhost" : name + ":" + port.get(address));
        }
        return hosts;
    }

    /**
     * The fallback for other drivers: hosts from a plain authority between {@code //} and the next {@code /} or
     * {@code ?}.
     *
     * @param url a JDBC URL
     * @return its hosts as written ({@code host:port}), {@code localhost} when the URL names none, or nothing when
     *     the authority is not a plain host list
     */
    static List<String> authority(String url) {
        List<String> hosts = new ArrayList<>();
        int start = url.indexOf("//");
        if (start >= 0) {
            int end = start + 2;
            while (end < url.length() && url.charAt(end) != '/' && url.charAt(end) != '?') {
                end++;
            }
            String authority = url.substring(start + 2, end);
            authority = authority.substring(authority.lastIndexOf('@') + 1);
            if (authority.indexOf('(') >= 0 || authority.indexOf('=') >= 0) {
                return List.of();
            }
            for (String host : authority.split(",")) {
                if (!host.isBlank()) {
                    hosts.add(host.trim());
                }
            }
        }
        if (hosts.isEmpty()) {
            hosts.add("localhost");
        }
        return hosts;
    }

    private static Properties copy(Properties info) {
        Properties copy = new Properties();
        if (info != null) {
            copy.putAll(info);
        }
        return copy;
    }
}
