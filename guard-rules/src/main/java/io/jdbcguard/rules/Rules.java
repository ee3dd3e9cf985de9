package io.jdbcguard.rules;

import java.util.List;

/** The one place where rules are registered. */
public final class Rules {
    private Rules() {
    }

    /** Every rule, in the order they are documented. */
    public static List<Rule> all() {
        return List.of();
    }
}
