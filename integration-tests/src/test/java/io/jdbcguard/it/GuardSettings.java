package io.jdbcguard.it;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Sets the guard's system properties around every test: {@code jdbcguard.policy} to the test policy
 * ({@code policy.yml}: 127.0.0.2 is production, 127.0.0.1 staging) and {@code jdbcguard.origin} to
 * {@code developer}, and restores the previous values afterwards. The driver reads both when a connection is opened,
 * so a test switches origin with {@link #origin(String)} before connecting.
 *
 * <p>Register with {@code @RegisterExtension final GuardSettings guard = new GuardSettings();}.
 */
public final class GuardSettings implements BeforeEachCallback, AfterEachCallback {
    /** The system property naming the policy file. */
    public static final String POLICY_PROPERTY = "jdbcguard.policy";
    /** The system property naming this machine's origin. */
    public static final String ORIGIN_PROPERTY = "jdbcguard.origin";
    /** The default origin of the tests. */
    public static final String DEVELOPER = "developer";
    /** The origin of the CI pipeline, to which the default policy applies no rule. */
    public static final String CI = "ci";

    private final Map<String, String> previous = new HashMap<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        previous.put(POLICY_PROPERTY, System.getProperty(POLICY_PROPERTY));
        previous.put(ORIGIN_PROPERTY, System.getProperty(ORIGIN_PROPERTY));
        System.setProperty(POLICY_PROPERTY, policyFile().toString());
        origin(DEVELOPER);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        previous.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
        previous.clear();
    }

    /** Sets the origin used by guard connections opened from now on in this test. */
    public void origin(String origin) {
        System.setProperty(ORIGIN_PROPERTY, origin);
    }

    /** @return the path of the test policy file */
    public static Path policyFile() {
        URL url = GuardSettings.class.getResource("/policy.yml");
        if (url == null) {
            throw new IllegalStateException("policy.yml is missing from the test classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
