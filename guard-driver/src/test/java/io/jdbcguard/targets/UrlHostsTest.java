package io.jdbcguard.targets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class UrlHostsTest {
    private static final org.postgresql.Driver PGJDBC = new org.postgresql.Driver();
    private static final java.sql.Driver CONNECTOR_J = connectorJ();

    private static java.sql.Driver connectorJ() {
        try {
            return new com.mysql.cj.jdbc.Driver();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void pgjdbcMultiHostListsAndDefaults() {
        assertThat(UrlHosts.of("jdbc:postgresql://db1,db2:5433/shop", new Properties(), PGJDBC.getClass().getClassLoader()))
                .containsExactly("db1:5432", "db2:5433");
        assertThat(UrlHosts.of("jdbc:postgresql:shop", new Properties(), PGJDBC.getClass().getClassLoader())).containsExactly("localhost:5432");
    }

    @Test
    void pgjdbcQueryParametersOverrideTheAuthority() {
        assertThat(UrlHosts.of("jdbc:postgresql://elsewhere:1/db?PGHOST=127.0.0.2&PGPORT=5432", new Properties(),
                PGJDBC.getClass().getClassLoader())).containsExactly("127.0.0.2:5432");
    }

    @Test
    void connectorJReplicationAndAddressForms() {
        assertThat(UrlHosts.of("jdbc:mysql:replication://src:3306,replica:3307/shop", new Properties(), CONNECTOR_J.getClass().getClassLoader()))
                .containsExactly("src:3306", "replica:3307");
        assertThat(UrlHosts.of("jdbc:mysql://address=(host=10.1.2.3)(port=3310)/shop", new Properties(),
                CONNECTOR_J.getClass().getClassLoader())).containsExactly("10.1.2.3:3310");
    }

    @Test
    void otherDriversGetTheAuthority() {
        assertThat(UrlHosts.authority("jdbc:mariadb://user@a:1,b/db?x=1")).containsExactly("a:1", "b");
        assertThat(UrlHosts.authority("jdbc:mariadb:db")).containsExactly("localhost");
    }
}
