package io.jdbcguard.rules;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The one place where rules are registered. */
public final class Rules {
    private static final List<StatementCheck> CHECKS = List.of(
            new DropRule(),
            new TruncateRule(),
            new DeleteWithoutWhereRule(),
            new UpdateWithoutWhereRule(),
            new AlwaysTrueWhereRule(),
            new AlterDropColumnRule(),
            new OpaqueRule(),
            new UnparseableRule());

    private Rules() {
    }

    /**
     * Every rule, in the order they are documented.
     *
     * @return the rules; immutable
     */
    public static List<Rule> all() {
        return List.copyOf(CHECKS);
    }

    /**
     * The ids of all rules, for validating policy files.
     *
     * @return the ids in documentation order; immutable
     */
    public static Set<String> ids() {
        return CHECKS.stream().map(Rule::id).collect(Collectors.collectingAndThen(
                Collectors.toCollection(LinkedHashSet::new), Collections::unmodifiableSet));
    }

    /**
     * The rules with their checks, for {@link StatementAnalyzer}.
     *
     * @return the same rules as {@link #all()}, in the same order
     */
    static List<StatementCheck> checks() {
        return CHECKS;
    }
}
