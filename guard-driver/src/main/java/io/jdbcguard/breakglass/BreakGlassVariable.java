package io.jdbcguard.breakglass;

import io.jdbcguard.origin.OriginResolver;
import io.jdbcguard.policy.DurationText;
import io.jdbcguard.policy.Policy;
import io.jdbcguard.policy.TimeText;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Function;

/**
 * Break-glass for one process: system property {@value #PROPERTY}, else environment variable {@value #ENV}, written
 * {@code <reason>; until=<time>}, e.g. {@code JDBC_GUARD_BREAK_GLASS="INC-123 restore orders; until=2026-12-01T14:30"}.
 * The time is ISO-8601 ({@link TimeText}: {@code 2026-12-01T13:30:00Z}, {@code 2026-12-01T14:30+01:00}, or a local
 * date-time of this machine's time zone, {@code 2026-12-01T14:30}); it must be in the future and within the policy's
 * {@code break-glass: {max: ...}} from now. The grant covers every environment.
 */
public final class BreakGlassVariable {
    /** Environment variable holding the break-glass reason and expiry. */
    public static final String ENV = "JDBC_GUARD_BREAK_GLASS";
    /** System property holding the break-glass reason and expiry, read before the environment variable. */
    public static final String PROPERTY = "jdbcguard.breakGlass";

    private static final String UNTIL = "until=";

    private BreakGlassVariable() {
    }

    /**
     * @param properties looks up system properties
     * @param environment looks up environment variables
     * @return the text of {@value #PROPERTY}, else of {@value #ENV}, stripped; null when neither is set (or both are
     *     blank)
     */
    public static String text(Function<String, String> properties, Function<String, String> environment) {
        Setting setting = lookup(properties, environment);
        return setting == null ? null : setting.text();
    }

    private static Setting lookup(Function<String, String> properties, Function<String, String> environment) {
        String text = properties.apply(PROPERTY);
        if (text != null && !text.isBlank()) {
            return new Setting(text.strip(), "system property " + PROPERTY);
        }
        text = environment.apply(ENV);
        return text == null || text.isBlank() ? null : new Setting(text.strip(), "environment variable " + ENV);
    }

    /**
     * Reads the variable as a grant.
     *
     * @param properties looks up system properties
     * @param environment looks up environment variables
     * @param policy the policy in force
     * @param now the current time
     * @param zone the time zone of a local date-time (normally {@link ZoneId#systemDefault()})
     * @return the grant, or empty when neither {@value #PROPERTY} nor {@value #ENV} is set
     * @throws BreakGlassException if it is set but the policy forbids break-glass, it has no reason or no
     *     {@code until=}, the time cannot be read, has passed, or is beyond the policy's max from now; the message
     *     shows exactly what to write
     */
    public static Optional<BreakGlassGrant> read(Function<String, String> properties,
            Function<String, String> environment, Policy policy, Instant now, ZoneId zone)
            throws BreakGlassException {
        Setting setting = lookup(properties, environment);
        if (setting == null) {
            return Optional.empty();
        }
        String text = setting.text();
        int semicolon = text.lastIndexOf(';');
        String reason = semicolon < 0 ? text : text.substring(0, semicolon).strip();
        String until = semicolon < 0 ? "" : text.substring(semicolon + 1).strip();
        String fix = fix(policy, now, zone, reason);
        if (reason.isEmpty() || reason.startsWith(UNTIL) || !until.startsWith(UNTIL)) {
            throw new BreakGlassException("jdbc-guard: " + ENV + " must give a reason and an expiry, as"
                    + " '<reason>; until=<time>'. " + fix);
        }
        Instant expires = time(until.substring(UNTIL.length()).strip(), zone, fix);
        BreakGlassLimits.check(policy, now, expires, fix);
        return Optional.of(new BreakGlassGrant(reason, System.getProperty("user.name"),
                OriginResolver.localHostName(), now, expires, BreakGlassGrant.ALL, setting.source()));
    }

    private static Instant time(String text, ZoneId zone, String fix) throws BreakGlassException {
        try {
            return TimeText.parse(text, zone);
        } catch (IllegalArgumentException e) {
            throw new BreakGlassException("jdbc-guard: " + ENV + " has until=" + text + ": " + e.getMessage()
                    + ". " + fix);
        }
    }

    /**
     * The sentence telling exactly what to write: the reason given (or a placeholder), until one hour from now (or
     * the policy's max, if shorter).
     */
    private static String fix(Policy policy, Instant now, ZoneId zone, String givenReason) {
        String reason = givenReason.isEmpty() || givenReason.startsWith(UNTIL) ? "INC-123 restore orders"
                : givenReason;
        Duration length = policy.breakGlassMax().compareTo(Duration.ofHours(1)) < 0 ? policy.breakGlassMax()
                : Duration.ofHours(1);
        LocalDateTime until = LocalDateTime.ofInstant(now.plus(length), zone).truncatedTo(ChronoUnit.MINUTES);
        return "Write, for example: " + ENV + "=\"" + reason + "; until=" + until + "\" (local time of this machine),"
                + " or use 'jdbc-guard break-glass --reason \"" + reason + "\" --for " + DurationText.format(length)
                + "'.";
    }

    /** The variable's text and which of the two names gave it. */
    private record Setting(String text, String source) {
    }
}
