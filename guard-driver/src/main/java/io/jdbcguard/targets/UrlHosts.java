package io.jdbcguard.targets;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads the hosts a JDBC URL connects to with the vendor driver's own URL parser, so that whatever the vendor driver
 * will connect to is what the guard tags: pgjdbc's {@code org.postgresql.Driver.parseURL} (multi-host lists and query
 * parameter overrides such as {@code ?PGHOST=}), Connector/J's {@code com.mysql.cj.conf.ConnectionUrl} (failover,
 * {@code replication://}, {@code loadbalance://}, {@code address=(host=..)(port=..)}). Other drivers get a plain
 * parse of the URL's authority. A URL without a host means {@code localhost}, as both drivers default to.
 *
 * <p>The parsed properties can hold passwords (pgjdbc reads {@code .pgpass}): only host and port are kept, nothing
 * else is logged or returned.
 */
public final class UrlHosts {
    private UrlHosts() {
    }

    /**
     * @param url the vendor URL, e.g. {@code jdbc:postgresql://db1,db2:5433/shop}
     * @param info the properties {@code connect} received (they may name host and port too)
     * @param loader the class loader of the vendor driver that will connect, which provides its parser
     * @return the hosts as {@code host:port} (port omitted when unknown), never empty
     */
    public static List<String> of(String url, Properties info, ClassLoader loader) {
        List<String> hosts = null;
        if (url.startsWith("jdbc:postgresql:")) {
            hosts = postgresql(url, info, loader);
        } else if (url.startsWith("jdbc:mysql")) {
            hosts = mysql(url, info, loader);
        }
        return hosts != null && !hosts.isEmpty() ? hosts : authority(url);
    }

    private static List<String> postgresql(String url, Properties info, ClassLoader loader) {
        try {
            Method parse = Class.forName("org.postgresql.Driver", false, loader)
                    .getMethod("parseURL", String.class, Properties.class);
            Properties parsed = (Properties) parse.invoke(null, url, copy(info));
            if (parsed == null) {
                return null;
            }
            String[] names = parsed.getProperty("PGHOST", "localhost").split(",");
            String[] ports = parsed.getProperty("PGPORT", "5432").split(",");
            List<String> hosts = new ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                hosts.add(names[i] + ":" + (i < ports.length ? ports[i] : ports[ports.length - 1]));
            }
            return hosts;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static List<String> mysql(String url, Properties info, ClassLoader loader) {
        try {
            Class<?> connectionUrl = Class.forName("com.mysql.cj.conf.ConnectionUrl", false, loader);
            Object parsed = connectionUrl.getMethod("getConnectionUrlInstance", String.class, Properties.class)
                    .invoke(null, url, copy(info));
            List<?> hostInfos = (List<?>) connectionUrl.getMethod("getHostsList").invoke(parsed);
            List<String> hosts = new ArrayList<>();
            for (Object host : hostInfos) {
                Object name = host.getClass().getMethod("getHost").invoke(host);
                Object port = host.getClass().getMethod("getPort").invoke(host);
                hosts.add(name + ":" + port);
            }
            return hosts;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * The fallback: hosts from the authority between {@code //} and the next {@code /} or {@code ?}.
     *
     * @param url a JDBC URL
     * @return its hosts as written ({@code host:port}), or {@code localhost} when the URL names none
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
            int at = authority.lastIndexOf('@');
            for (String host : authority.substring(at + 1).split(",")) {
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
