package io.jdbcguard.flyway;

/**
 * Lets Flyway accept {@code jdbc:guard:mysql:} URLs: connects through {@code io.jdbcguard.GuardDriver} and otherwise
 * behaves like Flyway's {@code MySQLDatabaseType} from {@code flyway-mysql}. Disabled (and harmless) when that module
 * is not on the class path. Registered in {@code META-INF/services/org.flywaydb.core.extensibility.Plugin}.
 */
public class GuardMySQLDatabaseType extends GuardDatabaseType {

    /** Creates the type; Flyway's plugin {@code ServiceLoader} calls this. */
    public GuardMySQLDatabaseType() {
        super("org.flywaydb.database.mysql.MySQLDatabaseType", "jdbc:mysql:");
    }
}
