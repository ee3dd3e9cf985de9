package io.jdbcguard.it.tools;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The two database families of the integration-test servers, with their guard and vendor URLs. Ports come from the
 * Maven properties {@code it.pg.port} and {@code it.mysql.port} (passed to the tests as system properties).
 */
enum Vendor {
    POSTGRESQL("postgresql", "it.pg.port", "15432", "shop"),
    MYSQL("mysql", "it.mysql.port", "13306", "shop");

    private final String subprotocol;
    private final String portProperty;
    private final String defaultPort;
    private final String database;

    Vendor(String subprotocol, String portProperty, String defaultPort, String database) {
        this.subprotocol = subprotocol;
        this.portProperty = portProperty;
        this.defaultPort = defaultPort;
        this.database = database;
    }

    /** @return the port of this vendor's servers */
    int port() {
        return Integer.parseInt(System.getProperty(portProperty, defaultPort));
    }

    /**
     * @param server staging or production
     * @return {@code jdbc:guard:<vendor>://<host>:<port>/shop}
     */
    String guardUrl(Server server) {
        return "jdbc:guard:" + subprotocol + "://" + server.host() + ":" + port() + "/" + database;
    }

    /**
     * @param server staging or production
     * @return the plain vendor URL of the same database
     */
    String vendorUrl(Server server) {
        return "jdbc:" + subprotocol + "://" + server.host() + ":" + port() + "/" + database;
    }

    /** @return a new instance of the vendor's own driver class, bypassing the guard and {@code DriverManager} */
    Driver vendorDriver() {
        return this == POSTGRESQL ? new org.postgresql.Driver() : newMysqlDriver();
    }

    private static Driver newMysqlDriver() {
        try {
            return new com.mysql.cj.jdbc.Driver();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the class of the vendor's driver, whose code source is the vendor jar */
    Class<? extends Driver> vendorDriverClass() {
        return this == POSTGRESQL ? org.postgresql.Driver.class : com.mysql.cj.jdbc.Driver.class;
    }

    /**
     * Opens a connection with the vendor driver directly: what tests use to set up and to check the database behind
     * the guard's back.
     *
     * @param server staging or production
     * @param user   user name, its password is the same
     * @return an unguarded connection
     * @throws SQLException when the server refuses the connection
     */
    Connection raw(Server server, String user) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", user);
        return vendorDriver().connect(vendorUrl(server), props);
    }
}
