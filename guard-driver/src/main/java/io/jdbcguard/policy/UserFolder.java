package io.jdbcguard.policy;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The user's jdbc-guard folder, {@code ~/.jdbc-guard}: the user's policy file, the default audit trail and the
 * break-glass grants live there. System property {@value #PROPERTY} names another folder (for tests and for
 * machines whose home folder is not writable).
 */
public final class UserFolder {
    /** System property naming the folder instead of {@code ~/.jdbc-guard}. */
    public static final String PROPERTY = "jdbcguard.home";

    private UserFolder() {
    }

    /** @return the folder named by {@value #PROPERTY}, else {@code .jdbc-guard} in the user's home folder */
    public static Path path() {
        String named = System.getProperty(PROPERTY);
        return named == null || named.isBlank() ? Paths.get(System.getProperty("user.home"), ".jdbc-guard")
                : Paths.get(named);
    }
}
