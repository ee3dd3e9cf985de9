package io.jdbcguard.rules;

import io.jdbcguard.rules.lexing.Token;
import java.util.Objects;

/**
 * What one statement of a text does to the session's named prepared statements, in statement order, so a caller that
 * sees every text of a session knows what {@code EXECUTE name} runs (PostgreSQL <a
 * href="https://www.postgresql.org/docs/15/sql-prepare.html">PREPARE</a>, <a
 * href="https://www.postgresql.org/docs/15/sql-deallocate.html">DEALLOCATE</a>, <a
 * href="https://www.postgresql.org/docs/15/sql-discard.html">DISCARD ALL</a>; MySQL/MariaDB <a
 * href="https://mariadb.com/kb/en/prepare-statement/">PREPARE</a>, <a
 * href="https://mariadb.com/kb/en/deallocate-drop-prepare/">DEALLOCATE / DROP PREPARE</a>).
 *
 * @param use what the statement does with the name
 * @param name the statement's name as the server compares it (PostgreSQL folds an unquoted name to lower case and
 *     keeps a quoted one; MySQL compares names case-insensitively, so they are folded to lower case); empty for
 *     {@link Use#FORGET_ALL}
 * @param readOnly for {@link Use#PREPARE}: whether the prepared statement only reads ({@link Analysis#readOnly()});
 *     for {@link Use#EXECUTE}: whether the name was prepared earlier in the same text as a read that calls no function
 *     that may write
 * @param mayHideWrites for {@link Use#PREPARE}: whether the prepared statement calls a function that may write
 *     ({@link Analysis#mayHideWrites()}); for {@link Use#EXECUTE}: whether its arguments call one
 */
public record PreparedName(Use use, String name, boolean readOnly, boolean mayHideWrites) {
    /** What a statement does with a prepared statement's name. */
    public enum Use {
        /** {@code PREPARE name ...}: the name now holds the statement (MySQL replaces an existing one). */
        PREPARE,
        /** {@code EXECUTE name}: runs what the name holds. */
        EXECUTE,
        /** {@code DEALLOCATE [PREPARE] name}, MySQL {@code DROP PREPARE name}: the name holds nothing. */
        FORGET,
        /**
         * {@code DEALLOCATE ALL}, {@code DISCARD ALL}, or code the guard does not see that may prepare statements
         * ({@code CALL}, PostgreSQL {@code DO}): no name is known any more.
         */
        FORGET_ALL
    }

    /**
     * @throws NullPointerException if {@code use} or {@code name} is null
     */
    public PreparedName {
        Objects.requireNonNull(use, "use");
        Objects.requireNonNull(name, "name");
    }
}
