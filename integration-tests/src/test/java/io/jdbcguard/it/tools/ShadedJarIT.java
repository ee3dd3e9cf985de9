package io.jdbcguard.it.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

/**
 * The content of the self-contained driver jar: the guard's classes, its libraries relocated under
 * {@code io.jdbcguard.shaded}, merged service files, the CLI as main class ({@code java -jar}); no vendor driver, no
 * Flyway or Liquibase.
 */
class ShadedJarIT {

    private static List<String> entries() throws IOException {
        try (JarFile jar = new JarFile(ShadedJar.path().toFile())) {
            return Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();
        }
    }

    private static String text(String entry) throws IOException {
        try (JarFile jar = new JarFile(ShadedJar.path().toFile());
             InputStream in = jar.getInputStream(jar.getEntry(entry))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void holdsTheGuardAndItsRelocatedLibrariesOnly() throws IOException {
        List<String> classes = entries().stream().filter(name -> name.endsWith(".class")).toList();

        assertThat(classes).contains(
                "io/jdbcguard/GuardDriver.class",
                "io/jdbcguard/rules/analyzer/Rules.class",
                "io/jdbcguard/flyway/GuardPostgreSQLDatabaseType.class",
                "io/jdbcguard/liquibase/GuardUrlDatabase.class",
                "io/jdbcguard/shaded/net/sf/jsqlparser/parser/CCJSqlParserUtil.class",
                "io/jdbcguard/jdbc/DelegatingResultSet.class",
                "io/jdbcguard/shaded/org/yaml/snakeyaml/Yaml.class",
                "io/jdbcguard/shaded/com/github/benmanes/caffeine/cache/Caffeine.class",
                "io/jdbcguard/shaded/picocli/CommandLine.class");
        assertThat(classes).allMatch(name -> name.startsWith("io/jdbcguard/"), "every class under io/jdbcguard/");
        assertThat(entries()).noneMatch(name -> name.endsWith("module-info.class") || name.endsWith(".SF")
                || name.endsWith(".RSA") || name.endsWith(".DSA"));
    }

    @Test
    void registersTheDriverAndTheToolExtensions() throws IOException {
        assertThat(text("META-INF/services/java.sql.Driver").lines()).containsExactly("io.jdbcguard.GuardDriver");
        assertThat(text("META-INF/services/org.flywaydb.core.extensibility.Plugin").lines()).containsExactly(
                "io.jdbcguard.flyway.GuardPostgreSQLDatabaseType",
                "io.jdbcguard.flyway.GuardMySQLDatabaseType",
                "io.jdbcguard.flyway.GuardMariaDBDatabaseType");
        assertThat(text("META-INF/services/liquibase.database.Database").lines())
                .containsExactly("io.jdbcguard.liquibase.GuardUrlDatabase");
    }

    @Test
    void runsTheCliWithJavaJar() throws Exception {
        assertThat(text("META-INF/MANIFEST.MF")).contains("Main-Class: io.jdbcguard.cli.GuardCli");

        Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", ShadedJar.path().toString(), "--version")
                .redirectErrorStream(true)
                .start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(cli.exitValue()).as(output).isZero();
        assertThat(output).contains("jdbc-guard");
    }
}
