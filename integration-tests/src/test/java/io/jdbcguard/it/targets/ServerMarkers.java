package io.jdbcguard.it.targets;

import io.jdbcguard.it.Database;
import io.jdbcguard.it.Target;
import io.jdbcguard.it.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Sets the server marker a DBA would set on the production servers, exactly as docs/policy.md documents it. */
final class ServerMarkers {
    private ServerMarkers() {
    }

    /**
     * Marks the production servers of every database product.
     *
     * @throws SQLException if an admin connection fails
     */
    static void markAllProduction() throws SQLException {
        for (Database database : Database.values()) {
            markProduction(database);
        }
    }

    /**
     * Marks the {@code shop} database of the production server of {@code database} as production.
     *
     * @throws SQLException if the admin connection fails
     */
    static void markProduction(Database database) throws SQLException {
        try (Connection admin = DriverManager.getConnection(TestDatabases.rawUrl(database, Target.PRODUCTION),
                TestDatabases.ADMIN_USER, TestDatabases.ADMIN_USER);
                Statement statement = admin.createStatement()) {
            if (database == Database.POSTGRESQL) {
                statement.execute("ALTER DATABASE shop SET jdbcguard.environment = 'production'");
            } else {
                statement.execute("CREATE DATABASE IF NOT EXISTS jdbcguard");
                statement.execute("CREATE TABLE IF NOT EXISTS jdbcguard.environment (name VARCHAR(64) NOT NULL)");
                statement.execute("DELETE FROM jdbcguard.environment");
                statement.execute("INSERT INTO jdbcguard.environment (name) VALUES ('production')");
                statement.execute("GRANT SELECT ON jdbcguard.environment TO 'app'@'%'");
            }
        }
    }
}
