package io.jdbcguard.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit trail's line format: one JSON object per event, with these fields (absent when unknown or empty):
 * {@code time} (UTC ISO-8601), {@code event}, {@code rules} (list), {@code origin}, {@code origin_decided},
 * {@code targets} (list), {@code target_decided}, {@code db_product}, {@code db_hosts} (list of {@code host:port}),
 * {@code db_user}, {@code os_user}, {@code host}, {@code pid}, {@code shape}, {@code sha256}, {@code rows},
 * {@code break_glass_reason}, {@code break_glass_expires} (UTC ISO-8601). Readers skip fields they do not know.
 */
public final class AuditJson {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private AuditJson() {
    }

    /**
     * @param event an event
     * @return its line, without the line break
     */
    public static String toLine(AuditEvent event) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("time", event.time().toString());
            json.writeStringField("event", event.event().id());
            list(json, "rules", event.rules());
            string(json, "origin", event.origin());
            string(json, "origin_decided", event.originDecided());
            list(json, "targets", event.targets());
            string(json, "target_decided", event.targetDecided());
            string(json, "db_product", event.databaseProduct());
            list(json, "db_hosts", event.hosts());
            string(json, "db_user", event.databaseUser());
            string(json, "os_user", event.osUser());
            string(json, "host", event.hostName());
            json.writeNumberField("pid", event.pid());
            string(json, "shape", event.shape());
            string(json, "sha256", event.sha256());
            if (event.rows() != null) {
                json.writeNumberField("rows", event.rows());
            }
            string(json, "break_glass_reason", event.breakGlassReason());
            string(json, "break_glass_expires",
                    event.breakGlassExpires() == null ? null : event.breakGlassExpires().toString());
            string(json, "note", event.note());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
        return text.toString();
    }

    /**
     * @param line one line of a trail
     * @return the event it holds
     * @throws IOException if the line is not a JSON object, or lacks a valid {@code time} or {@code event}
     */
    public static AuditEvent fromLine(String line) throws IOException {
        Map<String, Object> fields = new HashMap<>();
        try (JsonParser json = JSON.createParser(line)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if (value == JsonToken.START_ARRAY) {
                    fields.put(name, strings(json));
                } else if (value.isNumeric()) {
                    fields.put(name, json.getValueAsLong());
                } else if (value.isScalarValue()) {
                    fields.put(name, json.getValueAsString());
                } else {
                    json.skipChildren();
                }
            }
        }
        String time = text(fields, "time");
        String event = text(fields, "event");
        if (time == null || event == null) {
            throw new IOException("not an audit event: no time or no event");
        }
        try {
            String expires = text(fields, "break_glass_expires");
            Long pid = number(fields, "pid");
            return new AuditEvent(Instant.parse(time), AuditEventType.fromId(event), list(fields, "rules"),
                    text(fields, "origin"), text(fields, "origin_decided"), list(fields, "targets"),
                    text(fields, "target_decided"), text(fields, "db_product"), list(fields, "db_hosts"),
                    text(fields, "db_user"), text(fields, "os_user"), text(fields, "host"), pid == null ? 0 : pid,
                    text(fields, "shape"), text(fields, "sha256"), number(fields, "rows"),
                    text(fields, "break_glass_reason"), expires == null ? null : Instant.parse(expires),
                    text(fields, "note"));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IOException("not an audit event: " + e.getMessage(), e);
        }
    }

    private static List<String> strings(JsonParser json) throws IOException {
        List<String> values = new ArrayList<>();
        while (json.nextToken() != JsonToken.END_ARRAY) {
            if (!json.currentToken().isScalarValue() || json.currentToken() == JsonToken.VALUE_NULL) {
                throw new IOException("expected a list of strings");
            }
            values.add(json.getValueAsString());
        }
        return values;
    }

    private static String text(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        return value == null || value instanceof List ? null : value.toString();
    }

    private static Long number(Map<String, Object> fields, String name) {
        return fields.get(name) instanceof Long value ? value : null;
    }

    private static List<String> list(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        List<String> values = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(element -> values.add((String) element));
        }
        return values;
    }

    private static void string(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    private static void list(JsonGenerator json, String name, List<String> values) throws IOException {
        if (!values.isEmpty()) {
            json.writeArrayFieldStart(name);
            for (String value : values) {
                json.writeString(value);
            }
            json.writeEndArray();
        }
    }
}
