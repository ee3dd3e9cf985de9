package io.jdbcguard.targets;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the server itself says, read once per physical connection before it is handed out, in one round trip (two on
 * a MySQL/MariaDB server that has a marker table), with queries that raise no server error on a server without a
 * marker: a vendor driver logs failing queries, and "no marker" is the normal case.
 *
 * <ul>
 *   <li>The <b>marker</b>, set by a DBA and not spoofable by the client. PostgreSQL: {@code ALTER DATABASE shop SET
 *       jdbcguard.environment = 'production'}, read from {@code pg_db_role_setting} for the current database (not
 *       with {@code current_setting()}, which a client overrides with {@code ?options=-c ...}); every role can read
 *       that catalog. MySQL/MariaDB: the row of table {@code jdbcguard.environment(name)}, read only when
 *       {@code information_schema.tables} shows the table to the user (MariaDB answers "SELECT command denied",
 *       not "doesn't exist", for a schema the user cannot see).
 *   <li>The <b>fingerprint</b>: PostgreSQL {@code system_identifier} from {@code pg_control_system()} (when the role
 *       may execute it), MySQL {@code @@server_uuid}, MariaDB (which has no server UUID) {@code server_id=<@@server_id>}.
 *   <li>The session's reading settings ({@link SessionSettings}): PostgreSQL {@code standard_conforming_strings},
 *       MySQL/MariaDB {@code VERSION()} and {@code @@SESSION.sql_mode}, as the session has them after the vendor
 *       driver's own connect-time settings (URL {@code options=-c ...}, {@code sessionVariables}).
 * </ul>
 *
 * @param marker the marker's environment name, or null when the server has none or it cannot be read
 * @param fingerprint the server identity, or null when it cannot be read
 * @param settings the session's reading settings; {@link SessionSettings#known()} is false when they could not be read
 * @param notes what could not be read and why, for messages and {@code doctor}
 */
public record ServerFacts(String marker, String fingerprint, SessionSettings settings, List<String> notes) {
    private static final System.Logger LOG = System.getLogger(ServerFacts.class.getName());
    private static final Map<String, Boolean> LOGGED = new ConcurrentHashMap<>();

    /** The PostgreSQL setting a DBA sets on the database as a marker. */
    public static final String PG_MARKER_SETTING = "jdbcguard.environment";

    private static final String PG_FACTS = "SELECT (SELECT substr(c, " + (PG_MARKER_SETTING.length() + 2) + ")"
            + " FROM pg_catalog.pg_db_role_setting s JOIN pg_catalog.pg_database d ON d.oid = s.setdatabase,"
            + " unnest(s.setconfig) c WHERE d.datname = current_database() AND s.setrole = 0"
            + " AND c LIKE '" + PG_MARKER_SETTING + "=%' LIMIT 1),"
            + " CASE WHEN has_function_privilege('pg_catalog.pg_control_system()', 'EXECUTE')"
            + " THEN (SELECT system_identifier::text FROM pg_catalog.pg_control_system()) END,"
            + " current_setting('standard_conforming_strings')";
    private static final String PG_SETTINGS = "SELECT current_setting('standard_conforming_strings')";
    private static final String MYSQL_SETTINGS = "SELECT VERSION(), @@SESSION.sql_mode";
    private static final String MYSQL_MARKER = "SELECT name FROM jdbcguard.environment";

    /** Copies the notes. */
    public ServerFacts {
        notes = List.copyOf(notes);
    }

    /**
     * Asks the server. Failures never throw: each becomes a note (logged once per JVM, target and kind of failure),
     * the connection is tagged from its URL alone, and the session's settings are marked unknown.
     *
     * @param raw the vendor connection, in auto-commit mode as just opened
     * @param dialect the server's dialect
     * @param where the target's hosts, for log lines
     * @return what the server said
     */
    public static ServerFacts read(Connection raw, Dialect dialect, String where) {
        List<String> notes = new ArrayList<>();
        try (Statement statement = raw.createStatement()) {
            if (dialect == Dialect.POSTGRESQL) {
                try (ResultSet row = statement.executeQuery(PG_FACTS)) {
                    row.next();
                    return new ServerFacts(trim(row.getString(1)), row.getString(2),
                            SessionSettings.postgresql("on".equalsIgnoreCase(row.getString(3))), notes);
                }
            }
            boolean mariadb = raw.getMetaData().getDatabaseProductVersion().toLowerCase(Locale.ROOT)
                    .contains("mariadb");
            String facts = MYSQL_SETTINGS + ", " + (mariadb ? "CONCAT('server_id=', @@server_id)" : "@@server_uuid")
                    + ", (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'jdbcguard'"
                    + " AND table_name = 'environment')";
            String version;
            String sqlMode;
            String fingerprint;
            boolean markerTable;
            try (ResultSet row = statement.executeQuery(facts)) {
                row.next();
                version = row.getString(1);
                sqlMode = row.getString(2);
                fingerprint = row.getString(3);
                markerTable = row.getInt(4) > 0;
            }
            return new ServerFacts(markerTable ? mysqlMarker(statement, where, notes) : null, fingerprint,
                    SessionSettings.mysql(version, sqlMode), notes);
        } catch (SQLException e) {
            notes.add(note("the server's marker, fingerprint and session settings", where, e));
            return new ServerFacts(null, null, SessionSettings.defaults(dialect).unknown(), notes);
        }
    }

    private static String mysqlMarker(Statement statement, String where, List<String> notes) {
        try (ResultSet rows = statement.executeQuery(MYSQL_MARKER)) {
            return rows.next() ? trim(rows.getString(1)) : null;
        } catch (SQLException e) {
            notes.add(note("the server's marker", where, e));
            return null;
        }
    }

    /**
     * Reads the session's reading settings again, after a statement that may have changed them.
     *
     * @param raw the vendor connection
     * @param dialect the server's dialect
     * @return the session's current settings
     * @throws SQLException when the server cannot be asked (e.g. PostgreSQL in an aborted transaction)
     */
    public static SessionSettings readSettings(Connection raw, Dialect dialect) throws SQLException {
        try (Statement statement = raw.createStatement();
                ResultSet row = statement.executeQuery(dialect == Dialect.POSTGRESQL ? PG_SETTINGS : MYSQL_SETTINGS)) {
            row.next();
            return dialect == Dialect.POSTGRESQL ? SessionSettings.postgresql("on".equalsIgnoreCase(row.getString(1)))
                    : SessionSettings.mysql(row.getString(1), row.getString(2));
        }
    }

    private static String note(String what, String where, SQLException e) {
        String note = "could not read " + what + " (" + e.getSQLState() + ")";
        if (LOGGED.putIfAbsent(where + " " + note, Boolean.TRUE) == null) {
            LOG.log(System.Logger.Level.WARNING, "jdbc-guard " + note + " on " + where + ": " + e.getMessage()
                    + "; the target is tagged from its URL alone. Grant read access (see README).");
        }
        return note;
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}
