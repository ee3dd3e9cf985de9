package io.jdbcguard.it.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.jdbcguard.flyway.GuardDatabaseType;

import org.junit.jupiter.api.Test;

/**
 * The guard's Flyway database types are listed in the driver jar's plugin service file, so Flyway's
 * {@code ServiceLoader} loads them in every host that has the driver and flyway-core, also hosts without one of the
 * optional Flyway database modules. Runs Flyway's own URL lookup in an isolated class loader holding flyway-core (and
 * its Jackson), the driver classes and only some of the database modules.
 */
class FlywayPluginLoadingIT {

    private static final String POSTGRESQL_MODULE = "org.flywaydb.database.postgresql.PostgreSQLDatabaseType";
    private static final String MYSQL_MODULE = "org.flywaydb.database.mysql.MySQLDatabaseType";

    @SuppressWarnings("unchecked")
    private static List<String> typesForUrl(List<String> databaseModules, String url) throws Exception {
        List<Path> jars = new ArrayList<>(List.of(
                ClassPaths.of("org.flywaydb.core.Flyway"),
                ClassPaths.of("tools.jackson.databind.ObjectMapper"),
                ClassPaths.of("tools.jackson.core.JsonParser"),
                ClassPaths.of("com.fasterxml.jackson.annotation.JsonProperty"),
                ClassPaths.of(GuardDatabaseType.class)));
        databaseModules.forEach(module -> jars.add(ClassPaths.of(module)));
        URL[] urls = jars.stream().map(FlywayPluginLoadingIT::toUrl).toArray(URL[]::new);
        try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            Class<?> register = Class.forName("org.flywaydb.core.internal.database.DatabaseTypeRegister", true, loader);
            Class<?> configuration = Class.forName("org.flywaydb.core.api.configuration.Configuration", true, loader);
            Method lookup = register.getMethod("getDatabaseTypesForUrl", String.class, configuration);
            List<Object> types = (List<Object>) lookup.invoke(null, url, null);
            return types.stream().map(Object::toString).toList();
        }
    }

    private static URL toUrl(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyModulePresentEveryGuardUrlHandled() throws Exception {
        List<String> modules = List.of(POSTGRESQL_MODULE, MYSQL_MODULE);
        assertThat(typesForUrl(modules, "jdbc:guard:postgresql://db.example:5432/shop"))
                .containsExactly("PostgreSQL (jdbc-guard)");
        assertThat(typesForUrl(modules, "jdbc:guard:mysql://db.example:3306/shop"))
                .containsExactly("MySQL (jdbc-guard)");
        assertThat(typesForUrl(modules, "jdbc:guard:mariadb://db.example:3306/shop"))
                .containsExactly("MariaDB (jdbc-guard)");
        assertThat(typesForUrl(modules, "jdbc:postgresql://db.example:5432/shop"))
                .contains("PostgreSQL")
                .noneMatch(name -> name.contains("jdbc-guard"));
    }

    @Test
    void withoutFlywayMysqlThePostgresqlGuardStillWorksAndMysqlIsSkipped() throws Exception {
        List<String> modules = List.of(POSTGRESQL_MODULE);
        assertThat(typesForUrl(modules, "jdbc:guard:postgresql://db.example:5432/shop"))
                .containsExactly("PostgreSQL (jdbc-guard)");
        assertThat(typesForUrl(modules, "jdbc:guard:mysql://db.example:3306/shop")).isEmpty();
    }

    @Test
    void withoutAnyDatabaseModuleFlywayStillLoadsItsPlugins() throws Exception {
        assertThat(typesForUrl(List.of(), "jdbc:guard:postgresql://db.example:5432/shop")).isEmpty();
        assertThat(typesForUrl(List.of(), "jdbc:h2:mem:x")).containsExactly("H2");
    }
}
