package io.jdbcguard.targets;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a connection goes: the environment tags of the database reached and how each was decided. A connection may
 * carry several tags (a multi-host URL, a server marker); every rule of every matching guard applies, so the strictest
 * answer wins.
 *
 * @param hosts the hosts the URL names, as the vendor driver parses them ({@code host:port})
 * @param environments the environment tags, e.g. {@code production}; empty when untagged
 * @param reasons one line per decision, e.g. {@code host 127.0.0.2 matches production hosts entry 127.0.0.2 (...)}
 */
public record Target(List<String> hosts, Set<String> environments, List<String> reasons) {
    /** Copies the collections. */
    public Target {
        hosts = List.copyOf(hosts);
        environments = Set.copyOf(new LinkedHashSet<>(environments));
        reasons = List.copyOf(reasons);
    }

    /**
     * @param environment a further tag
     * @param reason how it was decided
     * @return this target with the tag added
     */
    public Target with(String environment, String reason) {
        Set<String> all = new LinkedHashSet<>(environments);
        all.add(environment);
        List<String> allReasons = new ArrayList<>(reasons);
        allReasons.add(reason);
        return new Target(hosts, all, allReasons);
    }

    /**
     * @param note a line explaining something that did not change the tags (e.g. a marker that could not be read)
     * @return this target with the note added to its reasons
     */
    public Target noting(String note) {
        List<String> allReasons = new ArrayList<>(reasons);
        allReasons.add(note);
        return new Target(hosts, environments, allReasons);
    }

    /** @return the tags joined for messages, or {@code untagged} */
    public String describe() {
        return environments.isEmpty() ? "untagged" : String.join(", ", environments);
    }
}
