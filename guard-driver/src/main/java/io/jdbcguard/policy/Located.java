package io.jdbcguard.policy;

/**
 * A value read from a policy file together with where it was written, so verdicts can say which policy entry matched.
 *
 * @param value the value as written
 * @param source where it was written, as {@code file:line:column}
 * @param <T> the value's type
 */
public record Located<T>(T value, String source) {
}
