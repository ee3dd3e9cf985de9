package io.jdbcguard.audit;

import io.jdbcguard.origin.OriginResolver;
import io.jdbcguard.rules.SessionSettings;
import io.jdbcguard.rules.analyzer.StatementShape;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One line of the audit trail. Statements are recorded only as their shape (every literal replaced by {@code ?}, see
 * {@link StatementShape}) and a SHA-256 of the full text, so literal values (and any secret in them) never reach the
 * trail; connection details are the product, {@code host:port} and user, never credentials. Build events with
 * {@link #builder(AuditEventType)}.
 *
 * @param time when it happened (UTC)
 * @param event what happened
 * @param rules the ids of the rules involved, e.g. {@code drop}; empty when none (grants, row limits)
 * @param origin the connection's origin, e.g. {@code developer}; null when not about a connection
 * @param originDecided how the origin was decided, in words; null when not about a connection
 * @param targets the target's environment tags (for grants: the environment the grant covers, or {@code *})
 * @param targetDecided how the target was decided, in words; null when not about a connection
 * @param databaseProduct the database product, e.g. {@code PostgreSQL}; null when unknown
 * @param hosts the hosts the connection reaches, as {@code host:port}
 * @param databaseUser the database user; null when unknown
 * @param osUser the OS user of the process that recorded the event
 * @param hostName the host name of the machine that recorded the event
 * @param pid the process id of the process that recorded the event
 * @param shape the statement's shape, at most {@link #SHAPE_LIMIT} characters; null when not about a statement
 * @param sha256 the SHA-256 of the statement's full text (UTF-8) in lower-case hex; null when not about a statement
 * @param rows the rows the statement changed (or would change); null when unknown
 * @param breakGlassReason the reason of the break-glass grant involved; null when none
 * @param breakGlassExpires when that grant expires; null when none
 * @param note why, in words, for events that are not about a statement ({@code trail-gap}); null otherwise
 */
public record AuditEvent(Instant time, AuditEventType event, List<String> rules, String origin, String originDecided,
        List<String> targets, String targetDecided, String databaseProduct, List<String> hosts, String databaseUser,
        String osUser, String hostName, long pid, String shape, String sha256, Long rows, String breakGlassReason,
        Instant breakGlassExpires, String note) {
    /** The longest shape recorded, in characters; a longer one is cut and ends with {@code ...}. */
    public static final int SHAPE_LIMIT = 2000;

    /** Checks time and event are given and copies the lists. */
    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(event, "event");
        rules = List.copyOf(rules);
        targets = List.copyOf(targets);
        hosts = List.copyOf(hosts);
    }

    /**
     * @param event what happened
     * @return a builder for an event of this process (OS user, host name and process id filled in), at the current
     *     time unless {@link Builder#time(Instant)} says otherwise
     */
    public static Builder builder(AuditEventType event) {
        return new Builder(event);
    }

    /** Collects the fields of an {@link AuditEvent}; every field but the event is optional. Not thread-safe. */
    public static final class Builder {
        private final AuditEventType event;
        private Instant time;
        private List<String> rules = List.of();
        private String origin;
        private String originDecided;
        private List<String> targets = List.of();
        private String targetDecided;
        private String databaseProduct;
        private List<String> hosts = List.of();
        private String databaseUser;
        private String shape;
        private String sha256;
        private Long rows;
        private String breakGlassReason;
        private Instant breakGlassExpires;
        private String note;

        private Builder(AuditEventType event) {
            this.event = Objects.requireNonNull(event, "event");
        }

        /**
         * @param when when it happened (default: now)
         * @return this builder
         */
        public Builder time(Instant when) {
            this.time = when;
            return this;
        }

        /**
         * @param ruleIds the ids of the rules involved
         * @return this builder
         */
        public Builder rules(Collection<String> ruleIds) {
            this.rules = List.copyOf(ruleIds);
            return this;
        }

        /**
         * @param name the connection's origin, e.g. {@code developer}
         * @param decided how it was decided, in words
         * @return this builder
         */
        public Builder origin(String name, String decided) {
            this.origin = name;
            this.originDecided = decided;
            return this;
        }

        /**
         * @param environments the target's environment tags
         * @param decided how they were decided, in words
         * @return this builder
         */
        public Builder targets(Collection<String> environments, String decided) {
            this.targets = List.copyOf(environments);
            this.targetDecided = decided;
            return this;
        }

        /**
         * @param product the database product, e.g. {@code PostgreSQL}, or null
         * @param hostPorts the hosts reached as {@code host:port} (never a URL: URLs can hold passwords)
         * @param user the database user, or null
         * @return this builder
         */
        public Builder database(String product, Collection<String> hostPorts, String user) {
            this.databaseProduct = product;
            this.hosts = List.copyOf(hostPorts);
            this.databaseUser = user;
            return this;
        }

        /**
         * Records the statement as its shape and the SHA-256 of its text; the text itself is not kept.
         *
         * @param settings the session settings the text is read under
         * @param sql the statement's full text
         * @return this builder
         */
        public Builder statement(SessionSettings settings, String sql) {
            String full = StatementShape.of(settings, sql);
            this.shape = full.length() <= SHAPE_LIMIT ? full : full.substring(0, SHAPE_LIMIT - 3) + "...";
            this.sha256 = sha256(sql);
            return this;
        }

        /**
         * @param affected the rows the statement changed (or would change)
         * @return this builder
         */
        public Builder rows(long affected) {
            this.rows = affected;
            return this;
        }

        /**
         * @param reason the grant's reason
         * @param expires when the grant expires
         * @return this builder
         */
        public Builder breakGlass(String reason, Instant expires) {
            this.breakGlassReason = reason;
            this.breakGlassExpires = expires;
            return this;
        }

        /**
         * @param why why the event was recorded, in words
         * @return this builder
         */
        public Builder note(String why) {
            this.note = why;
            return this;
        }

        /** @return the event, with this process's OS user, host name and process id */
        public AuditEvent build() {
            return new AuditEvent(time != null ? time : Instant.now(), event, rules, origin, originDecided, targets,
                    targetDecided, databaseProduct, hosts, databaseUser, System.getProperty("user.name"),
                    LocalHost.NAME, ProcessHandle.current().pid(), shape, sha256, rows, breakGlassReason,
                    breakGlassExpires, note);
        }

        private static String sha256(String text) {
            try {
                return HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }
    }

    /** This machine's host name, looked up once (the lookup can be slow). */
    private static final class LocalHost {
        static final String NAME = OriginResolver.localHostName();
    }
}
