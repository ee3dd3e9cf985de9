package io.jdbcguard.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Points in time as people write them on the command line and in {@code JDBC_GUARD_BREAK_GLASS}: ISO-8601, as an
 * instant ({@code 2026-12-01T13:30:00Z}), a date-time with offset ({@code 2026-12-01T14:30+01:00}), or a local
 * date-time or date of a time zone ({@code 2026-12-01T14:30}, {@code 2026-12-01} meaning its start).
 */
public final class TimeText {
    private static final List<BiFunction<String, ZoneId, Instant>> FORMS = List.of(
            (text, zone) -> Instant.parse(text),
            (text, zone) -> OffsetDateTime.parse(text).toInstant(),
            (text, zone) -> LocalDateTime.parse(text).atZone(zone).toInstant(),
            (text, zone) -> LocalDate.parse(text).atStartOfDay(zone).toInstant());

    private TimeText() {
    }

    /**
     * @param text the time as written; surrounding whitespace is ignored
     * @param zone the time zone of a local date-time or date
     * @return the instant
     * @throws IllegalArgumentException if the text is none of the forms; the message quotes it and shows them
     */
    public static Instant parse(String text, ZoneId zone) {
        for (BiFunction<String, ZoneId, Instant> form : FORMS) {
            try {
                return form.apply(text.strip(), zone);
            } catch (DateTimeParseException notThisForm) {
                // try the next form
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 time: write e.g. 2026-12-01T14:30"
                + " (local time), 2026-12-01 or 2026-12-01T13:30:00Z");
    }
}
