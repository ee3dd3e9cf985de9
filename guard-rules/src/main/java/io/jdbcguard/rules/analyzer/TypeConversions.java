package io.jdbcguard.rules.analyzer;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.TypeChange;
import io.jdbcguard.rules.analyzer.ColumnType.Family;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;

/**
 * Whether changing a column from its current type to a new one keeps every value, judged from the two types alone
 * (no data): the conversions each server applies when {@code ALTER TABLE} changes a column's type.
 *
 * <p>PostgreSQL (<a href="https://www.postgresql.org/docs/15/sql-altertable.html">ALTER TABLE</a>: without
 * {@code USING} "the default conversion is the same as an assignment cast from old data type to new"; <a
 * href="https://www.postgresql.org/docs/15/typeconv-query.html">Type Conversion, Value Storage</a>; <a
 * href="https://www.postgresql.org/docs/15/sql-createcast.html">CREATE CAST</a>, assignment and explicit casts;
 * <a href="https://www.postgresql.org/docs/15/datatype-character.html">Character Types</a>: "an attempt to store a
 * longer string ... will result in an error ... If one explicitly casts a value to character varying(n) ..., then an
 * over-length value will be truncated"; <a href="https://www.postgresql.org/docs/15/datatype-numeric.html">Numeric
 * Types</a>: values are rounded to the declared scale, an integer part that does not fit is an error): an assignment
 * to a narrower integer, decimal precision or string length fails on a value that does not fit, so it keeps every
 * value or changes nothing; fewer decimal places, {@code numeric} to {@code integer}, floating point to fewer bits,
 * {@code timestamp} to {@code date} and fewer fractional-second digits round or cut silently; an explicit cast
 * ({@code USING c::varchar(2)}) truncates strings. A pair of types with no assignment cast between them (text to
 * integer, integer to boolean) makes the server refuse the change without {@code USING}.
 *
 * <p>MySQL/MariaDB (<a href="https://mariadb.com/kb/en/alter-table/">ALTER TABLE</a>, <a
 * href="https://mariadb.com/kb/en/sql-mode/">SQL_MODE</a>: strict mode turns "invalid or missing values" into errors;
 * <a href="https://mariadb.com/kb/en/type-conversions/">Type Conversions</a>; MySQL <a
 * href="https://dev.mysql.com/doc/refman/8.4/en/out-of-range-and-overflow.html">Out-of-Range and Overflow
 * Handling</a>):
 * with strict mode, integers and decimals out of the new range and strings too long fail the statement; without it
 * they are clipped and cut with a warning. Rounding to fewer decimal places, {@code DECIMAL} to an integer type,
 * {@code DATETIME} to {@code DATE} and fewer fractional-second digits round with a note, which strict mode lets
 * through. {@code UNSIGNED} is part of the range.
 *
 * <p>What keeps every value: the same type (however spelled), wider integers, decimals with at least as many digits
 * on each side of the point, integers into floating point types that hold them exactly, longer or unbounded text
 * (MySQL {@code TEXT} types by their byte size: every {@code VARCHAR} fits a {@code TEXT}, the row size limit bounds
 * it), numbers, dates and times into text long enough for their text form, {@code date} to {@code timestamp}, more
 * fractional-second digits. Anything else (types of other families, arrays, enums, text to a blank-padded
 * {@code char}, time zone changes) is {@link Outcome#UNKNOWN}. Not modelled: a MySQL {@code MODIFY} that changes the
 * character set to the table's default, and PostgreSQL cutting trailing spaces of an over-length string.
 */
public final class TypeConversions {
    /** What a type change does to the values of a column that holds rows. */
    public enum Outcome {
        /** Every value converts to an equal value. */
        KEEPS,
        /** Every value that fits converts to an equal value; the server refuses the change when one does not. */
        REFUSES_MISFITS,
        /** Not known to keep every value. */
        UNKNOWN,
        /** Some values may be rounded, cut or replaced without an error. */
        LOSES;

        /** @return whether no value can be lost: {@link #KEEPS} or {@link #REFUSES_MISFITS} */
        public boolean keepsEveryValue() {
            return this == KEEPS || this == REFUSES_MISFITS;
        }

        private Outcome worse(Outcome other) {
            return other.ordinal() > ordinal() ? other : this;
        }
    }

