package io.jdbcguard.origin;

import io.jdbcguard.policy.Glob;
import io.jdbcguard.policy.Located;
import io.jdbcguard.policy.OriginSpec;
import io.jdbcguard.policy.Policy;
import io.jdbcguard.targets.HostResolver;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.function.Function;

/**
 * Decides the origin of a connection, in this order:
 *
 * <ol>
 *   <li>declared: system property {@code jdbcguard.origin}, else environment variable {@code JDBC_GUARD_ORIGIN};
 *   <li>recognised by the policy's {@code origins:} (first match in declaration order): an environment variable that
 *       is set, a marker file that exists, this machine's host name (glob), the OS user name;
 *   <li>otherwise {@value #DEFAULT_ORIGIN}: a machine nobody declared is treated as a developer's laptop, the
 *       strictest usual assumption.
 * </ol>
 */
public final class OriginResolver {
    /** System property declaring the origin. */
    public static final String ORIGIN_PROPERTY = "jdbcguard.origin";
    /** Environment variable declaring the origin, used when the system property is not set. */
    public static final String ORIGIN_ENV = "JDBC_GUARD_ORIGIN";
    /** The origin when nothing else decides. */
    public static final String DEFAULT_ORIGIN = "developer";

    private final Function<String, String> properties;
    private final Function<String, String> environment;
    private final String hostName;

    /**
     * @param properties looks up system properties
     * @param environment looks up environment variables
     * @param hostName this machine's host name
     */
    public OriginResolver(Function<String, String> properties, Function<String, String> environment,
            String hostName) {
        this.properties = properties;
        this.environment = environment;
        this.hostName = hostName;
    }

    /**
     * @return a resolver over this JVM's system properties, environment and local host name (looked up once per JVM,
     *     within {@link HostResolver#TIMEOUT})
     */
    public static OriginResolver standard() {
        return new OriginResolver(System::getProperty, System::getenv, localHostName());
    }

    /**
     * @param policy the policy whose {@code origins:} may recognise this machine
     * @return the origin and how it was decided
     */
    public Origin resolve(Policy policy) {
        String declared = properties.apply(ORIGIN_PROPERTY);
        if (declared != null && !declared.isBlank()) {
            return new Origin(declared.trim(), "declared by system property " + ORIGIN_PROPERTY);
        }
        declared = environment.apply(ORIGIN_ENV);
        if (declared != null && !declared.isBlank()) {
            return new Origin(declared.trim(), "declared by environment variable " + ORIGIN_ENV);
        }
        for (OriginSpec spec : policy.origins()) {
            String reason = recognise(spec);
            if (reason != null) {
                return new Origin(spec.name(), reason);
            }
        }
        return new Origin(DEFAULT_ORIGIN, "the default: neither " + ORIGIN_PROPERTY + " nor " + ORIGIN_ENV
                + " is set and no origin in the policy matches this machine (host " + hostName + ", user "
                + properties.apply("user.name") + ")");
    }

    private String recognise(OriginSpec spec) {
        for (Located<String> variable : spec.env()) {
            if (environment.apply(variable.value()) != null) {
                return "environment variable " + variable.value() + " is set (policy " + variable.source() + ")";
            }
        }
        for (Located<String> file : spec.files()) {
            if (Files.exists(Paths.get(file.value()))) {
                return "marker file " + file.value() + " exists (policy " + file.source() + ")";
            }
        }
        for (Located<String> glob : spec.hostnames()) {
            if (Glob.of(glob.value()).matches(hostName)) {
                return "host name " + hostName + " matches " + glob.value() + " (policy " + glob.source() + ")";
            }
        }
        String user = properties.apply("user.name");
        for (Located<String> name : spec.users()) {
            if (name.value().equals(user)) {
                return "OS user is " + user + " (policy " + name.source() + ")";
            }
        }
        return null;
    }

    /**
     * @return this machine's host name, decided once per JVM: environment variable {@code HOSTNAME}, else the local
     *     host's name as the JDK resolves it within {@link HostResolver#TIMEOUT}, else {@code localhost}
     */
    public static String localHostName() {
        return LocalHost.NAME;
    }

    /** This machine's host name, decided on first use. */
    private static final class LocalHost {
        static final String NAME = lookUp();

        private static String lookUp() {
            String fromEnv = System.getenv("HOSTNAME");
            return fromEnv != null && !fromEnv.isBlank() ? fromEnv : HostResolver.localHostName();
        }
    }
}
