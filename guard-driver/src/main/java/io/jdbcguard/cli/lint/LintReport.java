package io.jdbcguard.cli.lint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.jdbcguard.rules.analyzer.Rules;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes lint's findings in one of its formats:
 * <ul>
 *   <li>{@code text}: {@code file:line:column: rule: message}, grouped by file, then a summary line;
 *   <li>{@code json}: one JSON object per finding and line (file, line, column, rule, severity, message, statement,
 *       allowed, reason);
 *   <li>{@code github}: GitHub Actions workflow commands ({@code ::error file=...,line=...,col=...::...}, <a
 *       href="https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions">Workflow
 *       commands</a>), {@code warning} for what only an audit-mode guard records, {@code notice} for what a review
 *       comment allows;
 *   <li>{@code sarif}: one SARIF 2.1.0 log (<a
 *       href="https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html">SARIF 2.1.0</a>) with the rules
 *       found and a result per finding (rule id, level, message, the file and the start line and column), for GitHub
 *       code scanning and other tools; an allowed finding is a result with an accepted suppression.
 * </ul>
 */
public final class LintReport {
    /** The formats. */
    public enum Format {
        /** For people. */
        TEXT,
        /** JSON lines. */
        JSON,
        /** GitHub Actions workflow commands. */
        GITHUB,
        /** SARIF 2.1.0. */
        SARIF
    }

    private LintReport() {
    }

    /**
     * @param findings the findings, in file and statement order
     * @param format the format
     * @param out where to write
     * @throws IOException when writing fails
     */
    public static void write(List<LintFinding> findings, Format format, PrintWriter out) throws IOException {
        switch (format) {
            case TEXT -> text(findings, out);
            case JSON -> json(findings, out);
            case GITHUB -> github(findings, out);
            case SARIF -> sarif(findings, out);
            default -> throw new IllegalArgumentException(format.name());
        }
        out.flush();
    }

    private static void text(List<LintFinding> findings, PrintWriter out) {
        Path file = null;
        long blocks = 0;
        long audits = 0;
        long allowed = 0;
        for (LintFinding finding : findings) {
            if (!finding.file().equals(file)) {
                file = finding.file();
                out.println(file + ":");
            }
            String where = "  " + finding.file() + ":" + finding.line() + ":" + finding.column() + ": "
                    + finding.rule() + ": ";
            if (finding.allowed()) {
                allowed++;
                out.println(where + "allowed by review (" + finding.allowedBecause() + "): " + finding.message());
            } else if (finding.blocks()) {
                blocks++;
                out.println(where + finding.message());
            } else {
                audits++;
                out.println(where + "(audit) " + finding.message());
            }
        }
        out.println(findings.isEmpty() ? "No findings." : blocks + " blocking, " + audits + " audited, " + allowed
                + " allowed by review.");
    }

    private static void json(List<LintFinding> findings, PrintWriter out) throws IOException {
        JsonFactory factory = new JsonFactory();
        for (LintFinding finding : findings) {
            StringWriter line = new StringWriter();
            try (JsonGenerator json = factory.createGenerator(line)) {
                json.writeStartObject();
                json.writeStringField("file", finding.file().toString());
                json.writeNumberField("line", finding.line());
                json.writeNumberField("column", finding.column());
                json.writeStringField("rule", finding.rule());
                json.writeStringField("severity", finding.blocks() ? "block" : "audit");
                json.writeStringField("message", finding.message());
                json.writeStringField("statement", finding.statement());
                json.writeBooleanField("allowed", finding.allowed());
                if (finding.allowed()) {
                    json.writeStringField("reason", finding.allowedBecause());
                }
                json.writeEndObject();
            }
            out.println(line);
        }
    }

    private static void github(List<LintFinding> findings, PrintWriter out) {
        for (LintFinding finding : findings) {
            String level = finding.allowed() ? "notice" : finding.blocks() ? "error" : "warning";
            String message = finding.allowed() ? "allowed by review (" + finding.allowedBecause() + "): "
                    + finding.message() : finding.message();
            out.println("::" + level + " file=" + property(finding.file().toString()) + ",line=" + finding.line()
                    + ",col=" + finding.column() + ",title=" + property("jdbc-guard " + finding.rule()) + "::"
                    + data(message));
        }
    }

    /** A workflow command's message: {@code %}, CR and LF escaped. */
    private static String data(String text) {
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** A workflow command's property value: as {@link #data}, and {@code :} and {@code ,} too. */
    private static String property(String text) {
        return data(text).replace(":", "%3A").replace(",", "%2C");
    }

    private static void sarif(List<LintFinding> findings, PrintWriter out) throws IOException {
        Map<String, String> rules = new LinkedHashMap<>();
        for (LintFinding finding : findings) {
            rules.computeIfAbsent(finding.rule(), LintReport::summary);
        }
        try (JsonGenerator json = new JsonFactory().createGenerator(out)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.writeStringField("version", "2.1.0");
            json.writeArrayFieldStart("runs");
            json.writeStartObject();
            json.writeObjectFieldStart("tool");
            json.writeObjectFieldStart("driver");
            json.writeStringField("name", "jdbc-guard");
            json.writeArrayFieldStart("rules");
            for (Map.Entry<String, String> rule : rules.entrySet()) {
                json.writeStartObject();
                json.writeStringField("id", rule.getKey());
                json.writeObjectFieldStart("shortDescription");
                json.writeStringField("text", rule.getValue());
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndObject();
            json.writeArrayFieldStart("results");
            for (LintFinding finding : findings) {
                json.writeStartObject();
                json.writeStringField("ruleId", finding.rule());
                json.writeStringField("level", finding.blocks() ? "error" : "warning");
                json.writeObjectFieldStart("message");
                json.writeStringField("text", finding.message());
                json.writeEndObject();
                json.writeArrayFieldStart("locations");
                json.writeStartObject();
                json.writeObjectFieldStart("physicalLocation");
                json.writeObjectFieldStart("artifactLocation");
                json.writeStringField("uri", finding.file().toString().replace('\\', '/'));
                json.writeEndObject();
                json.writeObjectFieldStart("region");
                json.writeNumberField("startLine", finding.line());
                json.writeNumberField("startColumn", finding.column());
                json.writeEndObject();
                json.writeEndObject();
                json.writeEndObject();
                json.writeEndArray();
                if (finding.allowed()) {
                    json.writeArrayFieldStart("suppressions");
                    json.writeStartObject();
                    json.writeStringField("kind", "inSource");
                    json.writeStringField("status", "accepted");
                    json.writeStringField("justification", finding.allowedBecause());
                    json.writeEndObject();
                    json.writeEndArray();
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        }
        out.println();
    }

    private static String summary(String rule) {
        return Rules.all().stream().filter(known -> known.id().equals(rule)).map(known -> known.summary())
                .findFirst().orElse("a jdbc-guard review comment that cannot be applied");
    }
}
