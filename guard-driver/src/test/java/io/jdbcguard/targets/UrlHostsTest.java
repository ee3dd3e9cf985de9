package io.jdbcguard.targets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class UrlHostsTest {
    private static final org.postgresql.Driver PGJDBC = new org.postgresql.Driver();
    private static final java.sql.Driver CONNECTOR_J = connectorJ();

    private final UrlHosts hosts = new UrlHosts();

    private static java.sql.Driver connectorJ() {
        try {
            return new com.mysql.cj.jdbc.Driver();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void pgjdbcMultiHostListsAndDefaults() {
        assertThat(hosts.of("jdbc:postgresql://db1,db2:5433/shop", new Properties(), PGJDBC.getClass()))
                .containsExactly("db1:5432", "db2:5433");
        assertThat(hosts.of("jdbc:postgresql:shop", new Properties(), PGJDBC.getClass()))
                .containsExactly("localhost:5432");
    }

    @Test
    void pgjdbcQueryParametersOverrideTheAuthority() {
        assertThat(hosts.of("jdbc:postgresql://elsewhere:1/db?PGHOST=127.0.0.2&PGPORT=5432", new Properties(),
                PGJDBC.getClass())).containsExactly("127.0.0.2:5432");
    }

    @Test
    void propertiesThatNameHostsAreReadForEachConnectOfTheSameUrl() {
        String url = "jdbc:postgresql:shop";
        assertThat(hosts.of(url, properties("user", "app", "password", "secret"), PGJDBC.getClass()))
                .containsExactly("localhost:5432");
        assertThat(hosts.of(url, properties("user", "app", "password", "secret", "PGHOST", "10.9.8.7"),
                PGJDBC.getClass())).containsExactly("10.9.8.7:5432");
        assertThat(hosts.of(url, properties("PGHOST", "10.9.8.6"), PGJDBC.getClass()))
                .containsExactly("10.9.8.6:5432");
        assertThat(hosts.of(url, properties("user", "app"), PGJDBC.getClass())).containsExactly("localhost:5432");
        assertThat(hosts.of(url, properties("password", "other", "PGHOST", "10.9.8.7"), PGJDBC.getClass()))
                .containsExactly("10.9.8.7:5432");
    }

    private static Properties properties(String... namesAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            properties.setProperty(namesAndValues[i], namesAndValues[i + 1]);
        }
        return properties;
    }

    @Test
    void connectorJReplicationAndAddressForms() {
        assertThat(hosts.of("jdbc:mysql:replication://src:3306,replica:3307/shop", new Properties(),
                CONNECTOR_J.getClass()))
                .containsExactly("src:3306", "replica:3307");
        assertThat(hosts.of("jdbc:mysql://address=(host=10.1.2.3)(port=3310)/shop", new Properties(),
                CONNECTOR_J.getClass())).containsExactly("10.1.2.3:3310");
    }

    @Test
    void mariadbConnectorJAddressSequentialAndReplicationForms() {
        Class<?> mariadb = org.mariadb.jdbc.Driver.class;
        assertThat(hosts.of("jdbc:mariadb://address=(host=127.0.0.2)(port=3310)/shop", new Properties(), mariadb))
                .containsExactly("127.0.0.2:3310");
        assertThat(hosts.of("jdbc:mariadb:sequential://a:1,b:2/shop", new Properties(), mariadb))
                .containsExactly("a:1", "b:2");
        assertThat(hosts.of("jdbc:mariadb:replication://src,replica:3307/shop", new Properties(), mariadb))
                .containsExactly("src:3306", "replica:3307");
        assertThat(hosts.of("jdbc:mariadb:loadbalance://a,b/shop", new Properties(), mariadb))
                .containsExactly("a:3306", "b:3306");
    }

    @Test
    void otherDriversGetAPlainAuthorityOrNothing() {
        assertThat(UrlHosts.authority("jdbc:mariadb://user@a:1,b/db?x=1")).containsExactly("a:1", "b");
        assertThat(UrlHosts.authority("jdbc:mariadb:db")).containsExactly("localhost");
        assertThat(UrlHosts.authority("jdbc:mariadb://address=(host=a)(port=1)/db")).isEmpty();
        assertThat(hosts.of("jdbc:other://address=(host=a)/db", new Properties(), String.class)).isEmpty();
    }
}
