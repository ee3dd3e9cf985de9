package io.jdbcguard.cli;

import io.jdbcguard.policy.DurationText;
import io.jdbcguard.policy.TimeText;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converters for the commands' time options; a bad value is a usage error (exit code 2) saying what to write. */
final class TimeOptions {
    private TimeOptions() {
    }

    /** A duration such as {@code 30m}, {@code 4h} or {@code 1d} ({@link DurationText}). */
    static final class Length implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return DurationText.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * A point in time: an ISO-8601 instant ({@code 2026-12-01T13:30:00Z}), a date-time with offset, a local date-time
     * or date of this machine's time zone ({@code 2026-12-01T14:30}, {@code 2026-12-01}), or a duration meaning that
     * long ago ({@code 2h}: two hours before now).
     */
    static final class PointInTime implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.now().minus(DurationText.parse(value));
            } catch (IllegalArgumentException notADuration) {
                try {
                    return TimeText.parse(value, ZoneId.systemDefault());
                } catch (IllegalArgumentException notATime) {
                    throw new TypeConversionException(notATime.getMessage() + "; or a duration meaning that long ago"
                            + " (30m, 2h, 1d)");
                }
            }
        }
    }
}
