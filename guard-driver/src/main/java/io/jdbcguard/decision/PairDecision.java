package io.jdbcguard.decision;

import io.jdbcguard.enforce.GuardContext;
import io.jdbcguard.policy.GuardSpec;
import io.jdbcguard.targets.ServerFacts;
import io.jdbcguard.targets.Target;
import java.util.List;
import java.util.Set;

/**
 * The decision about one connection once the server has answered: the target, the guards that apply to the pair and
 * the rules they enforce.
 *
 * @param plan what was decided before connecting
 * @param server what the server said, or null when it was not asked
 * @param target the target and how it was tagged
 * @param guards the policy entries that apply to the pair
 * @param rules the rule ids enforced; empty when the pair is not guarded
 * @param breakGlass the break-glass reason in force, or null
 */
public record PairDecision(ConnectPlan plan, ServerFacts server, Target target, List<GuardSpec> guards,
        Set<String> rules, String breakGlass) {
    /** Copies the collections. */
    public PairDecision {
        guards = List.copyOf(guards);
        rules = Set.copyOf(rules);
    }

    /** @return whether statements of this connection are judged */
    public boolean guarded() {
        return !rules.isEmpty();
    }

    /** @return the context a {@code StatementGuard} enforces */
    public GuardContext context() {
        return new GuardContext(plan.origin(), target, guards, rules, breakGlass);
    }
}
