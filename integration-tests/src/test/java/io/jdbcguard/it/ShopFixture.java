package io.jdbcguard.it;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code shop} schema of the incident: {@code users} and {@code orders} with a few rows. Everything here goes
 * through a raw vendor connection, never through the guard, so it can set the stage and prove what survived.
 */
public final class ShopFixture {
    /** Rows of {@code users} after {@link #reset}. */
    public static final int USERS = 5;
    /** Rows of {@code orders} after {@link #reset}. */
    public static final int ORDERS = 4;

    /** The statements creating the two tables, in SQL both dialects accept. */
    public static final List<String> CREATE_TABLES = List.of(
            "CREATE TABLE users (id int primary key, name varchar(100), drop_date date)",
            "CREATE TABLE orders (id int primary key, user_id int, total numeric(10,2))");

    /** The statements inserting the rows. */
    public static final List<String> INSERT_ROWS = List.of(
            "INSERT INTO users (id, name, drop_date) VALUES (1, 'alice', DATE '2024-01-15'), (2, 'bob', NULL),"
                    + " (3, 'carol', DATE '2024-02-01'), (4, 'dave', NULL), (5, 'erin', DATE '2024-03-31')",
            "INSERT INTO orders (id, user_id, total) VALUES (1, 1, 10.00), (2, 1, 20.50), (3, 2, 5.25), (4, 5, 99.99)");

    private ShopFixture() {
    }

    /** Drops everything in {@code shop} and creates the two tables with their rows again. */
    public static void reset(Database database, Target target) throws SQLException {
        try (Connection connection = TestDatabases.raw(database, target);
                Statement statement = connection.createStatement()) {
            if (database == Database.POSTGRESQL) {
                statement.execute("DROP SCHEMA IF EXISTS public CASCADE");
                statement.execute("CREATE SCHEMA public");
            } else {
                statement.execute("DROP DATABASE IF EXISTS shop");
                statement.execute("CREATE DATABASE shop");
                statement.execute("USE shop");
            }
            for (String sql : CREATE_TABLES) {
                statement.execute(sql);
            }
            for (String sql : INSERT_ROWS) {
                statement.execute(sql);
            }
        }
    }

    /** Reads the whole content of {@code shop} through a raw connection. */
    public static ShopState snapshot(Database database, Target target) throws SQLException {
        try (Connection connection = TestDatabases.raw(database, target)) {
            List<String> tables = tables(connection, database);
            return new ShopState(tables,
                    tables.contains("users") ? columns(connection, database, "users") : List.of(),
                    tables.contains("users") ? rows(connection, "SELECT * FROM users ORDER BY id") : List.of(),
                    tables.contains("orders") ? rows(connection, "SELECT * FROM orders ORDER BY id") : List.of());
        }
    }

    /** @return the number of rows of a table, read through a raw connection */
    public static long rowCount(Database database, Target target, String table) throws SQLException {
        try (Connection connection = TestDatabases.raw(database, target);
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery("SELECT count(*) FROM " + table)) {
            resultSet.next();
            return resultSet.getLong(1);
        }
    }

    /** @return the rows of a query, each as the string values of its columns, read through a raw connection */
    public static List<List<String>> query(Database database, Target target, String sql) throws SQLException {
        try (Connection connection = TestDatabases.raw(database, target)) {
            return rows(connection, sql);
        }
    }

    private static List<String> tables(Connection connection, Database database) throws SQLException {
        String schema = database == Database.POSTGRESQL ? "public" : "shop";
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = '" + schema + "'")) {
            while (resultSet.next()) {
                tables.add(resultSet.getString(1).toLowerCase(java.util.Locale.ROOT));
            }
        }
        tables.sort(null);
        return tables;
    }

    private static List<String> columns(Connection connection, Database database, String table) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        String catalog = database == Database.POSTGRESQL ? null : "shop";
        String schema = database == Database.POSTGRESQL ? "public" : null;
        List<String> columns = new ArrayList<>();
        try (ResultSet resultSet = metaData.getColumns(catalog, schema, table, "%")) {
            while (resultSet.next()) {
                columns.add(resultSet.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
            }
        }
        return columns;
    }

    private static List<List<String>> rows(Connection connection, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(sql)) {
            ResultSetMetaData metaData = resultSet.getMetaData();
            while (resultSet.next()) {
                List<String> row = new ArrayList<>();
                for (int column = 1; column <= metaData.getColumnCount(); column++) {
                    row.add(resultSet.getString(column));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
