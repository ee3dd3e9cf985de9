package io.jdbcguard.policy;

import java.time.Duration;

/**
 * What one policy file (or the merge of several) says about break-glass: whether it is forbidden, and the longest a
 * grant may last.
 *
 * @param forbiddenAt where {@code break-glass: false} was written ({@code file:line:column}), or null when allowed
 * @param max the {@code max:} given and where, or null when none was given
 */
record BreakGlassSetting(String forbiddenAt, Located<Duration> max) {
    /** The default: allowed, for at most {@link Policy#DEFAULT_BREAK_GLASS_MAX}. */
    static final BreakGlassSetting DEFAULT = new BreakGlassSetting(null, null);

    /**
     * @param other what a less authoritative file says
     * @return forbidden if either forbids (the more authoritative place named); the smaller max
     */
    BreakGlassSetting merge(BreakGlassSetting other) {
        Located<Duration> smaller = max == null ? other.max
                : other.max == null || max.value().compareTo(other.max.value()) <= 0 ? max : other.max;
        return new BreakGlassSetting(forbiddenAt != null ? forbiddenAt : other.forbiddenAt, smaller);
    }
}
