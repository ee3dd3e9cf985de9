package io.jdbcguard.rules;

/**
 * The SQL dialect a statement is written in, which decides how it is lexed (strings, comments, identifiers)
 * and parsed.
 *
 * <p>The dialect comes from the JDBC URL's subprotocol: {@code postgresql} gives {@link #POSTGRESQL};
 * {@code mysql} and {@code mariadb} give {@link #MYSQL}.
 */
public enum Dialect {
    /** PostgreSQL: standard-conforming strings, {@code E'...'} and dollar-quoted strings, nested block comments. */
    POSTGRESQL,
    /** MySQL and MariaDB: backslash escapes, {@code #} comments, backtick identifiers, executable comments. */
    MYSQL;

    /**
     * Maps a JDBC subprotocol to its dialect.
     *
     * @param subprotocol the part of a JDBC URL after {@code jdbc:} and before the next {@code :}, e.g.
     *     {@code postgresql}; case-insensitive
     * @return the dialect
     * @throws IllegalArgumentException if the subprotocol is not one jdbc-guard supports, naming the supported ones
     */
    public static Dialect fromSubprotocol(String subprotocol) {
        switch (subprotocol.toLowerCase(java.util.Locale.ROOT)) {
            case "postgresql":
                return POSTGRESQL;
            case "mysql":
            case "mariadb":
                return MYSQL;
            default:
                throw new IllegalArgumentException("Unsupported database '" + subprotocol
                        + "': jdbc-guard supports postgresql, mysql and mariadb URLs");
        }
    }
}
