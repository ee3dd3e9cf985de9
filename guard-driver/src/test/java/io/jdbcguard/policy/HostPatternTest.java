package io.jdbcguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class HostPatternTest {
    @Test
    void exactNamesIgnoreCase() {
        HostPattern pattern = HostPattern.parse("db.prod.example.com");

        assertThat(pattern.matchesHost("DB.Prod.Example.com")).isTrue();
        assertThat(pattern.matchesHost("db.prod.example.com.evil")).isFalse();
        assertThat(HostPattern.parse("DB.Prod.Example.com").matchesHost("db.PROD.example.COM")).isTrue();
        assertThat(HostPattern.parse("db.prod.example.com").matchesHost("dbxprod.example.com")).isFalse();
        assertThat(pattern.matchesAddresses()).isFalse();
    }

    @Test
    void globsMatchAnyRunOfCharacters() {
        HostPattern pattern = HostPattern.parse("*.prod.example.com");

        assertThat(pattern.matchesHost("eu1.db.prod.example.com")).isTrue();
        assertThat(pattern.matchesHost("prod.example.com")).isFalse();
        assertThat(pattern.matchesHost("staging.example.com")).isFalse();
    }

    @Test
    void cidrRangesMatchLiteralsAndResolvedAddresses() throws Exception {
        HostPattern pattern = HostPattern.parse("10.20.0.0/16");

        assertThat(pattern.matchesHost("10.20.3.4")).isTrue();
        assertThat(pattern.matchesHost("10.21.0.1")).isFalse();
        assertThat(pattern.matchesAddress(InetAddress.getByName("10.20.255.1"))).isTrue();
        assertThat(HostPattern.parse("10.0.0.0/7").matchesHost("11.255.0.1")).isTrue();
    }

    @Test
    void ipv6LiteralsMatchWithOrWithoutBrackets() {
        assertThat(HostPattern.parse("::1").matchesHost("[::1]")).isTrue();
        assertThat(HostPattern.parse("fd00::/8").matchesHost("fd12:3456::1")).isTrue();
        assertThat(HostPattern.parse("fd00::/8").matchesHost("10.0.0.1")).isFalse();
    }

    @Test
    void badEntriesAreRefused() {
        assertThatThrownBy(() -> HostPattern.parse("10.0.0.0/33")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> HostPattern.parse("db/16")).hasMessageContaining("not a CIDR range");
        assertThatThrownBy(() -> HostPattern.parse(" ")).hasMessageContaining("empty");
    }
}
