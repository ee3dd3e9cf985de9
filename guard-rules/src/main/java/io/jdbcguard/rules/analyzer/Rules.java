package io.jdbcguard.rules.analyzer;

import io.jdbcguard.rules.Rule;
import io.jdbcguard.rules.checks.AlterDropColumnRule;
import io.jdbcguard.rules.checks.AlwaysTrueWhereRule;
import io.jdbcguard.rules.checks.ArmedCodeRule;
import io.jdbcguard.rules.checks.DeleteWithoutWhereRule;
import io.jdbcguard.rules.checks.DropRule;
import io.jdbcguard.rules.checks.LossyAlterRule;
import io.jdbcguard.rules.checks.LossyEngineRule;
import io.jdbcguard.rules.checks.OpaqueRule;
import io.jdbcguard.rules.checks.StatementCheck;
import io.jdbcguard.rules.checks.TruncateRule;
import io.jdbcguard.rules.checks.UnparseableRule;
import io.jdbcguard.rules.checks.UpdateWithoutWhereRule;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one place where rules are registered. Every rule but {@code armed-code} checks each statement
 * ({@link StatementCheck}); {@code armed-code} judges the bodies of stored code from the other rules' findings
 * ({@link ArmedCodeRule}).
 */
public final class Rules {
    /** The rules about what a statement does to data and schema, in documentation order. */
    private static final List<StatementCheck> STATEMENT_RULES = List.of(
            new DropRule(),
            new TruncateRule(),
            new DeleteWithoutWhereRule(),
            new UpdateWithoutWhereRule(),
            new AlwaysTrueWhereRule(),
            new AlterDropColumnRule(),
            new LossyAlterRule(),
            new LossyEngineRule());
    /** The rules about what the guard cannot see into, documented last. */
    private static final List<StatementCheck> BLIND_SPOT_RULES = List.of(
            new OpaqueRule(),
            new UnparseableRule());
    private static final ArmedCodeRule ARMED_CODE = new ArmedCodeRule();
    private static final List<StatementCheck> CHECKS = Stream.concat(STATEMENT_RULES.stream(),
            BLIND_SPOT_RULES.stream()).toList();
    private static final List<Rule> ALL = Stream.of(STATEMENT_RULES, List.of(ARMED_CODE), BLIND_SPOT_RULES)
            .<Rule>flatMap(List::stream).toList();

    private Rules() {
    }

    /**
     * Every rule, in the order they are documented.
     *
     * @return the rules; immutable
     */
    public static List<Rule> all() {
        return ALL;
    }

    /**
     * The ids of all rules, for validating policy files.
     *
     * @return the ids in documentation order; immutable
     */
    public static Set<String> ids() {
        return ALL.stream().map(Rule::id).collect(Collectors.collectingAndThen(
                Collectors.toCollection(LinkedHashSet::new), Collections::unmodifiableSet));
    }

    /**
     * The rules with their checks, for {@link StatementAnalyzer}.
     *
     * @return the rules of {@link #all()} but {@code armed-code}, in the same order
     */
    static List<StatementCheck> checks() {
        return CHECKS;
    }

    /**
     * @return the {@code armed-code} rule, for {@link StatementAnalyzer}
     */
    static ArmedCodeRule armedCode() {
        return ARMED_CODE;
    }
}
