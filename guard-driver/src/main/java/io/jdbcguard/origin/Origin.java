package io.jdbcguard.origin;

/**
 * Where connections come from: this machine's role, decided once per connection.
 *
 * @param name the origin's name, e.g. {@code developer}, {@code ci} or {@code production}
 * @param reason how it was decided, in words, e.g. {@code declared by environment variable JDBC_GUARD_ORIGIN}
 */
public record Origin(String name, String reason) {
}
