package io.jdbcguard.breakglass;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jdbcguard.origin.OriginResolver;
import io.jdbcguard.policy.DurationText;
import io.jdbcguard.policy.Policy;
import io.jdbcguard.policy.UserFolder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The break-glass grants given with {@code jdbc-guard break-glass}: one small JSON file each ({@code reason},
 * {@code os_user}, {@code host}, {@code created}, {@code expires}, {@code target}) in the {@code break-glass} folder of
 * the user's jdbc-guard folder ({@link UserFolder}). Files are written whole (a temporary file moved into place), so a
 * reader never sees half a grant. Each grant carries a {@code seal}: an HMAC-SHA256 over its fields with a random key
 * kept in the same folder ({@value #KEY_FILE}, readable by its owner only), so a grant edited by hand (a later
 * {@code created}, another {@code target}) or written by anything but {@code jdbc-guard break-glass} is refused and
 * listed with the reason. Expired grants are ignored and deleted when the folder is read; a file that is not
 * a grant is ignored. The folder is re-read only when it changes, so asking for the active grant per statement costs
 * one file-system check.
 */
public final class BreakGlassGrants {
    private static final System.Logger LOG = System.getLogger(BreakGlassGrants.class.getName());
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final String SUFFIX = ".json";
    /** The file holding the key of the grants' seals. */
    static final String KEY_FILE = ".seal-key";
    private static final String MAC = "HmacSHA256";
    /**
     * How old the folder's modification time must be before a reading of it is reused: file times are coarse, so a
     * grant written just after a reading may not change the time the reading saw.
     */
    private static final Duration SETTLED = Duration.ofSeconds(2);

    private final Path folder;
    private volatile Snapshot snapshot = new Snapshot(null, List.of(), false);

    /** @param folder the folder holding the grant files; created when the first grant is given */
    public BreakGlassGrants(Path folder) {
        this.folder = folder;
    }

    /** @return the grants in {@code break-glass/} of the user's jdbc-guard folder */
    public static BreakGlassGrants standard() {
        return new BreakGlassGrants(UserFolder.path().resolve("break-glass"));
    }

    /** @return the folder holding the grant files */
    public Path folder() {
        return folder;
    }

    /**
     * Gives a grant to this OS user on this machine.
     *
     * @param policy the policy in force
     * @param reason why, e.g. {@code INC-123 restore orders}; not blank
     * @param length how long it lasts from {@code now}
     * @param target the environment it covers, or {@link BreakGlassGrant#ALL}
     * @param now the current time
     * @return the grant, written
     * @throws BreakGlassException if the policy forbids break-glass or {@code length} is above its max
     * @throws IOException if the grant file cannot be written
     */
    public BreakGlassGrant give(Policy policy, String reason, Duration length, String target, Instant now)
            throws BreakGlassException, IOException {
        Instant expires = now.plus(length);
        BreakGlassLimits.check(policy, now, expires, "Ask for at most "
                + DurationText.format(policy.breakGlassMax()) + ", e.g. --for " + DurationText.format(
                        policy.breakGlassMax()) + ", and give a new grant when it ends.");
        Files.createDirectories(folder);
        Path file = folder.resolve("grant-" + now.toEpochMilli() + "-" + UUID.randomUUID() + SUFFIX);
        Path temporary = folder.resolve("." + file.getFileName() + ".tmp");
        BreakGlassGrant grant = new BreakGlassGrant(reason.strip(), System.getProperty("user.name"),
                OriginResolver.localHostName(), now, expires, target, file.toString());
        byte[] key = key(true);
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
                JsonGenerator json = JSON.createGenerator(writer)) {
            json.writeStartObject();
            json.writeStringField("reason", grant.reason());
            json.writeStringField("os_user", grant.osUser());
            json.writeStringField("host", grant.host());
            json.writeStringField("created", grant.created().toString());
            json.writeStringField("expires", grant.expires().toString());
            json.writeStringField("target", grant.target());
            json.writeStringField("seal", seal(key, grant.reason(), grant.osUser(), grant.host(),
                    grant.created().toString(), grant.expires().toString(), grant.target()));
            json.writeEndObject();
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        return grant;
    }

    /**
     * @param now the current time
     * @return every grant that has not expired, valid or not ({@link BreakGlassGrant#invalidity}), for listing
     */
    public List<BreakGlassGrant> all(Instant now) {
        return read(now);
    }

    /**
     * @param policy the policy in force
     * @param now the current time
     * @return the grants valid now under the policy ({@link BreakGlassGrant#validAt}), latest expiry first; empty
     *     when the policy forbids break-glass
     */
    public List<BreakGlassGrant> valid(Policy policy, Instant now) {
        return read(now).stream().filter(grant -> grant.validAt(policy, now))
                .sorted(Comparator.comparing(BreakGlassGrant::expires).reversed()).collect(Collectors.toList());
    }

    /**
     * @param policy the policy in force
     * @param environments a connection's environment tags
     * @param now the current time
     * @return the valid grant covering one of the tags with the latest expiry, or empty when none does or the policy
     *     forbids break-glass
     */
    public Optional<BreakGlassGrant> active(Policy policy, Set<String> environments, Instant now) {
        return valid(policy, now).stream().filter(grant -> environments.stream().anyMatch(grant::covers))
                .findFirst();
    }

    /**
     * Ends grants before their expiry by deleting their files.
     *
     * @param policy the policy in force
     * @param target the environment whose grants to end (exactly that target), or null for every grant
     * @param now the current time
     * @return the grants ended (those that were valid)
     * @throws IOException if a grant file cannot be deleted
     */
    public List<BreakGlassGrant> end(Policy policy, String target, Instant now) throws IOException {
        List<BreakGlassGrant> ended = new ArrayList<>();
        for (BreakGlassGrant grant : valid(policy, now)) {
            if (target == null || grant.target().equals(target)) {
                Files.deleteIfExists(Path.of(grant.source()));
                ended.add(grant);
            }
        }
        return ended;
    }

    private List<BreakGlassGrant> read(Instant now) {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(folder);
        } catch (IOException e) {
            return List.of();
        }
        Snapshot current = snapshot;
        if (!current.settled() || !modified.equals(current.modified())) {
            boolean settled = System.currentTimeMillis() - modified.toMillis() > SETTLED.toMillis();
            current = new Snapshot(modified, readFolder(), settled);
            snapshot = current;
        }
        current.grants().stream().filter(grant -> !now.isBefore(grant.expires())).forEach(this::deleteExpired);
        return current.grants().stream().filter(grant -> now.isBefore(grant.expires())).collect(Collectors.toList());
    }

    private List<BreakGlassGrant> readFolder() {
        List<BreakGlassGrant> grants = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "grant-*" + SUFFIX)) {
            for (Path file : files) {
                readGrant(file).ifPresent(grants::add);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "jdbc-guard: cannot read the break-glass folder " + folder + " ("
                    + e + "); no grant from it is used.");
        }
        return grants;
    }

    private Optional<BreakGlassGrant> readGrant(Path file) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser json = JSON.createParser(Files.readString(file, StandardCharsets.UTF_8))) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                json.nextToken();
                fields.put(name, json.getValueAsString());
            }
            String expected = seal(key(false), fields.get("reason"), fields.get("os_user"), fields.get("host"),
                    fields.get("created"), fields.get("expires"), fields.get("target"));
            String found = fields.get("seal");
            String flaw = found == null ? "it has no seal: it was not written by jdbc-guard break-glass"
                    : expected == null ? "its seal cannot be checked: the key " + folder.resolve(KEY_FILE) + " is"
                    + " missing" : !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    found.getBytes(StandardCharsets.US_ASCII)) ? "it was edited after jdbc-guard break-glass wrote it"
                    + " (its seal does not match its fields)" : null;
            return Optional.of(new BreakGlassGrant(required(fields, "reason"), fields.get("os_user"),
                    fields.get("host"), Instant.parse(required(fields, "created")),
                    Instant.parse(required(fields, "expires")), required(fields, "target"), file.toString(), flaw));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | DateTimeException e) {
            LOG.log(System.Logger.Level.WARNING, "jdbc-guard: ignoring " + file + ": not a break-glass grant (" + e
                    + "). Delete it.");
            return Optional.empty();
        }
    }

    /**
     * @param create whether to create the key when there is none (giving a grant)
     * @return the seals' key, or null when there is none and {@code create} is false
     * @throws IOException if it cannot be read or created
     */
    private byte[] key(boolean create) throws IOException {
        Path file = folder.resolve(KEY_FILE);
        if (Files.isRegularFile(file)) {
            return Files.readAllBytes(file);
        }
        if (!create) {
            return null;
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path temporary = folder.resolve(KEY_FILE + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temporary);
        }
        Files.write(temporary, key);
        try {
            Files.move(temporary, file);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(temporary);
        }
        return Files.readAllBytes(file);
    }

    /** @return the HMAC-SHA256 of the fields (each length-prefixed), in hex; null without a key */
    private static String seal(byte[] key, String... fields) throws IOException {
        if (key == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(new SecretKeySpec(key, MAC));
            for (String field : fields) {
                byte[] bytes = String.valueOf(field).getBytes(StandardCharsets.UTF_8);
                mac.update(ByteBuffer.allocate(4).putInt(field == null ? -1 : bytes.length).array());
                mac.update(bytes);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IOException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    private static String required(Map<String, String> fields, String name) throws IOException {
        String value = fields.get(name);
        if (value == null) {
            throw new IOException("no '" + name + "'");
        }
        return value;
    }

    private void deleteExpired(BreakGlassGrant grant) {
        try {
            Files.deleteIfExists(Path.of(grant.source()));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "jdbc-guard: cannot delete the expired grant " + grant.source(), e);
        }
    }

    /**
     * The grants as read when the folder had this modification time; {@code settled} when that time was older than
     * {@link #SETTLED} at the reading, so an unchanged time means unchanged contents.
     */
    private record Snapshot(FileTime modified, List<BreakGlassGrant> grants, boolean settled) {
    }
}
