package io.jdbcguard.it.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line distribution as a new user installs it (README quick start): unpack
 * {@code guard-driver/target/jdbc-guard-<version>.tar.gz}, link {@code bin/jdbc-guard} into a folder on the
 * {@code PATH}, and run {@code jdbc-guard} by name from elsewhere.
 */
class DistributionIT {
    @TempDir
    Path home;

    private static Path archive() throws Exception {
        Path target = Path.of("").toAbsolutePath().resolveSibling("guard-driver").resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().matches("jdbc-guard-.+\\.tar\\.gz"))
                    .toList();
            assertThat(archives).as("the distribution built by package in " + target).hasSize(1);
            return archives.get(0);
        }
    }

    private static Process run(Path folder, Path pathFolder, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
        builder.environment().put("PATH", pathFolder + ":" + System.getenv("PATH"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process;
    }

    @Test
    void theInstalledCommandRunsByNameFromThePath() throws Exception {
        Path install = Files.createDirectories(home.resolve("opt"));
        assertThat(run(install, install, "tar", "-xzf", archive().toString()).exitValue()).isZero();
        Path bin;
        try (Stream<Path> unpacked = Files.list(install)) {
            bin = unpacked.findFirst().orElseThrow().resolve("bin");
        }
        Path onPath = Files.createDirectories(home.resolve("bin"));
        Files.createSymbolicLink(onPath.resolve("jdbc-guard"), bin.resolve("jdbc-guard"));

        // A shell finds the command on the PATH, as a user's does (Java looks programs up on its own PATH).
        Process help = run(home, onPath, "sh", "-c", "jdbc-guard --help");
        String out = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.exitValue()).as(out).isZero();
        assertThat(out).contains("Usage: jdbc-guard", "doctor", "check", "break-glass", "audit");

        Process check = run(home, onPath, "sh", "-c", "jdbc-guard check --dialect postgresql 'DELETE FROM users'");
        String verdict = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.exitValue()).as(verdict).isEqualTo(1);
        assertThat(verdict).contains("BLOCKED", "delete-without-where");
    }
}
