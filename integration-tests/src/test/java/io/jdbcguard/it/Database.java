package io.jdbcguard.it;

/** The database products the integration tests run against, each with the JDBC subprotocol its URLs use. */
public enum Database {
    /** PostgreSQL through pgjdbc. */
    POSTGRESQL("postgresql", "it.pg.port", 15432),
    /** MariaDB through MySQL Connector/J ({@code jdbc:mysql://} URLs). */
    MARIADB("mysql", "it.mysql.port", 13306),
    /** The same MariaDB servers through MariaDB Connector/J ({@code jdbc:mariadb://} URLs). */
    MARIADB_CONNECTOR_J("mariadb", "it.mysql.port", 13306);

    private final String subprotocol;
    private final String portProperty;
    private final int defaultPort;

    Database(String subprotocol, String portProperty, int defaultPort) {
        this.subprotocol = subprotocol;
        this.portProperty = portProperty;
        this.defaultPort = defaultPort;
    }

    /** @return whether this is a MySQL/MariaDB server, whichever driver reaches it */
    public boolean isMysql() {
        return this != POSTGRESQL;
    }

    /** @return the JDBC subprotocol of the vendor URL, e.g. {@code postgresql} */
    public String subprotocol() {
        return subprotocol;
    }

    /** @return the port the test servers of this product listen on (system property set by Maven, else default) */
    public int port() {
        return Integer.getInteger(portProperty, defaultPort);
    }
}
