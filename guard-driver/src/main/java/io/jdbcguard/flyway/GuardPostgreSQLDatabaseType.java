package io.jdbcguard.flyway;

/**
 * Lets Flyway accept {@code jdbc:guard:postgresql:} URLs: connects through {@code io.jdbcguard.GuardDriver} and
 * otherwise behaves like Flyway's {@code PostgreSQLDatabaseType} from {@code flyway-database-postgresql}. Disabled
 * (and harmless) when that module is not on the class path. Registered in {@code
 * META-INF/services/org.flywaydb.core.extensibility.Plugin}.
 */
public class GuardPostgreSQLDatabaseType extends GuardDatabaseType {

    /** Creates the type; Flyway's plugin {@code ServiceLoader} calls this. */
    public GuardPostgreSQLDatabaseType() {
        super("org.flywaydb.database.postgresql.PostgreSQLDatabaseType", "jdbc:postgresql:");
    }
}
