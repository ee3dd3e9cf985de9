package io.jdbcguard.rules;

/**
 * A named rule of the guard. Every rule is registered in {@link Rules}; its id is what policies and messages use.
 */
public interface Rule {
    /** The stable id, lower-case with dashes, e.g. {@code delete-without-where}. */
    String id();

    /** One line saying what the rule blocks. */
    String summary();
}
