package io.jdbcguard.policy;

import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * A case-insensitive glob in which {@code *} matches any run of characters (dots included) and everything else is
 * literal, as used for host names in policy files.
 */
public final class Glob {
    /** The lower-cased text of a glob without {@code *}, compared as it is; null for a glob with one. */
    private final String literal;
    private final Pattern pattern;

    private Glob(String literal, Pattern pattern) {
        this.literal = literal;
        this.pattern = pattern;
    }

    /**
     * @param glob the glob, e.g. {@code *.prod.example.com}
     * @return the compiled glob (a plain name is compared as text: a policy of tens of thousands of host names
     *     compiles no regular expression for them)
     */
    public static Glob of(String glob) {
        String lower = glob.toLowerCase(Locale.ROOT);
        if (lower.indexOf('*') < 0) {
            return new Glob(lower, null);
        }
        StringJoiner regex = new StringJoiner(".*");
        for (String part : lower.split("\\*", -1)) {
            regex.add(Pattern.quote(part));
        }
        return new Glob(null, Pattern.compile(regex.toString()));
    }

    /**
     * @param text the text to test, e.g. a host name
     * @return true if the whole text matches, ignoring case
     */
    public boolean matches(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return literal != null ? literal.equals(lower) : pattern.matcher(lower).matches();
    }
}
