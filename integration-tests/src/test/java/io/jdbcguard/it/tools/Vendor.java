package io.jdbcguard.it.tools;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
     * @param schema a schema of database {@code shop} (PostgreSQL) or a database (MySQL/MariaDB)
     * @return a guard URL whose connections work in {@code schema} by default
     */
    String guardUrl(Server server, String schema) {
        String base = "jdbc:guard:" + subprotocol + "://" + server.host() + ":" + port() + "/";
        return this == POSTGRESQL ? base + database + "?currentSchema=" + schema : base + schema;
    }

    /**
     * Drops and creates a schema (PostgreSQL, in database {@code shop}) or database (MySQL/MariaDB) as admin, through
     * the vendor driver.
     *
     * @param server staging or production
     * @param schema the schema's name
     * @throws SQLException when the server refuses
     */
    void recreateSchema(Server server, String schema) throws SQLException {
        try (Connection raw = raw(server, "admin"); Statement st = raw.createStatement()) {
            if (this == POSTGRESQL) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                st.execute("CREATE SCHEMA " + schema);
            } else {
                st.execute("DROP DATABASE IF EXISTS " + schema);
                st.execute("CREATE DATABASE " + schema);
            }
        }
    }

    /**
     * (Re)creates {@code table} in database {@code shop} as user {@code app} (so {@code app} may drop it), with one row
     * {@code (1, 'keep me')}, through the vendor driver.
     *
     * @param server staging or production
     * @param table  the table's name
     * @throws SQLException when the server refuses
     */
    void createItems(Server server, String table) throws SQLException {
        try (Connection raw = raw(server, "app"); Statement st = raw.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
            st.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, item VARCHAR(40) NOT NULL)");
            st.execute("INSERT INTO " + table + " (id, item) VALUES (1, 'keep me')");
        }
    }

    /**
     * @param server staging or production
     * @param table  a table of database {@code shop} made by {@link #createItems}
     * @return whether it still exists
     * @throws SQLException when the server refuses
     */
    boolean itemsExist(Server server, String table) throws SQLException {
        return tableExists(server, this == POSTGRESQL ? "public" : database, table);
    }

    /**
     * @param server staging or production
     * @param schema a schema (PostgreSQL) or database (MySQL/MariaDB)
     * @param table  a table name, lower case
     * @return whether the table exists, read through the vendor driver
     * @throws SQLException when the server refuses
     */
    boolean tableExists(Server server, String schema, String table) throws SQLException {
        try (Connection raw = raw(server, "admin");
             PreparedStatement ps = raw.prepareStatement("SELECT COUNT(*) FROM information_schema.tables"
                     + " WHERE table_schema = ? AND table_name = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    /**
     * @param server staging or production
     * @param sql    a query whose first column is read as text
     * @return the first column of every row, read as admin through the vendor driver
     * @throws SQLException when the server refuses
     */
    List<String> column(Server server, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection raw = raw(server, "admin"); Statement st = raw.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
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
