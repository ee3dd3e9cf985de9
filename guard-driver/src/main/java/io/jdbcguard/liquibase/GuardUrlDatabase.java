package io.jdbcguard.liquibase;

import liquibase.database.DatabaseConnection;
import liquibase.database.core.UnsupportedDatabase;

/**
 * Tells Liquibase which driver opens a {@code jdbc:guard:} URL, so {@code url: jdbc:guard:postgresql://...} works
 * without naming {@code driver: io.jdbcguard.GuardDriver}.
 *
 * <p>When no driver is configured, Liquibase's {@code DatabaseFactory.findDefaultDriver(url)} asks every registered
 * {@code liquibase.database.Database} for {@link #getDefaultDriver(String)} and takes the first answer; none of
 * Liquibase's own databases knows the guard prefix. This registration (in
 * {@code META-INF/services/liquibase.database.Database}) only answers that question: it never claims a connection
 * ({@link #isCorrectDatabaseImplementation} is {@code false}), so after connecting Liquibase picks its own
 * PostgreSQL, MySQL or MariaDB database from the connection's metadata, exactly as without the guard.
 */
public class GuardUrlDatabase extends UnsupportedDatabase {

    /** The guard's URL prefix. */
    public static final String GUARD_URL_PREFIX = "jdbc:guard:";

    /** The driver class Liquibase loads for a guard URL. */
    public static final String GUARD_DRIVER_CLASS = "io.jdbcguard.GuardDriver";

    /**
     * @param url the configured JDBC URL, may be {@code null}
     * @return {@value #GUARD_DRIVER_CLASS} for a {@code jdbc:guard:} URL, otherwise {@code null} (not ours)
     */
    @Override
    public String getDefaultDriver(String url) {
        if (url != null && url.startsWith(GUARD_URL_PREFIX)) {
            return GUARD_DRIVER_CLASS;
        }
        return null;
    }

    /** @return {@code false}: the vendor's Liquibase database handles every guarded connection */
    @Override
    public boolean isCorrectDatabaseImplementation(DatabaseConnection conn) {
        return false;
    }

    /** @return {@code jdbcguard}, distinct from every real database's short name */
    @Override
    public String getShortName() {
        return "jdbcguard";
    }

    /** @return a priority below Liquibase's {@code UnsupportedDatabase} fallback */
    @Override
    public int getPriority() {
        return super.getPriority() - 1;
    }

    @Override
    protected String getDefaultDatabaseProductName() {
        return "jdbc-guard";
    }
}
