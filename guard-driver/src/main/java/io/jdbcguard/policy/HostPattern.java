package io.jdbcguard.policy;

import java.net.InetAddress;

/**
 * One entry of an environment's {@code hosts:} list: an exact host name, a glob with {@code *} (any run of characters,
 * dots included), an IP address (IPv4 or IPv6) or a CIDR range such as {@code 10.20.0.0/16}.
 *
 * <p>Host names compare case-insensitively (DNS names are case-insensitive, RFC 4343). IP entries and CIDR ranges match
 * the literal IP of a URL and the addresses a host name resolves to.
 */
public final class HostPattern {
    private final String text;
    private final Glob glob;
    private final byte[] network;
    private final int prefixLength;

    private HostPattern(String text, Glob glob, byte[] network, int prefixLength) {
        this.text = text;
        this.glob = glob;
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Parses one {@code hosts:} entry.
     *
     * @param text the entry as written, e.g. {@code *.prod.example.com} or {@code 10.20.0.0/16}
     * @return the pattern
     * @throws IllegalArgumentException if a CIDR entry has a bad address or prefix length, or the entry is blank
     */
    public static HostPattern parse(String text) {
        String entry = text.trim();
        if (entry.isEmpty()) {
            throw new IllegalArgumentException("a host entry is empty: write a host name, a glob like *.prod.example.com,"
                    + " an IP address or a CIDR range like 10.20.0.0/16");
        }
        int slash = entry.indexOf('/');
        if (slash >= 0) {
            byte[] address = IpLiterals.parse(entry.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("'" + entry + "' is not a CIDR range: the part before '/' must be an"
                        + " IP address, e.g. 10.20.0.0/16");
            }
            int bits;
            try {
                bits = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > address.length * 8) {
                throw new IllegalArgumentException("'" + entry + "' has a bad prefix length: use 0 to "
                        + address.length * 8 + " after '/'");
            }
            return new HostPattern(entry, null, address, bits);
        }
        byte[] address = IpLiterals.parse(entry);
        if (address != null) {
            return new HostPattern(entry, null, address, address.length * 8);
        }
        return new HostPattern(entry, Glob.of(entry), null, 0);
    }

    /**
     * @param host a host as written in a URL
     * @return true if it is an IPv4 or IPv6 literal rather than a name
     */
    public static boolean isIpLiteral(String host) {
        return IpLiterals.parse(host) != null;
    }

    /** @return true if this entry is an IP address or CIDR range, which needs host names resolved to compare */
    public boolean matchesAddresses() {
        return network != null;
    }

    /**
     * @param host a host name or IP literal as written in a URL (IPv6 with or without brackets)
     * @return true if the name matches this entry by name, or the literal IP lies in this entry's range
     */
    public boolean matchesHost(String host) {
        String bare = IpLiterals.stripBrackets(host);
        if (network != null) {
            byte[] address = IpLiterals.parse(bare);
            return address != null && inRange(address);
        }
        return glob.matches(bare);
    }

    /**
     * @param address an address a host name resolved to
     * @return true if this entry is an IP or CIDR range containing it
     */
    public boolean matchesAddress(InetAddress address) {
        return network != null && inRange(address.getAddress());
    }

    private boolean inRange(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    @Override
    public String toString() {
        return text;
    }
}
