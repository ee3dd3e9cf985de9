package io.jdbcguard.it;

import java.util.ArrayList;
import java.util.List;

/**
 * The three scripts of the incident, as statements in the order they ran, each marked whether the guard must block it
 * for origin {@code developer} against production.
 */
public final class Incidents {
    /**
     * One statement of a script.
     *
     * @param sql the statement
     * @param dangerous whether the default policy blocks it for developer against production
     */
    public record Step(String sql, boolean dangerous) {
    }

    private Incidents() {
    }

    /** The setup script's reset: drops everything in {@code shop} and creates the schema again, with its rows. */
    public static List<Step> setupReset(Database database) {
        List<Step> steps = new ArrayList<>();
        if (database == Database.POSTGRESQL) {
            steps.add(new Step("DROP SCHEMA public CASCADE", true));
            steps.add(new Step("CREATE SCHEMA public", false));
        } else {
            steps.add(new Step("DROP DATABASE shop", true));
            steps.add(new Step("CREATE DATABASE shop", false));
            steps.add(new Step("USE shop", false));
        }
        steps.add(new Step("DROP TABLE IF EXISTS users", true));
        steps.add(new Step("DROP TABLE IF EXISTS orders", true));
        ShopFixture.CREATE_TABLES.forEach(sql -> steps.add(new Step(sql, false)));
        ShopFixture.INSERT_ROWS.forEach(sql -> steps.add(new Step(sql, false)));
        return steps;
    }

    /** The staging migration that was pointed at production: archives users, then drops a column and wipes data. */
    public static List<Step> stagingMigration() {
        return List.of(
                new Step("CREATE TABLE user_archive (id int primary key, name varchar(100), drop_date date)", false),
                new Step("INSERT INTO user_archive (id, name, drop_date) SELECT id, name, drop_date FROM users", false),
                new Step("ALTER TABLE users DROP COLUMN drop_date", true),
                new Step("UPDATE users SET name = 'x'", true),
                new Step("DELETE FROM orders", true));
    }

    /** The helper that "cleaned up" orders. */
    public static List<Step> helperCleanup() {
        return List.of(new Step("TRUNCATE orders", true));
    }

    /** All three scripts, one after the other. */
    public static List<Step> all(Database database) {
        List<Step> steps = new ArrayList<>(setupReset(database));
        steps.addAll(stagingMigration());
        steps.addAll(helperCleanup());
        return steps;
    }
}
