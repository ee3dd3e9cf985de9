package io.jdbcguard.rules.checks;

import io.jdbcguard.rules.Rule;
import io.jdbcguard.rules.RuleInfo;

/**
 * A rule whose id and summary are declared by {@link RuleInfo} on its class, read once when it is created (the
 * registry creates each rule once).
 */
abstract class AnnotatedRule implements Rule {
    private final String id;
    private final String summary;

    /**
     * @throws IllegalStateException if the rule's class has no {@link RuleInfo}
     */
    AnnotatedRule() {
        RuleInfo info = getClass().getAnnotation(RuleInfo.class);
        if (info == null) {
            throw new IllegalStateException(getClass().getName() + " has no @RuleInfo: declare its id and summary");
        }
        this.id = info.id();
        this.summary = info.summary();
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String summary() {
        return summary;
    }
}
