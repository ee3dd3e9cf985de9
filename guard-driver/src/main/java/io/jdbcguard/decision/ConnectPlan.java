package io.jdbcguard.decision;

import io.jdbcguard.origin.Origin;
import io.jdbcguard.policy.Policy;
import io.jdbcguard.rules.Dialect;
import java.sql.Driver;
import java.util.List;

/**
 * What is decided about a connection before the server is reached: the policy in force, the origin, the vendor
 * driver and URL, the dialect and the hosts the URL names.
 *
 * @param policy the policy in force
 * @param origin the origin and how it was decided
 * @param guardUrl the {@code jdbc:guard:} URL
 * @param vendorUrl the vendor URL ({@code jdbc:} + what follows the guard prefix)
 * @param dialect the dialect of the vendor URL's subprotocol
 * @param vendor the vendor driver that connects, or null when the connection was made elsewhere (a wrapped
 *     {@code DataSource})
 * @param hosts the hosts as the vendor driver's URL parser reads them ({@code host:port}); empty when unreadable
 */
public record ConnectPlan(Policy policy, Origin origin, String guardUrl, String vendorUrl, Dialect dialect,
        Driver vendor, List<String> hosts) {
    /** Copies the hosts. */
    public ConnectPlan {
        hosts = List.copyOf(hosts);
    }

    /**
     * @return whether some guard of the policy applies to this origin, so the server must be asked what it is;
     *     when false the connection is the vendor's own, at no cost
     */
    public boolean mayGuard() {
        return policy.guardsOrigin(origin.name());
    }

    /** @return the hosts joined for messages and log lines */
    public String where() {
        return hosts.isEmpty() ? "hosts not read from the URL" : String.join(",", hosts);
    }
}
