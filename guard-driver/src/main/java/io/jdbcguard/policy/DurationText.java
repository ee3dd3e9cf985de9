package io.jdbcguard.policy;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in policy files and on the command line: a whole number and a unit, {@code m}
 * (minutes), {@code h} (hours) or {@code d} (days of 24 hours), e.g. {@code 30m}, {@code 4h}, {@code 1d}.
 */
public final class DurationText {
    private static final Pattern FORM = Pattern.compile("([0-9]{1,6})([mhd])");

    private DurationText() {
    }

    /**
     * @param text e.g. {@code 30m}, {@code 4h}, {@code 1d}; surrounding whitespace is ignored
     * @return the duration, longer than zero
     * @throws IllegalArgumentException if the text is not of that form or is zero; the message quotes it and shows
     *     the form
     */
    public static Duration parse(String text) {
        Matcher matcher = FORM.matcher(text.strip());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write a whole number above zero"
                    + " followed by m (minutes), h (hours) or d (days), e.g. 30m, 4h or 1d");
        }
        long amount = Long.parseLong(matcher.group(1));
        switch (matcher.group(2)) {
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            default:
                return Duration.ofDays(amount);
        }
    }

    /**
     * @param duration a duration, not negative
     * @return it in the same notation, largest units first, e.g. {@code 4h}, {@code 1d2h}, {@code 2h30m}; seconds
     *     are dropped except for durations under a minute ({@code 45s})
     */
    public static String format(Duration duration) {
        if (duration.toMinutes() == 0) {
            return Math.max(0, duration.toSeconds()) + "s";
        }
        StringBuilder text = new StringBuilder();
        append(text, duration.toDays(), "d");
        append(text, duration.toHoursPart(), "h");
        append(text, duration.toMinutesPart(), "m");
        return text.toString();
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount > 0) {
            text.append(amount).append(unit);
        }
    }
}
