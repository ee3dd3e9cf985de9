package io.jdbcguard.it.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;

import io.jdbcguard.it.GuardSettings;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The guard as DBeaver or DataGrip load it: the shaded jar and the vendor jar in a fresh class loader whose parent is
 * the platform class loader (nothing of the test class path visible), {@code io.jdbcguard.GuardDriver} instantiated
 * from it by name and connections opened through that {@link Driver} instance, not {@code DriverManager}.
 */
@ExtendWith(GuardSettings.class)
class IdeIsolationIT {

    private static final String TABLE = "tools_ide_items";

    private static URLClassLoader ideClassLoader(Vendor vendor) throws Exception {
        URL[] jars = {ShadedJar.path().toUri().toURL(), ClassPaths.of(vendor.vendorDriverClass()).toUri().toURL()};
        return new URLClassLoader("ide-driver-" + vendor, jars, ClassLoader.getPlatformClassLoader());
    }

    private static Driver guardDriver(ClassLoader loader) throws Exception {
        return (Driver) Class.forName("io.jdbcguard.GuardDriver", true, loader).getConstructor().newInstance();
    }

    private static Properties app() {
        Properties props = new Properties();
        props.setProperty("user", "app");
        props.setProperty("password", "app");
        return props;
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void developerDropIsBlockedAndTheConnectionLooksLikeTheVendors(Vendor vendor) throws Exception {
        vendor.createItems(Server.PRODUCTION, TABLE);
        String guardUrl = vendor.guardUrl(Server.PRODUCTION);
        String vendorProduct;
        try (Connection raw = vendor.raw(Server.PRODUCTION, "app")) {
            vendorProduct = raw.getMetaData().getDatabaseProductName();
        }

        try (URLClassLoader loader = ideClassLoader(vendor)) {
            Driver driver = guardDriver(loader);
            assertThat(driver.getClass().getClassLoader()).isSameAs(loader);
            assertThat(driver.acceptsURL(guardUrl)).isTrue();

            Origins.run("developer", () -> {
                try (Connection connection = driver.connect(guardUrl, app());
                     Statement statement = connection.createStatement()) {
                    assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo(vendorProduct);
                    assertThat(connection.getMetaData().getURL()).isEqualTo(guardUrl);
                    assertThatThrownBy(() -> statement.execute("DROP TABLE " + TABLE))
                            .isInstanceOf(SQLException.class)
                            .hasMessageContaining("jdbc-guard blocked")
                            .satisfies(e -> assertThat(e.getClass().getName())
                                    .isEqualTo("io.jdbcguard.GuardViolationException"))
                            .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42501");
                    try (ResultSet rows = statement.executeQuery("SELECT item FROM " + TABLE)) {
                        assertThat(rows.next()).isTrue();
                        assertThat(rows.getString(1)).isEqualTo("keep me");
                    }
                }
            });
        }

        assertThat(vendor.column(Server.PRODUCTION, "SELECT item FROM " + TABLE)).containsExactly("keep me");
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void ciDropApplies(Vendor vendor) throws Exception {
        vendor.createItems(Server.PRODUCTION, TABLE);

        try (URLClassLoader loader = ideClassLoader(vendor)) {
            Driver driver = guardDriver(loader);
            Origins.run("ci", () -> {
                try (Connection connection = driver.connect(vendor.guardUrl(Server.PRODUCTION), app());
                     Statement statement = connection.createStatement()) {
                    statement.execute("DROP TABLE " + TABLE);
                }
            });
        }

        assertThat(vendor.itemsExist(Server.PRODUCTION, TABLE)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void connectionDialogsGetTheVendorsProperties(Vendor vendor) throws Exception {
        try (URLClassLoader loader = ideClassLoader(vendor)) {
            DriverPropertyInfo[] guard = guardDriver(loader).getPropertyInfo(vendor.guardUrl(Server.PRODUCTION),
                    new Properties());
            DriverPropertyInfo[] own = vendor.vendorDriver().getPropertyInfo(vendor.vendorUrl(Server.PRODUCTION),
                    new Properties());

            assertThat(guard).isNotEmpty();
            assertThat(Arrays.stream(guard).map(p -> p.name))
                    .containsExactlyInAnyOrderElementsOf(Arrays.stream(own).map(p -> p.name).toList());
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void theGuardsLibrariesAreRelocatedOutOfTheHostsWay(Vendor vendor) throws Exception {
        try (URLClassLoader loader = ideClassLoader(vendor)) {
            assertThatThrownBy(() -> loader.loadClass("net.sf.jsqlparser.parser.CCJSqlParserUtil"))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> loader.loadClass("org.yaml.snakeyaml.Yaml"))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThat(loader.loadClass("io.jdbcguard.shaded.net.sf.jsqlparser.parser.CCJSqlParserUtil"))
                    .isNotNull();
        }
    }
}
