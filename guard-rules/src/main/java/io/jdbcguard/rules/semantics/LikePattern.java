package io.jdbcguard.rules.semantics;

import java.util.ArrayList;
import java.util.List;

/**
 * Matches a string against an SQL {@code LIKE} pattern without backtracking: {@code %} matches any run of
 * characters, {@code _} any one character, and the escape character makes the next character literal (<a
 * href="https://www.postgresql.org/docs/current/functions-matching.html#FUNCTIONS-LIKE">PostgreSQL LIKE</a>, <a
 * href="https://dev.mysql.com/doc/refman/8.4/en/string-comparison-functions.html#operator_like">MySQL LIKE</a>).
 *
 * <p>The pattern is cut at its {@code %} into segments. The first segment must match at the start, the last at the
 * end, and each segment between them is matched at its leftmost position after the previous one: leftmost
 * placement never loses a match, so no choice is ever revisited. Each placement is tried at most once per subject
 * position, so the time is at most the subject's length times the pattern's length; callers bound that product with
 * {@link #MAX_WORK}.
 */
final class LikePattern {
    /** The largest subject length times pattern length that {@link #matches} is asked to decide. */
    static final long MAX_WORK = 4_000_000L;

    /** One pattern character: a literal, or any single character ({@code _}). */
    private record Unit(char literal, boolean any) {
    }

    private final List<List<Unit>> segments;
    private final boolean ignoreCase;

    private LikePattern(List<List<Unit>> segments, boolean ignoreCase) {
        this.segments = segments;
        this.ignoreCase = ignoreCase;
    }

    /**
     * @param pattern the LIKE pattern
     * @param escape the escape character, or the empty string for none
     * @param ignoreCase whether letters match regardless of case (MySQL's default collations, PostgreSQL ILIKE)
     * @return the compiled pattern
     */
    static LikePattern compile(String pattern, String escape, boolean ignoreCase) {
        List<List<Unit>> segments = new ArrayList<>();
        List<Unit> current = new ArrayList<>();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (!escape.isEmpty() && c == escape.charAt(0) && i + 1 < pattern.length()) {
                current.add(new Unit(pattern.charAt(++i), false));
            } else if (c == '%') {
                segments.add(current);
                current = new ArrayList<>();
            } else {
                current.add(new Unit(c, c == '_'));
            }
        }
        segments.add(current);
        return new LikePattern(segments, ignoreCase);
    }

    /**
     * @param subject the string to match
     * @return whether the whole subject matches the pattern
     */
    boolean matches(String subject) {
        if (segments.size() == 1) {
            List<Unit> only = segments.get(0);
            return only.size() == subject.length() && matchesAt(only, subject, 0);
        }
        List<Unit> first = segments.get(0);
        List<Unit> last = segments.get(segments.size() - 1);
        if (first.size() + last.size() > subject.length() || !matchesAt(first, subject, 0)) {
            return false;
        }
        int end = subject.length() - last.size();
        int at = first.size();
        for (int s = 1; s < segments.size() - 1; s++) {
            List<Unit> segment = segments.get(s);
            int found = -1;
            for (int p = at; p + segment.size() <= end && found < 0; p++) {
                if (matchesAt(segment, subject, p)) {
                    found = p;
                }
            }
            if (found < 0) {
                return false;
            }
            at = found + segment.size();
        }
        return matchesAt(last, subject, end);
    }

    private boolean matchesAt(List<Unit> segment, String subject, int at) {
        for (int i = 0; i < segment.size(); i++) {
            Unit unit = segment.get(i);
            char c = subject.charAt(at + i);
            if (!unit.any() && c != unit.literal() && !(ignoreCase && equalIgnoringCase(c, unit.literal()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalIgnoringCase(char a, char b) {
        return Character.toUpperCase(a) == Character.toUpperCase(b)
                || Character.toLowerCase(a) == Character.toLowerCase(b);
    }
}
