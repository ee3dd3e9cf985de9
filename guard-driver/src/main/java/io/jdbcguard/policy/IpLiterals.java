package io.jdbcguard.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Recognises IPv4 and IPv6 literals without ever asking DNS. */
final class IpLiterals {
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
        boolean ipv4 = bare.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = bare.indexOf(':') >= 0 && bare.matches("[0-9A-Fa-f:.]+(%[\\w.]+)?");
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
