package io.jdbcguard.policy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The guards that apply to one connection (its origin and its target's environment tags), combined so that the
 * strictest wins: a finding is enforced if any enforcing guard's rules cover it and only audited if audit-mode guards
 * alone cover it; the connection is read-only if any guard says so; the smallest {@code max-rows} applies.
 *
 * <p>Every check answers with the {@link GuardMode} it is made in: {@link GuardMode#ENFORCE} (refuse, event
 * {@code block}), {@link GuardMode#AUDIT} (let it run, event {@code would-block}), or empty (nothing to do).
 * Instances are immutable.
 */
public final class PairGuards {
    private final List<GuardSpec> guards;

    PairGuards(List<GuardSpec> guards) {
        this.guards = List.copyOf(guards);
    }

    /** @return the guards that apply, the built-in default first when it applies; empty when the pair is not guarded */
    public List<GuardSpec> guards() {
        return guards;
    }

    /** @return true when no guard applies: the connection is not checked at all */
    public boolean isEmpty() {
        return guards.isEmpty();
    }

    /**
     * @param ruleId the id of the rule that made a finding, e.g. {@code drop}
     * @return {@link GuardMode#ENFORCE} if an enforcing guard's rules include it, else {@link GuardMode#AUDIT} if an
     *     audit-mode guard's do, else empty (the finding is ignored on this pair)
     */
    public Optional<GuardMode> modeFor(String ruleId) {
        return strictest(guard -> guard.rules().contains(ruleId));
    }

    /** @return the ids of the rules some enforcing guard applies, sorted */
    public Set<String> enforcedRules() {
        Set<String> rules = new TreeSet<>();
        guards.stream().filter(g -> g.mode() == GuardMode.ENFORCE).forEach(g -> rules.addAll(g.rules()));
        return rules;
    }

    /** @return the ids of the rules that only audit-mode guards apply (findings give {@code would-block}), sorted */
    public Set<String> auditedRules() {
        Set<String> rules = new TreeSet<>();
        guards.stream().filter(g -> g.mode() == GuardMode.AUDIT).forEach(g -> rules.addAll(g.rules()));
        rules.removeAll(enforcedRules());
        return rules;
    }

    /**
     * @return {@link GuardMode#ENFORCE} if an enforcing guard says {@code read-only: true}, else
     *     {@link GuardMode#AUDIT} if an audit-mode guard does, else empty (writes are allowed)
     */
    public Optional<GuardMode> readOnly() {
        return strictest(GuardSpec::readOnly);
    }

    /** @return the smallest {@code max-rows} of all the guards, whatever their mode; empty when none sets one */
    public OptionalLong maxRows() {
        return guards.stream().map(GuardSpec::maxRows).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).min();
    }

    /**
     * @param rows the number of rows a statement changes (or would change)
     * @return {@link GuardMode#ENFORCE} if that is above the {@code max-rows} of an enforcing guard, else
     *     {@link GuardMode#AUDIT} if it is above an audit-mode guard's, else empty (within every limit)
     */
    public Optional<GuardMode> rowLimitMode(long rows) {
        return strictest(guard -> guard.maxRows().isPresent() && rows > guard.maxRows().getAsLong());
    }

    private Optional<GuardMode> strictest(Predicate<GuardSpec> objects) {
        Optional<GuardMode> mode = Optional.empty();
        for (GuardSpec guard : guards) {
            if (objects.test(guard)) {
                if (guard.mode() == GuardMode.ENFORCE) {
                    return Optional.of(GuardMode.ENFORCE);
                }
                mode = Optional.of(GuardMode.AUDIT);
            }
        }
        return mode;
    }
}