    /**
     * PostgreSQL: the pairs of type families between which an assignment cast exists (<a
     * href="https://www.postgresql.org/docs/15/catalog-pg-cast.html">pg_cast</a> {@code castcontext} {@code a} or
     * {@code i}, and the automatic I/O conversion to string types, "treated as assignment casts").
     */
    private static final Set<String> POSTGRES_ASSIGNMENT_CASTS = Set.of("INTEGER>DECIMAL", "INTEGER>FLOAT",
            "DECIMAL>INTEGER", "DECIMAL>FLOAT", "FLOAT>INTEGER", "FLOAT>DECIMAL", "DATE>TIMESTAMP", "DATE>INSTANT",
            "TIMESTAMP>DATE", "TIMESTAMP>TIME", "TIMESTAMP>INSTANT", "INSTANT>DATE", "INSTANT>TIME",
            "INSTANT>TIMESTAMP", "INSTANT>TIME_WITH_ZONE", "TIME>TIME_WITH_ZONE", "TIME_WITH_ZONE>TIME");
    private static final Set<Family> TEXT = Set.of(Family.CHARACTER, Family.FIXED_CHARACTER);
    private static final Set<Family> EXACT_NUMBERS = Set.of(Family.INTEGER, Family.DECIMAL);
    private static final Set<Family> DATE_TIMES = Set.of(Family.TIMESTAMP, Family.INSTANT, Family.TIME,
            Family.TIME_WITH_ZONE);

    private TypeConversions() {
    }

    /**
     * A judgement of one type change.
     *
     * @param outcome what the change does to the values
     * @param reason for an outcome that does not keep every value, why, as a sentence fragment for a message (e.g.
     *     "rounds or cuts the values that do not fit the new type"); null otherwise
     */
    public record Judgement(Outcome outcome, String reason) {
    }

    /**
     * Judges a column type change against the column's current type.
     *
     * @param dialect the server's dialect
     * @param oldType the column's type as the catalog spells it (PostgreSQL {@code format_type(atttypid,
     *     atttypmod)}, MySQL/MariaDB {@code information_schema.COLUMNS.COLUMN_TYPE})
     * @param change the change, with the new type as written and how the values are converted
     * @param strict MySQL/MariaDB: whether the session's {@code sql_mode} makes the change fail on a value that does
     *     not fit ({@code STRICT_ALL_TABLES}, or {@code STRICT_TRANS_TABLES} on a transactional table); ignored for
     *     PostgreSQL
     * @return the outcome and, when values may be lost, why
     * @throws NullPointerException if an argument is null
     */
    public static Judgement judge(Dialect dialect, String oldType, TypeChange change, boolean strict) {
        ColumnType from = ColumnType.of(dialect, oldType);
        ColumnType to = ColumnType.of(dialect, change.newType());
        Outcome outcome = switch (change.cast()) {
            case ASSIGNMENT -> convert(dialect, from, to, false, strict);
            case EXPLICIT -> {
                ColumnType cast = ColumnType.of(dialect, change.castType());
                yield convert(dialect, from, cast, true, strict).worse(convert(dialect, cast, to, false, strict));
            }
            case EXPRESSION -> Outcome.UNKNOWN;
        };
        String reason = switch (outcome) {
            case KEEPS, REFUSES_MISFITS -> null;
            case LOSES -> "rounds or cuts the values that do not fit the new type, without an error";
            case UNKNOWN -> change.cast() == TypeChange.Cast.EXPRESSION ? "replaces every value by what USING "
                    + change.using() + " computes, which jdbc-guard cannot prove keeps each value"
                    : "is a conversion jdbc-guard does not know to keep every value";
        };
        return new Judgement(outcome, reason);
    }

