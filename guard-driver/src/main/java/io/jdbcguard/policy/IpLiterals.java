package io.jdbcguard.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Recognises IPv4 and IPv6 literals without ever asking DNS. */
final class IpLiterals {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[\\w.]+)?");

    private IpLiterals() {
    }

    /** @return the text without surrounding {@code [ ]} (IPv6 in URLs) */
    static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * @param text a candidate IP literal
     * @return its address bytes (4 or 16), or null if it is not an IP literal (then it is a host name)
     */
    static byte[] parse(String text) {
        String bare = stripBrackets(text.trim());
        boolean ipv4 = IPV4.matcher(bare).matches();
        boolean ipv6 = bare.indexOf(':') >= 0 && IPV6.matcher(bare).matches();
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            return InetAddress.getByName(bare).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
