package io.jdbcguard.it.tools;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Points the driver at the tool tests' policy ({@code io/jdbcguard/it/tools/policy.yml}: 127.0.0.2 is production,
 * 127.0.0.1 staging) through the system property {@code jdbcguard.policy} for the duration of a test class, restoring
 * the previous value afterwards.
 */
final class ToolsPolicy implements BeforeAllCallback, AfterAllCallback {

    /** The system property naming the policy file. */
    static final String POLICY_PROPERTY = "jdbcguard.policy";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ToolsPolicy.class);

    /** @return the policy file of the tool tests */
    static Path file() {
        URL resource = ToolsPolicy.class.getResource("policy.yml");
        if (resource == null) {
            throw new IllegalStateException("io/jdbcguard/it/tools/policy.yml is not on the test class path");
        }
        try {
            return Path.of(resource.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(POLICY_PROPERTY, Optional.ofNullable(System.getProperty(POLICY_PROPERTY)));
        System.setProperty(POLICY_PROPERTY, file().toString());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Optional<?> previous = context.getStore(NAMESPACE).get(POLICY_PROPERTY, Optional.class);
        if (previous == null || previous.isEmpty()) {
            System.clearProperty(POLICY_PROPERTY);
        } else {
            System.setProperty(POLICY_PROPERTY, previous.get().toString());
        }
    }
}
