package io.jdbcguard.rules;

import java.util.Objects;

/**
 * One column type change an {@code ALTER TABLE} makes, as the driver needs it to judge the change against the
 * column's live type ({@link io.jdbcguard.rules.analyzer.TypeConversions}): PostgreSQL {@code ALTER [COLUMN] c [SET
 * DATA] TYPE t [COLLATE x]
 * [USING expression]} (<a href="https://www.postgresql.org/docs/15/sql-altertable.html">ALTER TABLE</a>), MySQL/MariaDB
 * {@code MODIFY [COLUMN] c t ...} and {@code CHANGE [COLUMN] c new_name t ...} (<a
 * href="https://mariadb.com/kb/en/alter-table/">ALTER TABLE</a>). Names are folded as
 * {@link Modification#table()}'s.
 *
 * @param schema the schema (MySQL: database) the table was qualified with, or null
 * @param name the table's own name
 * @param column the column whose type changes (for {@code CHANGE}, its current name)
 * @param newType the new type as written, e.g. {@code varchar(2)} or {@code INT UNSIGNED}
 * @param cast how the server converts the values
 * @param castType for {@link Cast#EXPLICIT}: the type the {@code USING} expression casts the column to; else null
 * @param using the {@code USING} expression as written, or null
 */
public record TypeChange(String schema, String name, String column, String newType, Cast cast, String castType,
        String using) {
    /** How the server converts a column's values to the new type. */
    public enum Cast {
        /**
         * As an assignment: no {@code USING} (PostgreSQL: "the default conversion is the same as an assignment cast
         * from old data type to new"), {@code USING c} naming only the column, and every MySQL/MariaDB change.
         */
        ASSIGNMENT,
        /** {@code USING c::t} or {@code USING CAST(c AS t)}: an explicit cast, then an assignment to the new type. */
        EXPLICIT,
        /** {@code USING} any other expression: the values are computed, not converted. */
        EXPRESSION
    }

    /**
     * Requires the names and the new type.
     *
     * @throws NullPointerException if {@code name}, {@code column}, {@code newType} or {@code cast} is null
     */
    public TypeChange {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(newType, "newType");
        Objects.requireNonNull(cast, "cast");
    }

    /** @return the table, schema-qualified when written so, as {@link Modification#table()} names it */
    public String table() {
        return schema == null ? name : schema + "." + name;
    }
}
