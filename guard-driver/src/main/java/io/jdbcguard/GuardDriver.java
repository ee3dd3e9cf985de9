package io.jdbcguard;

import io.jdbcguard.decision.ConnectPlan;
import io.jdbcguard.decision.Decisions;
import io.jdbcguard.jdbc.GuardVersion;
import io.jdbcguard.rules.Dialect;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The jdbc-guard JDBC driver. It accepts {@code jdbc:guard:} followed by a vendor URL without its {@code jdbc:}, e.g.
 * {@code jdbc:guard:postgresql://db:5432/shop} or {@code jdbc:guard:mysql://db:3306/shop}, and connects through the
 * vendor driver with the vendor URL ({@code jdbc:} + the rest; only the prefix is removed).
 *
 * <p>On {@link #connect} it follows the one decision path ({@link Decisions}): policy, origin and hosts before
 * connecting. When no guard can apply to the origin, the vendor's connection is returned as is, at no cost per
 * statement. Otherwise the connection is guarded: every statement is judged before it reaches the server, and blocked
 * ones throw {@link GuardViolationException}; the server's marker, fingerprint and session settings are read in one
 * round trip, and the target and the rules for the pair decided, when a statement first needs them (reads no pair
 * objects to, such as a pool's validation query, do not).
 *
 * <p>Registered with {@link DriverManager} by its static initializer and through
 * {@code META-INF/services/java.sql.Driver}. What it learns from one connection to the next (vendor drivers, parsed
 * URLs, policy files, analyses, table facts, audit trails) is in one {@link DriverState}, owned by this class and
 * shared with {@link GuardDataSource} and the command line ({@link #state()}). Its first connect starts the warm-up
 * ({@link DriverState#startWarmUp()}).
 */
public final class GuardDriver implements Driver {
    /** The URL prefix this driver accepts. */
    public static final String PREFIX = "jdbc:guard:";

    private static final Logger PARENT_LOGGER = Logger.getLogger("io.jdbcguard");
    private static final DriverState STATE = new DriverState();
    private static final Decisions DECISIONS = Decisions.standard(STATE);

    static {
        try {
            DriverManager.registerDriver(new GuardDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Creates a driver; applications normally let {@link DriverManager} or a pool do this. */
    public GuardDriver() {
        // Nothing to set up: policy, origin and target are decided per connection.
    }

    /**
     * @return the state of the driver in this class loader, shared by every connection of {@link GuardDriver} and
     *     {@link GuardDataSource} and by the command line
     */
    public static DriverState state() {
        return STATE;
    }

    /**
     * @param url a JDBC URL
     * @return true if it starts with {@value #PREFIX}
     */
    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    /**
     * @param url a {@code jdbc:guard:} URL
     * @return the vendor URL: {@code jdbc:} followed by what comes after {@value #PREFIX}
     */
    public static String vendorUrl(String url) {
        return "jdbc:" + url.substring(PREFIX.length());
    }

    /**
     * @param vendorUrl a vendor URL, e.g. {@code jdbc:postgresql://db/shop}
     * @return the guard URL for it, e.g. {@code jdbc:guard:postgresql://db/shop}
     */
    public static String guardUrl(String vendorUrl) {
        return PREFIX + vendorUrl.substring("jdbc:".length());
    }

    /**
     * Opens a connection through the vendor driver and guards it if the policy says so. The first call that accepts
     * its URL starts the warm-up ({@link DriverState#startWarmUp()}).
     *
     * @param url a {@code jdbc:guard:} URL; any other URL returns null, as JDBC requires
     * @param info connection properties, passed to the vendor driver unchanged
     * @return the guarded connection, or the vendor's connection when no rule applies to the pair
     * @throws SQLException SQLState {@code F0000} when a policy file is invalid or missing (message with file, line,
     *     column and the fix); {@code 08001} when no vendor driver accepts the URL or the database is not supported;
     *     {@code 42501} when break-glass is requested but forbidden; whatever the vendor driver throws when connecting
     *     fails
     */
    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        STATE.startWarmUp();
        ConnectPlan plan = DECISIONS.plan(url, info);
        Connection raw = plan.vendor().connect(plan.vendorUrl(), info);
        if (raw == null) {
            throw new SQLException("The driver " + plan.vendor().getClass().getName() + " refused "
                    + VendorDrivers.redact(plan.vendorUrl()), "08001");
        }
        return DECISIONS.guard(raw, plan);
    }

    /**
     * @param vendorUrl a vendor URL, e.g. {@code jdbc:mysql://db/shop}
     * @return the dialect of its subprotocol
     * @throws SQLException SQLState {@code 08001} if jdbc-guard does not support that database
     */
    public static Dialect dialect(String vendorUrl) throws SQLException {
        String rest = vendorUrl.substring("jdbc:".length());
        int colon = rest.indexOf(':');
        try {
            return Dialect.fromSubprotocol(colon < 0 ? rest : rest.substring(0, colon));
        } catch (IllegalArgumentException e) {
            throw new SQLException("jdbc-guard: " + e.getMessage() + " (URL " + VendorDrivers.redact(vendorUrl) + ")",
                    "08001", e);
        }
    }

    /**
     * @param url a {@code jdbc:guard:} URL
     * @param info proposed properties
     * @return the vendor driver's properties for the vendor URL (IDEs show them in their connection dialogs); an
     *     empty array for URLs this driver does not accept
     * @throws SQLException if no vendor driver accepts the URL
     */
    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return new DriverPropertyInfo[0];
        }
        String vendorUrl = vendorUrl(url);
        return STATE.vendorDrivers().find(vendorUrl).getPropertyInfo(vendorUrl, info);
    }

    /** @return jdbc-guard's major version, from the build ({@link GuardVersion}) */
    @Override
    public int getMajorVersion() {
        return GuardVersion.MAJOR;
    }

    /** @return jdbc-guard's minor version, from the build ({@link GuardVersion}) */
    @Override
    public int getMinorVersion() {
        return GuardVersion.MINOR;
    }

    /** @return false: compliance is the vendor driver's, which the guard does not change */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    /** @return the {@code io.jdbcguard} logger, parent of every jdbc-guard logger */
    @Override
    public Logger getParentLogger() {
        return PARENT_LOGGER;
    }
}
