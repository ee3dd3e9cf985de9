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
import java.util.Set;
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
 *   <li>The <b>instance</b>, the key of what the guard learns from the server's catalog: PostgreSQL the
 *       {@code system_identifier}, {@code pg_postmaster_start_time()} and {@code current_database()}; MariaDB/MySQL
 *       {@code @@hostname}, {@code @@port}, {@code @@datadir}, {@code @@server_id}, {@code VERSION()} and the start
 *       time ({@code UNIX_TIMESTAMP()} less {@code Uptime}; MySQL's {@code @@server_uuid} instead); so a name or address that now reaches another server
 *       (a re-pointed tunnel, a moved VIP) never reuses the old server's facts. A restart only costs a new lookup.
 *   <li>The session's <b>name resolution</b> ({@link #NAMESPACE_PG}, {@link #NAMESPACE_MYSQL}).
 * </ul>
 *
 * @param marker the marker's environment name, or null when the server has none or it cannot be read
 * @param fingerprint the server identity, or null when it cannot be read
 * @param settings the session's reading settings; {@link SessionSettings#known()} is false when they could not be read
 * @param notes what could not be read and why, for messages and {@code doctor}
 * @param instance the server instance and database, or null when it could not be read
 * @param namespace how the session resolves unqualified names, or null when it could not be read
 */
public record ServerFacts(String marker, String fingerprint, SessionSettings settings, List<String> notes,
        String instance, String namespace) {
    /**
     * How a PostgreSQL session resolves an unqualified table name: its role (for {@code "$user"}) and
     * {@code search_path} (<a href="https://www.postgresql.org/docs/15/ddl-schemas.html#DDL-SCHEMAS-PATH">The Schema
     * Search Path</a>).
     */
    public static final String NAMESPACE_PG = "current_user || ':' || current_setting('search_path')";
    /** How a MySQL/MariaDB session resolves an unqualified table name: its current database. */
    public static final String NAMESPACE_MYSQL = "IFNULL(DATABASE(), '')";
    private static final System.Logger LOG = System.getLogger(ServerFacts.class.getName());

    /** The PostgreSQL setting a DBA sets on the database as a marker. */
    public static final String PG_MARKER_SETTING = "jdbcguard.environment";

    private static final String PG_FACTS = "SELECT (SELECT substr(c, " + (PG_MARKER_SETTING.length() + 2) + ")"
            + " FROM pg_catalog.pg_db_role_setting s JOIN pg_catalog.pg_database d ON d.oid = s.setdatabase,"
            + " unnest(s.setconfig) c WHERE d.datname = current_database() AND s.setrole = 0"
            + " AND c LIKE '" + PG_MARKER_SETTING + "=%' LIMIT 1),"
            + " CASE WHEN has_function_privilege('pg_catalog.pg_control_system()', 'EXECUTE')"
            + " THEN (SELECT system_identifier::text FROM pg_catalog.pg_control_system()) END,"
            + " current_setting('standard_conforming_strings'),"
            + " concat_ws(':', (SELECT system_identifier::text FROM pg_catalog.pg_control_system()"
            + " WHERE has_function_privilege('pg_catalog.pg_control_system()', 'EXECUTE')),"
            + " pg_catalog.pg_postmaster_start_time(), current_database()), " + NAMESPACE_PG;
    private static final String PG_SETTINGS = "SELECT current_setting('standard_conforming_strings')";
    private static final String MYSQL_SETTINGS = "SELECT VERSION(), @@SESSION.sql_mode";
    private static final String MYSQL_MARKER = "SELECT name FROM jdbcguard.environment";

    /** Copies the notes. */
    public ServerFacts {
        notes = List.copyOf(notes);
    }

    /**
     * Facts without an instance or name resolution (they could not be read).
     *
     * @param marker the marker's environment name, or null
     * @param fingerprint the server identity, or null
     * @param settings the session's reading settings
     * @param notes what could not be read and why
     */
    public ServerFacts(String marker, String fingerprint, SessionSettings settings, List<String> notes) {
        this(marker, fingerprint, settings, notes, null, null);
    }

    /**
     * Asks the server. Failures never throw: each becomes a note (logged once per {@code warnings}, target and kind of
     * failure), the connection is tagged from its URL alone, and the session's settings are marked unknown.
     *
     * @param raw the vendor connection, in auto-commit mode as just opened
     * @param dialect the server's dialect
     * @param where the target's hosts, for log lines
     * @param warnings the failures logged already
     * @return what the server said
     */
    public static ServerFacts read(Connection raw, Dialect dialect, String where, Warnings warnings) {
        List<String> notes = new ArrayList<>();
        try (Statement statement = raw.createStatement()) {
            if (dialect == Dialect.POSTGRESQL) {
                try (ResultSet row = statement.executeQuery(PG_FACTS)) {
                    row.next();
                    return new ServerFacts(trim(row.getString(1)), row.getString(2),
                            SessionSettings.postgresql("on".equalsIgnoreCase(row.getString(3))), notes,
                            row.getString(4), row.getString(5));
                }
            }
            boolean mariadb = raw.getMetaData().getDatabaseProductVersion().toLowerCase(Locale.ROOT)
                    .contains("mariadb");
            String facts = MYSQL_SETTINGS + ", " + (mariadb ? "CONCAT('server_id=', @@server_id)" : "@@server_uuid")
                    + ", (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'jdbcguard'"
                    + " AND table_name = 'environment'), CONCAT_WS(':', @@hostname, @@port, @@datadir, @@server_id,"
                    + " VERSION(), " + (mariadb ? "(SELECT UNIX_TIMESTAMP() - VARIABLE_VALUE"
                    + " FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'UPTIME')" : "@@server_uuid")
                    + "), " + NAMESPACE_MYSQL;
            String version;
            String sqlMode;
            String fingerprint;
            boolean markerTable;
            String instance;
            String namespace;
            try (ResultSet row = statement.executeQuery(facts)) {
                row.next();
                version = row.getString(1);
                sqlMode = row.getString(2);
                fingerprint = row.getString(3);
                markerTable = row.getInt(4) > 0;
                instance = row.getString(5);
                namespace = row.getString(6);
            }
            return new ServerFacts(markerTable ? mysqlMarker(statement, where, notes, warnings) : null, fingerprint,
                    SessionSettings.mysql(version, sqlMode), notes, instance, namespace);
        } catch (SQLException e) {
            notes.add(warnings.note("the server's marker, fingerprint and session settings", where, e));
            return new ServerFacts(null, null, SessionSettings.defaults(dialect).unknown(), notes);
        }
    }

    private static String mysqlMarker(Statement statement, String where, List<String> notes, Warnings warnings) {
        try (ResultSet rows = statement.executeQuery(MYSQL_MARKER)) {
            return rows.next() ? trim(rows.getString(1)) : null;
        } catch (SQLException e) {
            notes.add(warnings.note("the server's marker", where, e));
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

    /**
     * The failures to read server facts logged so far, so that each target and kind of failure is logged once per
     * instance (the driver's is in {@code DriverState}) however many connections meet it. Safe for concurrent use.
     */
    public static final class Warnings {
        private final Set<String> logged = ConcurrentHashMap.newKeySet();

        /**
         * @return the note for {@code what} and {@code e}, logged at WARNING the first time it is seen on {@code where}
         */
        private String note(String what, String where, SQLException e) {
            String note = "could not read " + what + " (" + e.getSQLState() + ")";
            if (logged.add(where + " " + note)) {
                LOG.log(System.Logger.Level.WARNING, "jdbc-guard " + note + " on " + where + ": " + e.getMessage()
                        + "; the target is tagged from its URL alone. Grant read access (see docs/policy.md).");
            }
            return note;
        }
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}
