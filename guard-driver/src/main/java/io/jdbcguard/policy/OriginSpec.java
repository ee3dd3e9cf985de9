package io.jdbcguard.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry under {@code origins:}: how to recognise this machine as that origin when no origin is declared. Any
 * matching criterion is enough.
 *
 * @param name the origin's name, e.g. {@code ci}
 * @param hostnames globs matched against this machine's host name
 * @param users OS user names ({@code user.name})
 * @param env environment variables whose presence means this origin (e.g. {@code CI}, {@code KUBERNETES_SERVICE_HOST})
 * @param files marker files whose existence means this origin
 */
public record OriginSpec(String name, List<Located<String>> hostnames, List<Located<String>> users,
        List<Located<String>> env, List<Located<String>> files) {
    /** Copies the lists. */
    public OriginSpec {
        hostnames = List.copyOf(hostnames);
        users = List.copyOf(users);
        env = List.copyOf(env);
        files = List.copyOf(files);
    }

    /**
     * @param other the same origin as declared in another policy file
     * @return an origin with the criteria of both
     */
    OriginSpec union(OriginSpec other) {
        return new OriginSpec(name, concat(hostnames, other.hostnames), concat(users, other.users),
                concat(env, other.env), concat(files, other.files));
    }

    private static List<Located<String>> concat(List<Located<String>> a, List<Located<String>> b) {
        List<Located<String>> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
