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
import java.util.List;

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
        Fields fields = new Fields();
        try (JsonParser json = JSON.createParser(line)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                json.nextToken();
                fields.read(name, json);
            }
        }
        if (fields.time == null || fields.event == null) {
            throw new IOException("not an audit event: no time or no event");
        }
        try {
            return fields.event();
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IOException("not an audit event: " + e.getMessage(), e);
        }
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

    /** The fields of one line as read. */
    private static final class Fields {
        private String time;
        private String event;
        private List<String> rules = List.of();
        private String origin;
        private String originDecided;
        private List<String> targets = List.of();
        private String targetDecided;
        private String databaseProduct;
        private List<String> hosts = List.of();
        private String databaseUser;
        private String osUser;
        private String hostName;
        private long pid;
        private String shape;
        private String sha256;
        private Long rows;
        private String breakGlassReason;
        private String breakGlassExpires;

        void read(String name, JsonParser json) throws IOException {
            switch (name) {
                case "time" -> time = json.getValueAsString();
                case "event" -> event = json.getValueAsString();
                case "rules" -> rules = strings(json);
                case "origin" -> origin = json.getValueAsString();
                case "origin_decided" -> originDecided = json.getValueAsString();
                case "targets" -> targets = strings(json);
                case "target_decided" -> targetDecided = json.getValueAsString();
                case "db_product" -> databaseProduct = json.getValueAsString();
                case "db_hosts" -> hosts = strings(json);
                case "db_user" -> databaseUser = json.getValueAsString();
                case "os_user" -> osUser = json.getValueAsString();
                case "host" -> hostName = json.getValueAsString();
                case "pid" -> pid = json.getValueAsLong();
                case "shape" -> shape = json.getValueAsString();
                case "sha256" -> sha256 = json.getValueAsString();
                case "rows" -> rows = json.getValueAsLong();
                case "break_glass_reason" -> breakGlassReason = json.getValueAsString();
                case "break_glass_expires" -> breakGlassExpires = json.getValueAsString();
                default -> json.skipChildren();
            }
        }

        private static List<String> strings(JsonParser json) throws IOException {
            if (json.currentToken() != JsonToken.START_ARRAY) {
                throw new IOException("expected a list of strings");
            }
            List<String> values = new ArrayList<>();
            while (json.nextToken() != JsonToken.END_ARRAY) {
                values.add(json.getValueAsString());
            }
            return values;
        }

        AuditEvent event() {
            return new AuditEvent(Instant.parse(time), AuditEventType.fromId(event), rules, origin, originDecided,
                    targets, targetDecided, databaseProduct, hosts, databaseUser, osUser, hostName, pid, shape,
                    sha256, rows, breakGlassReason, breakGlassExpires == null ? null : Instant.parse(breakGlassExpires));
        }
    }
}
