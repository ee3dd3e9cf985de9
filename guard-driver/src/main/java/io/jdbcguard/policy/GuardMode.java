package io.jdbcguard.policy;

import java.util.Locale;

/**
 * What a guard does with what it objects to ({@code mode:} of a {@code guards:} entry).
 */
public enum GuardMode {
    /** Refuse the statement: it never reaches the server (the default). */
    ENFORCE,
    /** Let the statement run and record a {@code would-block} audit event: for the first weeks of a roll-out. */
    AUDIT;

    /** @return the name as written in a policy file: {@code enforce} or {@code audit} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
