package io.jdbcguard.rules.semantics;

import java.math.BigDecimal;

/**
 * A constant SQL value found by {@link ConstantFolder}: SQL {@code NULL}, a boolean, a number, a string, a date or
 * a timestamp without time zone.
 *
 * @param value null for SQL {@code NULL}, otherwise a {@link Boolean}, {@link BigDecimal}, {@link String},
 *     {@link java.time.LocalDate} or {@link java.time.LocalDateTime}
 */
record SqlValue(Object value) {
    /** SQL {@code NULL}. */
    static final SqlValue NULL = new SqlValue(null);
    /** Boolean true. */
    static final SqlValue TRUE = new SqlValue(Boolean.TRUE);
    /** Boolean false. */
    static final SqlValue FALSE = new SqlValue(Boolean.FALSE);

    /** The boolean value of {@code b}. */
    static SqlValue of(boolean b) {
        return b ? TRUE : FALSE;
    }

    /** Whether this is SQL {@code NULL}. */
    boolean isNull() {
        return value == null;
    }
}
