package io.jdbcguard.rules.analyzer;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
import io.jdbcguard.rules.lexing.SqlLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The readings of a MySQL/MariaDB text by every server it may be sent to, when the server's version or type is not
 * known: executable comments ({@code /*!NNNNN ... *}{@code /}, {@code /*M!NNNNNN ... *}{@code /}) run or are
 * skipped by version, so the same text is different statements on different servers.
 *
 * <p>For a text without versioned or MariaDB-only executable comments there is one reading. Otherwise, with an
 * unknown version ({@link SessionSettings#serverVersion()} 0), the readings are those of a MySQL and of a MariaDB
 * server of every version that makes a difference: 0 (no versioned comment runs), each version written in the text,
 * and the highest. Which comments run only changes at those versions, so these are all the readings that exist.
 * {@link StatementAnalyzer} judges every reading and reports the union of their findings: a text is allowed only
 * when no server would run something the guard blocks. A text with more than {@link #MAX_VERSIONS} distinct versions
 * is not judged by readings; it is unparseable.
 */
final class ServerReadings {
    /** The most distinct comment versions a text may hold to be judged in all its readings. */
    static final int MAX_VERSIONS = 16;

    private ServerReadings() {
    }

    /**
     * @param settings the session's settings
     * @param lexer the lexer for {@code settings}
     * @param sql the text
     * @return the lexers of every reading; empty when the text has more than {@link #MAX_VERSIONS} versions
     */
    static List<SqlLexer> of(SessionSettings settings, SqlLexer lexer, String sql) {
        if (settings.dialect() != Dialect.MYSQL || settings.serverVersion() > 0) {
            return List.of(lexer);
        }
        TreeSet<Integer> versions = versions(sql);
        if (versions == null) {
            return List.of(lexer);
        }
        if (versions.size() > MAX_VERSIONS) {
            return List.of();
        }
        versions.add(0);
        versions.add(Integer.MAX_VALUE);
        List<SqlLexer> readings = new ArrayList<>(versions.size() * 2);
        for (int version : versions) {
            readings.add(lexer.reading(false, version));
            readings.add(lexer.reading(true, version));
        }
        return readings;
    }

    /**
     * The versions written after {@code /*!} and {@code /*M!} anywhere in the text (also in strings, which a
     * {@code PREPARE} may lex), read as five and as six digits; null when the text has no executable comment whose
     * reading depends on the server.
     */
    private static TreeSet<Integer> versions(String sql) {
        TreeSet<Integer> versions = null;
        int at = sql.indexOf("/*");
        while (at >= 0) {
            int p = at + 2;
            boolean mariadbOnly = sql.startsWith("M!", p);
            if (mariadbOnly || sql.startsWith("!", p)) {
                p += mariadbOnly ? 2 : 1;
                int digits = 0;
                while (digits < 6 && p + digits < sql.length() && Character.isDigit(sql.charAt(p + digits))
                        && sql.charAt(p + digits) <= '9') {
                    digits++;
                }
                if (mariadbOnly || digits >= 5) {
                    versions = versions == null ? new TreeSet<>() : versions;
                }
                if (digits >= 5) {
                    versions.add(Integer.parseInt(sql.substring(p, p + 5)));
                }
                if (digits == 6) {
                    versions.add(Integer.parseInt(sql.substring(p, p + 6)));
                }
            }
            at = sql.indexOf("/*", at + 2);
        }
        return versions;
    }
}
