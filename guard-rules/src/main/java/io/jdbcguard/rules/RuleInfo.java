package io.jdbcguard.rules;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a rule is called and what it reports, declared on the rule's class, in the manner of Error Prone's
 * {@code @BugPattern}: the {@link Rule}'s {@link Rule#id()} and {@link Rule#summary()} come from here, and
 * {@code docs/rules.md} is generated from them with the rule's examples ({@link Rule#blocks()},
 * {@link Rule#allows()}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RuleInfo {
    /**
     * @return the rule's id, as named in policy files ({@code rules:}), findings, the audit trail and the CLI: lower
     *     case words joined by {@code -}
     */
    String id();

    /**
     * @return one line saying which statements the rule reports, for the documentation and the CLI
     */
    String summary();
}
