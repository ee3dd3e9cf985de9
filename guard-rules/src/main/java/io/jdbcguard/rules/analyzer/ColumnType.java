package io.jdbcguard.rules.analyzer;

import io.jdbcguard.rules.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column's data type, read from its text as a statement writes it ({@code VARCHAR(2)}, {@code int unsigned},
 * {@code double precision}) or as the catalog spells it (PostgreSQL {@code format_type}: {@code character
 * varying(100)}, {@code timestamp(3) without time zone}; MySQL/MariaDB {@code information_schema.COLUMNS.COLUMN_TYPE}:
 * {@code int(11) unsigned}, {@code decimal(10,2)}), reduced to what decides which values it holds: its family, sizes
 * and signedness. Names follow PostgreSQL's <a href="https://www.postgresql.org/docs/15/datatype.html">Data Types</a>
 * and MariaDB's <a href="https://mariadb.com/kb/en/data-types/">Data Types</a> (with their aliases: {@code int4},
 * {@code float8}, {@code bpchar}, {@code BOOLEAN} as {@code tinyint(1)}, {@code JSON} as {@code longtext}); a type
 * this class does not know, or an array, is {@link Family#OTHER} and equal only to the same text.
 *
 * @param family what kind of values it holds
 * @param bytes {@code INTEGER}, {@code FLOAT}: the storage size; {@code CHARACTER}, {@code FIXED_CHARACTER},
 *     {@code BINARY}: the most bytes a value may take ({@link Long#MAX_VALUE} when unbounded)
 * @param characters {@code CHARACTER}, {@code FIXED_CHARACTER}: the most characters a value may have; 0 otherwise
 * @param byCharacters {@code CHARACTER}, {@code FIXED_CHARACTER}: whether the limit is a number of characters
 *     ({@code varchar(n)}), not of bytes (MySQL {@code TEXT} types)
 * @param precision {@code DECIMAL}: the total digits, -1 for PostgreSQL's unbounded {@code numeric}; temporal
 *     families: the fractional-second digits
 * @param scale {@code DECIMAL}: the digits after the point
 * @param unsigned {@code INTEGER}, {@code DECIMAL}: MySQL {@code UNSIGNED}
 * @param text the type as given, lower-cased outside quotes, for messages and for {@code OTHER}
 */
record ColumnType(Family family, long bytes, long characters, boolean byCharacters, int precision, int scale,
        boolean unsigned, String text) {
    /** What kind of values a type holds. */
    enum Family {
        /** Whole numbers: {@code bytes} of storage. */
        INTEGER,
        /** Exact decimals: {@code precision} and {@code scale}. */
        DECIMAL,
        /** Binary floating point: {@code bytes} 4 or 8. */
        FLOAT,
        /** Variable-length text: {@code varchar(n)}, {@code text}. */
        CHARACTER,
        /** Blank-padded text: {@code char(n)}. */
        FIXED_CHARACTER,
        /** Bytes: {@code bytea}, {@code varbinary(n)}, {@code blob}. */
        BINARY,
        /** Dates without time. */
        DATE,
        /** Date and time without time zone: PostgreSQL {@code timestamp}, MySQL {@code DATETIME}. */
        TIMESTAMP,
        /** A point in time: PostgreSQL {@code timestamptz}, MySQL {@code TIMESTAMP} (stored in UTC). */
        INSTANT,
        /** Time of day without time zone. */
        TIME,
        /** PostgreSQL {@code timetz}. */
        TIME_WITH_ZONE,
        /** PostgreSQL {@code boolean}. */
        BOOLEAN,
        /** Any other type, or one not read. */
        OTHER
    }

    /** Words, numbers, quoted strings and the symbols of type text, lexed after lower-casing outside quotes. */
    private static final Pattern LEXEME = Pattern.compile("'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|`(?:[^`]|``)*`"
            + "|[a-z_][a-z0-9_$]*|\\d+|\\S");
    private static final long TINY = 255;
    private static final long SMALL = 65_535;
    private static final long MEDIUM = 16_777_215;
    private static final long LONG = 4_294_967_295L;
    /** MySQL/MariaDB: the most bytes a row's columns may take, so every VARCHAR's bound (<a
     * href="https://mariadb.com/kb/en/varchar/">VARCHAR</a>). */
    private static final long ROW_BYTES = 65_535;
    /** The most bytes one character takes: {@code utf8mb4}. */
    private static final int BYTES_PER_CHARACTER = 4;

    /**
     * Reads a type.
     *
     * @param dialect which server's names and defaults apply ({@code timestamp}, {@code text}, {@code numeric}
     *     without arguments, {@code float} and {@code real} differ)
     * @param text the type as written or as the catalog spells it, with any {@code pg_catalog.} prefix, quotes and
     *     MySQL {@code UNSIGNED}/{@code ZEROFILL}
     * @return the type; {@link Family#OTHER} for a type not known
     */
    static ColumnType of(Dialect dialect, String text) {
        List<String> words = new ArrayList<>();
        List<Integer> arguments = new ArrayList<>();
        String normalized = normalize(text);
        Matcher lexemes = LEXEME.matcher(normalized);
        int depth = 0;
        boolean array = false;
        boolean quotedArgument = false;
        while (lexemes.find()) {
            String lexeme = lexemes.group();
            char first = lexeme.charAt(0);
            if (first == '(') {
                depth++;
            } else if (first == ')') {
                depth--;
            } else if (first == '[') {
                array = true;
            } else if (depth > 0) {
                if (Character.isDigit(first)) {
                    arguments.add(Integer.parseInt(lexeme.length() > 9 ? "999999999" : lexeme));
                } else if (first != ',') {
                    quotedArgument = true;
                }
            } else if (first == '"' || first == '`') {
                words.add(lexeme.substring(1, lexeme.length() - 1));
            } else if (Character.isLetter(first) || first == '_') {
                words.add(lexeme);
            }
        }
        if (!words.isEmpty() && words.get(0).equals("pg_catalog")) {
            words.remove(0);
        }
        boolean unsigned = words.remove("unsigned");
        words.remove("signed");
        words.remove("zerofill");
        words.remove("national");
        boolean withZone = removeZone(words, "with");
        removeZone(words, "without");
        String name = String.join(" ", words);
        if (array || quotedArgument || words.isEmpty()) {
            return other(normalized);
        }
        return named(dialect, name, arguments, unsigned, withZone, normalized);
    }

    private static ColumnType named(Dialect dialect, String name, List<Integer> arguments, boolean unsigned,
            boolean withZone, String text) {
        boolean postgres = dialect == Dialect.POSTGRESQL;
        int first = arguments.isEmpty() ? -1 : arguments.get(0);
        int second = arguments.size() < 2 ? 0 : arguments.get(1);
        switch (name) {
            case "tinyint", "int1":
                return integer(1, unsigned, text);
            case "bool", "boolean":
                return postgres ? simple(Family.BOOLEAN, 0, text) : integer(1, false, text);
            case "smallint", "int2", "smallserial", "serial2":
                return integer(2, unsigned, text);
            case "mediumint", "middleint", "int3":
                return integer(3, unsigned, text);
            case "int", "integer", "int4", "serial", "serial4":
                return name.equals("serial") && !postgres ? integer(8, true, text) : integer(4, unsigned, text);
            case "bigint", "int8", "bigserial", "serial8":
                return integer(8, unsigned, text);
            case "numeric", "decimal", "dec", "fixed":
                if (first < 0) {
                    return postgres ? new ColumnType(Family.DECIMAL, 0, 0, false, -1, 0, false, text)
                            : new ColumnType(Family.DECIMAL, 0, 0, false, 10, 0, unsigned, text);
                }
                return new ColumnType(Family.DECIMAL, 0, 0, false, first, second, unsigned, text);
            case "real", "float4":
                return floating(postgres || name.equals("float4") ? 4 : 8, arguments, text);
            case "double", "double precision", "float8":
                return floating(8, arguments, text);
            case "float":
                return floating(first > 24 || postgres && first < 0 ? 8 : 4, arguments.size() > 1 ? arguments
                        : List.of(), text);
            case "varchar", "character varying", "char varying", "varchar2", "nvarchar", "nchar varchar",
                    "nchar varying":
                return first < 0 ? characters(Family.CHARACTER, Long.MAX_VALUE, text)
                        : characters(Family.CHARACTER, first, text);
            case "char", "character", "nchar", "bpchar":
                return characters(Family.FIXED_CHARACTER, first < 0 ? (name.equals("bpchar") ? Long.MAX_VALUE : 1)
                        : first, text);
            case "text", "citext":
                return postgres ? characters(Family.CHARACTER, Long.MAX_VALUE, text) : textBytes(SMALL, text);
            case "tinytext":
                return textBytes(TINY, text);
            case "mediumtext", "long", "long varchar":
                return textBytes(MEDIUM, text);
            case "longtext", "json":
                return postgres ? other(text) : textBytes(LONG, text);
            case "bytea":
                return binary(Long.MAX_VALUE, text);
            case "varbinary":
                return binary(Math.max(first, 0), text);
            case "tinyblob":
                return binary(TINY, text);
            case "blob":
                return binary(SMALL, text);
            case "mediumblob", "long varbinary":
                return binary(MEDIUM, text);
            case "longblob":
                return binary(LONG, text);
            case "date":
                return simple(Family.DATE, 0, text);
            case "timestamp":
                return simple(postgres && !withZone ? Family.TIMESTAMP : Family.INSTANT,
                        fraction(postgres, first), text);
            case "timestamptz":
                return simple(Family.INSTANT, fraction(postgres, first), text);
            case "datetime":
                return simple(Family.TIMESTAMP, fraction(postgres, first), text);
            case "time":
                return simple(withZone ? Family.TIME_WITH_ZONE : Family.TIME, fraction(postgres, first), text);
            case "timetz":
                return simple(Family.TIME_WITH_ZONE, fraction(postgres, first), text);
            default:
                return other(text);
        }
    }

    /**
     * @return the most characters the text form of a value of this type can have, for conversions to text; -1 when
     *     not bounded here
     */
    long renderedCharacters() {
        return switch (family) {
            case INTEGER -> switch ((int) bytes) {
                case 1 -> 4;
                case 2 -> 6;
                case 3 -> 8;
                case 4 -> 11;
                default -> 20;
            };
            case DECIMAL -> precision < 0 ? -1 : precision + 2;
            case DATE -> 13;
            case TIMESTAMP, INSTANT -> 35;
            case TIME, TIME_WITH_ZONE -> 21;
            case BOOLEAN -> 5;
            default -> -1;
        };
    }

    private static boolean removeZone(List<String> words, String with) {
        int at = words.indexOf(with);
        if (at >= 0 && at + 2 < words.size() && words.get(at + 1).equals("time")
                && words.get(at + 2).equals("zone")) {
            words.subList(at, at + 3).clear();
            return true;
        }
        return false;
    }

    /** Lower-cases outside quotes and collapses whitespace. */
    private static String normalize(String text) {
        StringBuilder out = new StringBuilder();
        char quote = 0;
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                space = out.length() > 0;
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            if (quote == 0 && (c == '\'' || c == '"' || c == '`')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            }
            out.append(quote == 0 && c != '\'' && c != '"' && c != '`' ? Character.toLowerCase(c) : c);
        }
        return out.toString();
    }

    private static int fraction(boolean postgres, int written) {
        return written >= 0 ? written : postgres ? 6 : 0;
    }

    private static ColumnType integer(int bytes, boolean unsigned, String text) {
        return new ColumnType(Family.INTEGER, bytes, 0, false, 0, 0, unsigned, text);
    }

    private static ColumnType floating(int bytes, List<Integer> arguments, String text) {
        return arguments.size() > 1 ? other(text) : new ColumnType(Family.FLOAT, bytes, 0, false, 0, 0, false, text);
    }

    private static ColumnType characters(Family family, long characters, String text) {
        long bytes = characters == Long.MAX_VALUE ? Long.MAX_VALUE
                : Math.min(characters * BYTES_PER_CHARACTER, ROW_BYTES);
        return new ColumnType(family, bytes, characters, true, 0, 0, false, text);
    }

    private static ColumnType textBytes(long bytes, String text) {
        return new ColumnType(Family.CHARACTER, bytes, bytes, false, 0, 0, false, text);
    }

    private static ColumnType binary(long bytes, String text) {
        return new ColumnType(Family.BINARY, bytes, 0, false, 0, 0, false, text);
    }

    private static ColumnType simple(Family family, int precision, String text) {
        return new ColumnType(family, 0, 0, false, precision, 0, false, text);
    }

    private static ColumnType other(String text) {
        return new ColumnType(Family.OTHER, 0, 0, false, 0, 0, false, text);
    }

    /** @return whether both hold exactly the same values (the text aside) */
    boolean sameValues(ColumnType other) {
        if (family == Family.OTHER || other.family == Family.OTHER) {
            return family == other.family && text.equals(other.text);
        }
        return family == other.family && bytes == other.bytes && characters == other.characters
                && byCharacters == other.byCharacters && precision == other.precision && scale == other.scale
                && unsigned == other.unsigned;
    }
}
