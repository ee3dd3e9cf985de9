package io.jdbcguard.it.tools;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Locates the jar (or classes directory) a class of the test class path was loaded from. */
final class ClassPaths {

    private ClassPaths() {
    }

    /**
     * @param type a class loaded from a jar or directory on the test class path
     * @return that jar or directory
     */
    static Path of(Class<?> type) {
        URL location = type.getProtectionDomain().getCodeSource().getLocation();
        try {
            return Path.of(location.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("unexpected code source " + location, e);
        }
    }

    /**
     * @param className a class on the test class path, by name
     * @return the jar or directory it was loaded from
     */
    static Path of(String className) {
        try {
            return of(Class.forName(className));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on the test class path", e);
        }
    }
}
