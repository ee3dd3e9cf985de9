package io.jdbcguard.rules;

import java.util.Objects;
import java.util.Set;

/**
 * One table a data-modifying statement changes, as far as the driver needs it to judge the statement by its effect
 * (the row-limit check) and to recognise the session's own objects.
 *
 * @param kind what the statement does to the table: {@code UPDATE}, {@code DELETE}, {@code MERGE}, {@code UPSERT}
 *     (INSERT ... ON CONFLICT DO UPDATE, ON DUPLICATE KEY UPDATE, REPLACE), or {@code INSERT}
 * @param table the table as written, without quotes, schema-qualified when written so; unquoted names lower-cased
 *     as the server folds them (PostgreSQL), as written otherwise (MySQL)
 * @param keyColumns the table's columns that a top-level AND-conjunct of the WHERE compares with {@code =} to a
 *     literal or a parameter (names folded like {@code table}); a key among them proves the statement touches at
 *     most one row. Empty when there is no such conjunct, or for kinds other than UPDATE and DELETE
 * @param setColumns for UPDATE and upserts, the columns assigned; empty otherwise
 * @param alone whether this is the only table the statement changes and no join, USING, FROM or subquery can
 *     multiply the rows it touches
 */
public record Modification(String kind, String table, Set<String> keyColumns, Set<String> setColumns,
        boolean alone) {
    /** Copies the sets. */
    public Modification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(table, "table");
        keyColumns = Set.copyOf(keyColumns);
        setColumns = Set.copyOf(setColumns);
    }
}
