package io.jdbcguard.it;

/** The environments the test servers stand for, each on its own loopback address. */
public enum Target {
    /** Staging: the servers on 127.0.0.1. */
    STAGING("staging", "127.0.0.1"),
    /** Production: the servers on 127.0.0.2. */
    PRODUCTION("production", "127.0.0.2");

    private final String tag;
    private final String host;

    Target(String tag, String host) {
        this.tag = tag;
        this.host = host;
    }

    /** @return the environment tag the policy gives this target, e.g. {@code production} */
    public String tag() {
        return tag;
    }

    /** @return the IP address its servers listen on */
    public String host() {
        return host;
    }
}
