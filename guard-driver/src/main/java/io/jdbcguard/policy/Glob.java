package io.jdbcguard.policy;

import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * A case-insensitive glob in which {@code *} matches any run of characters (dots included) and everything else is
 * literal, as used for host names in policy files.
 */
public final class Glob {
    private final Pattern pattern;

    private Glob(Pattern pattern) {
        this.pattern = pattern;
    }

    /**
     * @param glob the glob, e.g. {@code *.prod.example.com}
     * @return the compiled glob
     */
    public static Glob of(String glob) {
        StringJoiner regex = new StringJoiner(".*");
        for (String part : glob.toLowerCase(Locale.ROOT).split("\\*", -1)) {
            regex.add(Pattern.quote(part));
        }
        return new Glob(Pattern.compile(regex.toString()));
    }

    /**
     * @param text the text to test, e.g. a host name
     * @return true if the whole text matches, ignoring case
     */
    public boolean matches(String text) {
        return pattern.matcher(text.toLowerCase(Locale.ROOT)).matches();
    }
}