    /**
     * @param explicit whether by an explicit cast (PostgreSQL {@code USING c::t}); else as an assignment
     * @return what converting every value of {@code from} to {@code to} does
     */
    static Outcome convert(Dialect dialect, ColumnType from, ColumnType to, boolean explicit, boolean strict) {
        if (from.sameValues(to)) {
            return Outcome.KEEPS;
        }
        Family source = from.family();
        Family target = to.family();
        if (source == Family.OTHER || target == Family.OTHER) {
            return Outcome.UNKNOWN;
        }
        boolean postgres = dialect == Dialect.POSTGRESQL;
        Outcome outOfRange = postgres || strict ? Outcome.REFUSES_MISFITS : Outcome.LOSES;
        Outcome tooLong = postgres ? (explicit ? Outcome.LOSES : Outcome.REFUSES_MISFITS) : outOfRange;
        if (EXACT_NUMBERS.contains(source) && EXACT_NUMBERS.contains(target)) {
            return exactNumber(from, to, outOfRange);
        }
        if (source == Family.FLOAT && target == Family.FLOAT) {
            return to.bytes() >= from.bytes() ? Outcome.KEEPS : Outcome.LOSES;
        }
        if (source == Family.INTEGER && target == Family.FLOAT) {
            return from.bytes() <= (to.bytes() == 4 ? 3 : 4) ? Outcome.KEEPS : Outcome.LOSES;
        }
        if ((source == Family.FLOAT || source == Family.DECIMAL) && EXACT_NUMBERS.contains(target)
                || source == Family.DECIMAL && target == Family.FLOAT) {
            return Outcome.LOSES;
        }
        if (TEXT.contains(target)) {
            Outcome text = toText(from, to, tooLong);
            if (text != Outcome.UNKNOWN) {
                return text;
            }
        } else if (source == Family.BINARY && target == Family.BINARY) {
            return to.bytes() >= from.bytes() ? Outcome.KEEPS : tooLong;
        } else if (source == Family.DATE && target == Family.TIMESTAMP) {
            return Outcome.KEEPS;
        } else if (source == target && DATE_TIMES.contains(source)) {
            return to.precision() >= from.precision() ? Outcome.KEEPS : Outcome.LOSES;
        } else if ((source == Family.TIMESTAMP || source == Family.INSTANT)
                && (target == Family.DATE || target == Family.TIME)) {
            return Outcome.LOSES;
        }
        if (postgres && !explicit && !TEXT.contains(target)
                && !POSTGRES_ASSIGNMENT_CASTS.contains(source + ">" + target)) {
            return Outcome.REFUSES_MISFITS;
        }
        return Outcome.UNKNOWN;
    }

    /** Integer and decimal types into each other: rounding loses, a range that does not cover the old one misfits. */
    private static Outcome exactNumber(ColumnType from, ColumnType to, Outcome outOfRange) {
        boolean fractions = from.family() == Family.DECIMAL && (from.precision() < 0 || from.scale() > 0);
        if (fractions && (to.family() == Family.INTEGER || to.precision() >= 0 && to.scale() < from.scale()
                || from.precision() < 0 && to.precision() >= 0)) {
            return Outcome.LOSES;
        }
        if (to.family() == Family.DECIMAL && to.precision() < 0) {
            return Outcome.KEEPS;
        }
        return highest(to).compareTo(highest(from)) >= 0 && lowest(to).compareTo(lowest(from)) <= 0 ? Outcome.KEEPS
                : outOfRange;
    }

    /** The largest value of a bounded integer or decimal type. */
    private static BigDecimal highest(ColumnType type) {
        if (type.family() == Family.DECIMAL) {
            return BigDecimal.ONE.movePointRight(type.precision() - type.scale())
                    .subtract(BigDecimal.ONE.movePointLeft(type.scale()));
        }
        int bits = (int) type.bytes() * Byte.SIZE - (type.unsigned() ? 0 : 1);
        return new BigDecimal(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
    }

    /** The smallest value of a bounded integer or decimal type. */
    private static BigDecimal lowest(ColumnType type) {
        if (type.unsigned()) {
            return BigDecimal.ZERO;
        }
        return type.family() == Family.DECIMAL ? highest(type).negate() : highest(type).add(BigDecimal.ONE).negate();
    }

    /** Into a character type: text by its length, numbers, dates, times and booleans by their text form. */
    private static Outcome toText(ColumnType from, ColumnType to, Outcome tooLong) {
        long capacity = to.byCharacters() ? to.characters() : to.bytes();
        if (TEXT.contains(from.family())) {
            if (from.family() == Family.CHARACTER && to.family() == Family.FIXED_CHARACTER) {
                return Outcome.UNKNOWN;
            }
            long needed = to.byCharacters() ? from.characters() : from.bytes();
            return needed <= capacity ? Outcome.KEEPS : tooLong;
        }
        long rendered = from.renderedCharacters();
        if (rendered < 0) {
            return Outcome.UNKNOWN;
        }
        return rendered <= capacity ? Outcome.KEEPS : tooLong;
    }
}
