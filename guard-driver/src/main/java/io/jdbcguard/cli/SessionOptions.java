package io.jdbcguard.cli;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
import picocli.CommandLine.Option;

/**
 * The options that say how statements are judged offline, shared by {@code check} and {@code lint}: the pair
 * ({@code --origin}, {@code --target}) and the session's settings that decide how the server reads SQL
 * ({@code --dialect}, MySQL {@code --sql-mode} and {@code --server-version}, PostgreSQL
 * {@code --no-standard-conforming-strings}).
 */
final class SessionOptions {
    @Option(names = "--dialect", required = true, description = "postgresql or mysql (mariadb)")
    String dialect;

    @Option(names = "--origin", defaultValue = "developer", description = "the origin (default: ${DEFAULT-VALUE})")
    String origin;

    @Option(names = "--target", defaultValue = "production",
            description = "the target's environment (default: ${DEFAULT-VALUE})")
    String target;

    @Option(names = "--sql-mode", description = "MySQL: the session's sql_mode (e.g. ANSI_QUOTES,NO_BACKSLASH_ESCAPES)")
    String sqlMode;

    @Option(names = "--server-version", description = "MySQL/MariaDB: the server's VERSION(), e.g. 10.11.6-MariaDB")
    String serverVersion;

    @Option(names = "--no-standard-conforming-strings",
            description = "PostgreSQL: the session has standard_conforming_strings = off")
    boolean noStandardConformingStrings;

    /**
     * @return the dialect {@code --dialect} names
     * @throws GuardCli.UsageError when it names none
     */
    Dialect dialect() {
        try {
            return Dialect.fromSubprotocol(dialect);
        } catch (IllegalArgumentException e) {
            throw new GuardCli.UsageError("--dialect " + dialect + ": " + e.getMessage() + ".");
        }
    }

    /**
     * @return the session's settings the options give
     * @throws GuardCli.UsageError when {@code --dialect} names no dialect
     */
    SessionSettings settings() {
        return dialect() == Dialect.POSTGRESQL ? SessionSettings.postgresql(!noStandardConformingStrings)
                : SessionSettings.mysql(serverVersion == null ? "0.0.0" : serverVersion, sqlMode == null ? ""
                        : sqlMode);
    }
}
