package io.jdbcguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VendorDriversTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:mysql://app:s3cret@db:3306/shop",
        "jdbc:postgresql://db/shop?user=app&password=s3cret",
        "jdbc:mysql://address=(host=db)(port=3306)(user=app)(password=s3cret)/shop",
        "jdbc:mariadb://db/shop;password=s3cret",
        "jdbc:postgresql://db/shop?sslpassword=s3cret&ssl=true"})
    void redactedUrlsNeverHoldAPassword(String url) {
        assertThat(VendorDrivers.redact(url)).doesNotContain("s3cret").startsWith("jdbc:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:nosuchdb://app:s3cret@db/shop?password=s3cret"})
    void aMissingDriverIsNamedWithoutThePassword(String url) {
        SQLException error = catchThrowableOfType(SQLException.class, () -> new VendorDrivers().find(url));

        assertThat(error.getSQLState()).isEqualTo("08001");
        assertThat(error.getMessage()).doesNotContain("s3cret").contains("vendor driver jar");
    }

    @Test
    void aUrlIsOfferedToTheDriversOncePerClassLoader(@TempDir Path services) throws Exception {
        Path list = Files.writeString(services.resolve("java.sql.Driver"), CountingDriver.class.getName() + "\n");
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return name.equals("META-INF/services/java.sql.Driver")
                        ? Collections.enumeration(List.of(list.toUri().toURL())) : super.getResources(name);
            }
        };
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            VendorDrivers drivers = new VendorDrivers();
            Driver first = drivers.find("jdbc:counting://db/shop");
            int offered = CountingDriver.OFFERED.get();
            Driver again = drivers.find("jdbc:counting://db/shop");

            assertThat(first).isInstanceOf(CountingDriver.class).isSameAs(again);
            assertThat(CountingDriver.OFFERED.get()).isEqualTo(offered);
            drivers.find("jdbc:counting://other/shop");
            assertThat(CountingDriver.OFFERED.get()).isEqualTo(offered + 1);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** A driver for {@code jdbc:counting:} URLs that counts how often it was asked whether it accepts one. */
    public static final class CountingDriver implements Driver {
        static final AtomicInteger OFFERED = new AtomicInteger();

        @Override
        public boolean acceptsURL(String url) {
            OFFERED.incrementAndGet();
            return url.startsWith("jdbc:counting:");
        }

        @Override
        public Connection connect(String url, Properties info) {
            return null;
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
            return new DriverPropertyInfo[0];
        }

        @Override
        public int getMajorVersion() {
            return 1;
        }

        @Override
        public int getMinorVersion() {
            return 0;
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }
    }
}
