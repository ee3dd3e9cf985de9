package io.jdbcguard.targets;

import io.jdbcguard.rules.Dialect;
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
 * What the server itself says about its identity, read once per physical connection before it is handed out.
 *
 * <ul>
 *   <li>The <b>marker</b>, set by a DBA and not spoofable by the client. PostgreSQL: {@code ALTER DATABASE shop SET
 *       jdbcguard.environment = 'production'}, read from {@code pg_db_role_setting} for the current database (not
 *       with {@code current_setting()}, which a client overrides with {@code ?options=-c ...}); every role can read
 *       that catalog. MySQL/MariaDB: the row of table {@code jdbcguard.environment(name)}, readable by the
 *       application users.
 *   <li>The <b>fingerprint</b>: PostgreSQL {@code system_identifier} from {@code pg_control_system()}, MySQL
 *       {@code @@server_uuid}, MariaDB (which has no server UUID) {@code server_id=<@@server_id>}.
 *   <li>For MySQL/MariaDB, whether the session's {@code sql_mode} lets backslash escape in strings (it does unless
 *       {@code NO_BACKSLASH_ESCAPES} is set), which decides how statements are lexed.
 * </ul>
 *
 * @param marker the marker's environment name, or null when the server has none or it cannot be read
 * @param fingerprint the server identity, or null when it cannot be read
 * @param backslashEscapes whether backslash escapes in string literals (always true for PostgreSQL, where it only
 *     matters inside {@code E'...'} strings)
 * @param notes what could not be read and why, for messages and {@code doctor}
 */
public record ServerFacts(String marker, String fingerprint, boolean backslashEscapes, List<String> notes) {
    private static final System.Logger LOG = System.getLogger(ServerFacts.class.getName());
    private static final Map<String, Boolean> LOGGED = new ConcurrentHashMap<>();

    /** The PostgreSQL setting a DBA sets on the database as a marker. */
    public static final String PG_MARKER_SETTING = "jdbcguard.environment";

    /** Copies the notes. */
    public ServerFacts {
        notes = List.copyOf(notes);
    }

    /**
     * Asks the server. Failures never throw: each becomes a note (and a log line, once per distinct failure), and
     * the connection is tagged from its URL alone.
     *
     * @param raw the vendor connection, in auto-commit mode as just opened
     * @param dialect the server's dialect
     * @return what the server said
     */
    public static ServerFacts read(Connection raw, Dialect dialect) {
        List<String> notes = new ArrayList<>();
        if (dialect == Dialect.POSTGRESQL) {
            String marker = null;
            for (String setting : column(raw, "SELECT unnest(s.setconfig) FROM pg_catalog.pg_db_role_setting s"
                    + " JOIN pg_catalog.pg_database d ON d.oid = s.setdatabase"
                    + " WHERE d.datname = current_database() AND s.setrole = 0", "marker", notes)) {
                if (setting.startsWith(PG_MARKER_SETTING + "=")) {
                    marker = setting.substring(PG_MARKER_SETTING.length() + 1).trim();
                }
            }
            List<String> id = column(raw, "SELECT system_identifier::text FROM pg_catalog.pg_control_system()",
                    "fingerprint", notes);
            return new ServerFacts(marker, id.isEmpty() ? null : id.get(0), true, notes);
        }
        List<String> markers = column(raw, "SELECT name FROM jdbcguard.environment", "marker", notes);
        List<String> uuid = column(raw, "SELECT @@server_uuid", null, notes);
        List<String> fingerprint = uuid.isEmpty() ? column(raw, "SELECT CONCAT('server_id=', @@server_id)",
                "fingerprint", notes) : uuid;
        List<String> mode = column(raw, "SELECT @@SESSION.sql_mode", "sql_mode", notes);
        boolean backslash = mode.isEmpty() || !mode.get(0).toUpperCase(Locale.ROOT).contains("NO_BACKSLASH_ESCAPES");
        return new ServerFacts(markers.isEmpty() ? null : markers.get(0).trim(),
                fingerprint.isEmpty() ? null : fingerprint.get(0), backslash, notes);
    }

    private static List<String> column(Connection raw, String sql, String what, List<String> notes) {
        List<String> values = new ArrayList<>();
        try (Statement statement = raw.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                String value = rows.getString(1);
                if (value != null) {
                    values.add(value);
                }
            }
        } catch (SQLException e) {
            if (what != null && !isMissingTable(e)) {
                String note = "could not read the server's " + what + " (" + e.getSQLState() + ": "
                        + e.getMessage() + ")";
                notes.add(note);
                if (LOGGED.putIfAbsent(note, Boolean.TRUE) == null) {
                    LOG.log(System.Logger.Level.WARNING, "jdbc-guard: " + note
                            + "; the target is tagged from its URL alone. Grant read access (see README).");
                }
            }
        }
        return values;
    }

    private static boolean isMissingTable(SQLException e) {
        return "42S02".equals(e.getSQLState()) || e.getErrorCode() == 1146 || e.getErrorCode() == 1049;
    }
}
