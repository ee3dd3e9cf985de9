package io.jdbcguard.rules;

import java.util.Locale;
import java.util.Objects;

/**
 * The session state of a server connection that decides how SQL text is read: the same bytes are different
 * statements under different settings, so the guard lexes with the settings the session really has.
 *
 * <ul>
 *   <li>PostgreSQL: {@code standard_conforming_strings} (off: a backslash escapes in every {@code '...'} string, see
 *       <a href="https://www.postgresql.org/docs/current/runtime-config-compatible.html">Version and Platform
 *       Compatibility</a> and {@code scan.l}'s {@code xq}/{@code xe} states).
 *   <li>MySQL/MariaDB: the server version (executable comments {@code /*!NNNNN ... *}{@code /} run only when the
 *       version is at least NNNNN, see
 *       <a href="https://dev.mysql.com/doc/refman/8.4/en/comments.html">Comments</a> and MariaDB
 *       {@code sql_lex.cc}), whether the server is MariaDB (it also runs {@code /*M!NNNNNN ... *}{@code /}), and
 *       the {@code sql_mode} flags {@code ANSI_QUOTES} ({@code "..."} is an identifier) and
 *       {@code NO_BACKSLASH_ESCAPES} (see <a href="https://dev.mysql.com/doc/refman/8.4/en/sql-mode.html">Server
 *       SQL Modes</a>).
 * </ul>
 *
 * <p>{@code known} is false when the guard could not learn the session's state (a read failed, or a statement may
 * have changed it in a way not re-read): texts whose meaning depends on the unknown settings are then judged
 * unparseable.
 *
 * @param dialect the dialect
 * @param known whether the settings below are the session's real ones
 * @param serverVersion MySQL/MariaDB: the version as the server compares it in executable comments, e.g.
 *     {@code 101106} for MariaDB 10.11.6 or {@code 80036} for MySQL 8.0.36; 0 when unknown or PostgreSQL
 * @param mariadb whether the server is MariaDB (not MySQL)
 * @param backslashEscapes MySQL: backslash escapes in {@code '...'}/{@code "..."} strings (no
 *     {@code NO_BACKSLASH_ESCAPES}); PostgreSQL: backslash escapes in plain {@code '...'} strings
 *     ({@code standard_conforming_strings = off})
 * @param ansiQuotes MySQL: {@code "..."} is an identifier ({@code ANSI_QUOTES}); always false for PostgreSQL
 */
public record SessionSettings(Dialect dialect, boolean known, int serverVersion, boolean mariadb,
        boolean backslashEscapes, boolean ansiQuotes) {

    /** Checks the dialect is given. */
    public SessionSettings {
        Objects.requireNonNull(dialect, "dialect");
    }

    /**
     * The settings a server starts a session with when nothing changed them: PostgreSQL with
     * {@code standard_conforming_strings = on}; MySQL/MariaDB with backslash escapes, no {@code ANSI_QUOTES}, and an
     * unknown version (executable comments with a version number are then read as code, the stricter reading).
     *
     * @param dialect the dialect
     * @return the defaults, marked known
     */
    public static SessionSettings defaults(Dialect dialect) {
        return new SessionSettings(dialect, true, 0, false, dialect == Dialect.MYSQL, false);
    }

    /**
     * @param standardConformingStrings the session's {@code standard_conforming_strings}
     * @return PostgreSQL settings, known
     */
    public static SessionSettings postgresql(boolean standardConformingStrings) {
        return new SessionSettings(Dialect.POSTGRESQL, true, 0, false, !standardConformingStrings, false);
    }

    /**
     * @param version the server's {@code VERSION()}, e.g. {@code 10.11.6-MariaDB-0+deb12u1} or {@code 8.0.36}
     * @param sqlMode the session's {@code @@sql_mode}, a comma-separated list
     * @return MySQL/MariaDB settings, known
     */
    public static SessionSettings mysql(String version, String sqlMode) {
        String mode = "," + sqlMode.toUpperCase(Locale.ROOT).replace(" ", "") + ",";
        return new SessionSettings(Dialect.MYSQL, true, versionNumber(version),
                version.toLowerCase(Locale.ROOT).contains("mariadb"), !mode.contains(",NO_BACKSLASH_ESCAPES,"),
                mode.contains(",ANSI_QUOTES,") || mode.contains(",ANSI,"));
    }

    /**
     * @return these settings marked unknown: the session may have changed them
     */
    public SessionSettings unknown() {
        return new SessionSettings(dialect, false, serverVersion, mariadb, backslashEscapes, ansiQuotes);
    }

    /**
     * The number MySQL and MariaDB compare executable comments against: major * 10000 + minor * 100 + patch.
     *
     * @param version a version string starting with {@code major.minor.patch}
     * @return the number, or 0 when the string does not start with a version
     */
    static int versionNumber(String version) {
        String[] parts = version.split("[^0-9]+", 4);
        try {
            return Integer.parseInt(parts[0]) * 10000 + Integer.parseInt(parts[1]) * 100 + Integer.parseInt(parts[2]);
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
