package io.jdbcguard.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * URLs of and connections to the four test servers started by {@code src/test/servers/servers.sh}: every
 * {@link Database} on every {@link Target}, each holding the database {@code shop}.
 *
 * <p>Raw connections go straight to the vendor driver; guard connections go through {@code jdbc:guard:}. Both log in
 * as {@code app}, the owner of {@code shop}.
 */
public final class TestDatabases {
    /** The ordinary user owning {@code shop} (password {@code app}). */
    public static final String APP_USER = "app";
    /** The superuser of every server (password {@code admin}). */
    public static final String ADMIN_USER = "admin";

    private TestDatabases() {
    }

    /** @return the vendor URL, e.g. {@code jdbc:postgresql://127.0.0.2:15432/shop} */
    public static String rawUrl(Database database, Target target) {
        return "jdbc:" + database.subprotocol() + "://" + target.host() + ":" + database.port() + "/shop";
    }

    /** @return the guard URL, e.g. {@code jdbc:guard:postgresql://127.0.0.2:15432/shop} */
    public static String guardUrl(Database database, Target target) {
        return "jdbc:guard:" + rawUrl(database, target).substring("jdbc:".length());
    }

    /** Opens a connection through the vendor driver, bypassing the guard, as {@code app}. */
    public static Connection raw(Database database, Target target) throws SQLException {
        return DriverManager.getConnection(rawUrl(database, target), APP_USER, APP_USER);
    }

    /** Opens a connection through the vendor driver to production as {@code admin}, who creates functions. */
    public static Connection admin(Database database) throws SQLException {
        return DriverManager.getConnection(rawUrl(database, Target.PRODUCTION), ADMIN_USER, ADMIN_USER);
    }

    /** Opens a connection through the guard as {@code app}; origin and policy come from the system properties. */
    public static Connection guard(Database database, Target target) throws SQLException {
        return guard(guardUrl(database, target));
    }

    /** Opens a connection through the guard to the given {@code jdbc:guard:} URL as {@code app}. */
    public static Connection guard(String guardUrl) throws SQLException {
        return DriverManager.getConnection(guardUrl, APP_USER, APP_USER);
    }
}
