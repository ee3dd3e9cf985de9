package io.jdbcguard.it.tools;

/** The integration-test servers: the policy tags 127.0.0.1 as staging and 127.0.0.2 as production. */
enum Server {
    STAGING("127.0.0.1"),
    PRODUCTION("127.0.0.2");

    private final String host;

    Server(String host) {
        this.host = host;
    }

    /** @return the server's IP address */
    String host() {
        return host;
    }
}
