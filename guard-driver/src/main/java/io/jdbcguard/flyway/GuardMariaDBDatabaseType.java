package io.jdbcguard.flyway;

/**
 * Lets Flyway accept {@code jdbc:guard:mariadb:} URLs: connects through {@code io.jdbcguard.GuardDriver} and
 * otherwise behaves like Flyway's {@code MariaDBDatabaseType} from {@code flyway-mysql}. Disabled (and harmless) when
 * that module is not on the class path. Registered in {@code
 * META-INF/services/org.flywaydb.core.extensibility.Plugin}.
 */
public class GuardMariaDBDatabaseType extends GuardDatabaseType {

    /** Creates the type; Flyway's plugin {@code ServiceLoader} calls this. */
    public GuardMariaDBDatabaseType() {
        super("org.flywaydb.database.mysql.mariadb.MariaDBDatabaseType", "jdbc:mariadb:");
    }
}
