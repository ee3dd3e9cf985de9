package io.jdbcguard.enforce;

import io.jdbcguard.origin.Origin;
import io.jdbcguard.policy.GuardSpec;
import io.jdbcguard.targets.Target;
import java.util.List;
import java.util.Set;

/**
 * Everything decided about one guarded connection when it was opened: the pair, the guards that apply, the rules
 * they enforce, and whether a break-glass reason was given.
 *
 * @param origin where the connection comes from and why
 * @param target where it goes and why
 * @param guards the policy entries that apply to the pair
 * @param rules the ids of the rules enforced (the union of the guards' rules)
 * @param breakGlass the break-glass reason in force, or null when none (then findings block)
 */
public record GuardContext(Origin origin, Target target, List<GuardSpec> guards, Set<String> rules,
        String breakGlass) {
    /** Copies the collections. */
    public GuardContext {
        guards = List.copyOf(guards);
        rules = Set.copyOf(rules);
    }

    /** @return the pair for messages, e.g. {@code developer -> production} */
    public String pair() {
        return origin.name() + " -> " + target.describe();
    }
}
