package io.jdbcguard.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Finds and reads the policy files in force. All of these that exist apply, merged by {@link Policy#merge} (files
 * only add to each other), most authoritative first:
 *
 * <ol>
 *   <li>the machine-wide file {@code /etc/jdbc-guard/policy.yml} (managed by the company);
 *   <li>the file named by system property {@code jdbcguard.policy}, else by environment variable
 *       {@code JDBC_GUARD_POLICY} (it must exist when named);
 *   <li>the user's file {@code policy.yml} in {@link UserFolder} ({@code ~/.jdbc-guard/policy.yml}).
 * </ol>
 *
 * <p>A loader keeps what it read of each file, and reads a file again when its modification time or size changes; a
 * new loader reads every file afresh (the driver's is in {@code DriverState}). It is safe for concurrent use. The
 * {@linkplain #standard() standard} loader looks at the files at most once per {@value #STANDARD_RECHECK_MILLIS} ms:
 * on some machines (containers, sandboxed kernels) a file-status call costs 5 µs or more outside a hot loop, and a
 * connect would otherwise pay four of them.
 * A policy edit, or a new machine-wide or user file, therefore applies to connections opened at most
 * {@value #STANDARD_RECHECK_MILLIS} ms later; naming another file ({@value #POLICY_PROPERTY} or {@value #POLICY_ENV})
 * applies at once.
 */
public final class PolicyLoader {
    /** System property naming a policy file. */
    public static final String POLICY_PROPERTY = "jdbcguard.policy";
    /** Environment variable naming a policy file, used when the system property is not set. */
    public static final String POLICY_ENV = "JDBC_GUARD_POLICY";

    /** How long the standard loader trusts what it last found in the files, in milliseconds. */
    public static final long STANDARD_RECHECK_MILLIS = 1000;
    /** How many times a file that changes while it is read is read before it is refused. */
    private static final int READS = 5;
    /** How long a file must have been left alone before it is read, in milliseconds (see {@link #settle}). */
    private static final long SETTLE_MILLIS = 10;

    private static final System.Logger LOG = System.getLogger(PolicyLoader.class.getName());

    private final Function<String, String> properties;
    private final Function<String, String> environment;
    private final Path machineFile;
    private final Path userFile;
    private final long recheckNanos;
    /** Each file's policy as last read, with the time and size it was read at. */
    private final Map<Path, CachedFile> cache = new ConcurrentHashMap<>();
    private final AtomicBoolean noneLogged = new AtomicBoolean();
    private volatile Loaded last;

    /**
     * A loader that looks at the files on every {@link #load()}.
     *
     * @param properties looks up system properties (normally {@link System#getProperty(String)})
     * @param environment looks up environment variables (normally {@link System#getenv(String)})
     * @param machineFile the machine-wide file's path
     * @param userFile the user's file path
     */
    public PolicyLoader(Function<String, String> properties, Function<String, String> environment, Path machineFile,
            Path userFile) {
        this(properties, environment, machineFile, userFile, Duration.ZERO);
    }

    /**
     * @param properties looks up system properties (normally {@link System#getProperty(String)})
     * @param environment looks up environment variables (normally {@link System#getenv(String)})
     * @param machineFile the machine-wide file's path
     * @param userFile the user's file path
     * @param recheck how long a {@link #load()} returns the policy last loaded without looking at the files, as long
     *     as the named file's path is the same; {@link Duration#ZERO} looks every time
     */
    public PolicyLoader(Function<String, String> properties, Function<String, String> environment, Path machineFile,
            Path userFile, Duration recheck) {
        this.properties = properties;
        this.environment = environment;
        this.machineFile = machineFile;
        this.userFile = userFile;
        this.recheckNanos = recheck.toNanos();
    }

    /**
     * @return a loader reading this JVM's system properties and environment, and the standard file locations,
     *     looking at the files at most once per {@value #STANDARD_RECHECK_MILLIS} ms
     */
    public static PolicyLoader standard() {
        return new PolicyLoader(System::getProperty, System::getenv, Paths.get("/etc/jdbc-guard/policy.yml"),
                UserFolder.path().resolve("policy.yml"), Duration.ofMillis(STANDARD_RECHECK_MILLIS));
    }

    /**
     * Keeps this loader from logging that no policy file exists, for a caller that says what it judges itself: the
     * command line's {@code check} and {@code lint} judge the pair their options name (the built-in guard
     * {@code developer -> production} without a file), so the driver's "nothing is blocked" would be wrong there.
     *
     * @return this loader
     */
    public PolicyLoader quiet() {
        noneLogged.set(true);
        return this;
    }

    /**
     * @return the policy files that apply, most authoritative first, existing or named explicitly
     * @throws PolicyException if a file is named by {@value #POLICY_PROPERTY} or {@value #POLICY_ENV} but does not exist
     */
    public List<Path> files() throws PolicyException {
        List<Path> files = new ArrayList<>();
        if (Files.isRegularFile(machineFile)) {
            files.add(machineFile);
        }
        String named = named();
        if (named != null) {
            String via = isNamed(properties.apply(POLICY_PROPERTY)) ? "system property " + POLICY_PROPERTY
                    : "environment variable " + POLICY_ENV;
            Path explicit = Paths.get(named);
            if (!Files.isRegularFile(explicit)) {
                throw new PolicyException("The jdbc-guard policy file " + explicit + " named by " + via
                        + " does not exist. Create it, or fix or unset " + via + ".", null);
            }
            files.add(explicit);
        }
        if (Files.isRegularFile(userFile) && !files.contains(userFile)) {
            files.add(userFile);
        }
        return files;
    }

    /**
     * Reads every applicable file and merges them, or returns what it found last when that is younger than the
     * loader's recheck time and the named file's path has not changed (a failure is never remembered).
     *
     * @return the policy in force; {@link Policy#NONE} when no file exists (logged once per loader)
     * @throws PolicyException if a named file is missing or any file is invalid (with file, line and column)
     */
    public Policy load() throws PolicyException {
        String named = named();
        long now = System.nanoTime();
        Loaded loaded = last;
        if (loaded != null && now - loaded.at() < recheckNanos && Objects.equals(loaded.named(), named)) {
            return loaded.policy();
        }
        Policy policy = read();
        last = new Loaded(now, named, policy);
        return policy;
    }

    /** @return the path named by {@value #POLICY_PROPERTY}, else by {@value #POLICY_ENV}; null when neither is set */
    private String named() {
        String named = properties.apply(POLICY_PROPERTY);
        if (isNamed(named)) {
            return named;
        }
        named = environment.apply(POLICY_ENV);
        return isNamed(named) ? named : null;
    }

    private static boolean isNamed(String value) {
        return value != null && !value.isBlank();
    }

    private Policy read() throws PolicyException {
        List<Path> files = files();
        if (files.isEmpty()) {
            if (noneLogged.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "jdbc-guard: no policy file (" + machineFile + ", "
                        + POLICY_PROPERTY + ", " + POLICY_ENV + ", " + userFile
                        + "): no target is tagged, so nothing is blocked.");
            }
            return Policy.NONE;
        }
        Policy merged = null;
        for (Path file : files) {
            Policy policy = cached(file);
            merged = merged == null ? policy : merged.merge(policy);
        }
        return merged;
    }

    /**
     * The file's policy, read again when its time or size changed. A file that changes while it is read (another
     * process rewriting it) is read again, up to {@value #READS} times, so a read never mixes two versions; a file
     * that keeps changing is refused.
     */
    private Policy cached(Path file) throws PolicyException {
        BasicFileAttributes attributes = attributes(file);
        CachedFile entry = cache.get(file);
        for (int read = 0; entry == null || !entry.matches(attributes); read++) {
            if (read == READS) {
                throw new PolicyException(file + ": the jdbc-guard policy file changed every time it was read ("
                        + READS + " times); replace it atomically (write a temporary file, then rename it over this"
                        + " one) and connect again.", null);
            }
            settle(attributes);
            Policy policy = PolicyReader.read(file);
            BasicFileAttributes after = attributes(file);
            if (sameVersion(attributes, after)) {
                entry = new CachedFile(after.lastModifiedTime().toMillis(), after.size(), after.fileKey(), policy);
                cache.put(file, entry);
            }
            attributes = after;
        }
        return entry.policy();
    }

    /**
     * Waits until a file written moments ago has been quiet for {@value #SETTLE_MILLIS} ms: a tool that rewrites a file
     * in place writes it in several calls, and a read between two of them could see a valid but shorter policy.
     */
    private static void settle(BasicFileAttributes attributes) {
        long quiet = System.currentTimeMillis() - attributes.lastModifiedTime().toMillis();
        if (quiet >= 0 && quiet < SETTLE_MILLIS) {
            try {
                Thread.sleep(SETTLE_MILLIS - quiet);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static BasicFileAttributes attributes(Path file) throws PolicyException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new PolicyException(file + ": cannot read the jdbc-guard policy file: " + e.getMessage(), e);
        }
    }

    private static boolean sameVersion(BasicFileAttributes before, BasicFileAttributes after) {
        return before.lastModifiedTime().equals(after.lastModifiedTime()) && before.size() == after.size()
                && java.util.Objects.equals(before.fileKey(), after.fileKey());
    }

    /** What {@link #load()} found last: when (in {@link System#nanoTime()}), for which named path, and the policy. */
    private record Loaded(long at, String named, Policy policy) {
    }

    private record CachedFile(long modified, long size, Object key, Policy policy) {
        boolean matches(BasicFileAttributes attributes) {
            return modified == attributes.lastModifiedTime().toMillis() && size == attributes.size()
                    && java.util.Objects.equals(key, attributes.fileKey());
        }
    }
}
