package io.jdbcguard.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an audit event records; {@link #id()} is the {@code event} field of the trail. */
public enum AuditEventType {
    /** A statement was refused by an enforcing guard. */
    BLOCK,
    /** A statement an audit-mode guard objects to ran (the roll-out mode): it would have been blocked. */
    WOULD_BLOCK,
    /** A statement that would have been blocked ran under a break-glass grant. */
    BREAK_GLASS,
    /** A statement changed (or would change) more rows than the pair's {@code max-rows}. */
    ROW_LIMIT,
    /** A write the guard could not see in the text reached a read-only pair (e.g. a function with side effects). */
    HIDDEN_WRITE,
    /** A break-glass grant was given ({@code jdbc-guard break-glass --reason ... --for ...}). */
    BREAK_GLASS_GRANT,
    /** A break-glass grant was ended before its expiry ({@code jdbc-guard break-glass --end}). */
    BREAK_GLASS_END,
    /**
     * Events of this process are missing before this one ({@code rows}: how many; {@code note}: why, e.g. the file
     * system was full): written first when the trail can be written again.
     */
    TRAIL_GAP;

    /** @return the name written in the trail, e.g. {@code would-block} */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param id a name as written in the trail, e.g. {@code block}
     * @return the type
     * @throws IllegalArgumentException if no type has that name; the message lists the known ones
     */
    public static AuditEventType fromId(String id) {
        return Arrays.stream(values()).filter(type -> type.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown audit event '" + id + "': expected one of "
                        + Arrays.stream(values()).map(AuditEventType::id).collect(Collectors.joining(", "))));
    }
}
