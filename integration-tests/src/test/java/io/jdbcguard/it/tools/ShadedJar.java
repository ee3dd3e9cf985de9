package io.jdbcguard.it.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the self-contained driver jar, {@code guard-driver/target/jdbc-guard-<version>.jar}, built at package. */
final class ShadedJar {

    private ShadedJar() {
    }

    /**
     * @return the shaded driver jar of this build (the tests run in the {@code integration-tests} module directory)
     * @throws IOException when the directory cannot be listed
     * @throws IllegalStateException when there is not exactly one such jar
     */
    static Path path() throws IOException {
        Path target = Path.of("").toAbsolutePath().resolveSibling("guard-driver").resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            List<Path> jars = files
                    .filter(file -> file.getFileName().toString().matches("jdbc-guard-.+\\.jar"))
                    .toList();
            if (jars.size() != 1) {
                throw new IllegalStateException("expected one jdbc-guard-<version>.jar in " + target + ", found "
                        + jars);
            }
            return jars.get(0);
        }
    }
}
