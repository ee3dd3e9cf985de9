package io.jdbcguard.cli;

import io.jdbcguard.audit.AuditEvent;
import io.jdbcguard.audit.AuditEventType;
import io.jdbcguard.audit.AuditJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code audit [--event block] [--rule drop] [--target production] [--since 2h] [--until T] [--file F]}: prints the
 * audit trail (the policy's {@code audit: file:}, or {@code --file}) as a table, oldest first: time (UTC), event,
 * rules, origin, target, {@code host:port}, user (the database user, else the OS user), statement shape (shortened).
 * Lines that are not audit events are skipped and counted.
 *
 * <p>Exit codes: 0 printed (also when there is no trail yet), 2 bad arguments, an invalid policy or an unreadable
 * file.
 */
@Command(name = "audit", description = {"Prints the audit trail as a table, filtered.",
        "Exit codes: 0 printed (also when there is no trail yet), 2 bad arguments, an invalid policy or an unreadable"
                + " trail."})
final class AuditCommand implements Callable<Integer> {
    /** How much of a statement shape the table shows, in characters. */
    static final int SHAPE_WIDTH = 60;

    @Option(names = "--event", converter = EventConverter.class,
            description = "only this event: block, would-block, break-glass, row-limit, hidden-write,"
                    + " break-glass-grant, break-glass-end")
    AuditEventType event;

    @Option(names = "--rule", description = "only events of this rule, e.g. drop")
    String rule;

    @Option(names = "--target", description = "only events whose target includes this environment, e.g. production")
    String target;

    @Option(names = "--since", converter = TimeOptions.PointInTime.class,
            description = "only events at or after this time: ISO-8601 (2026-12-01T14:30, 2026-12-01T13:30:00Z) or"
                    + " a duration meaning that long ago (2h)")
    Instant since;

    @Option(names = "--until", converter = TimeOptions.PointInTime.class,
            description = "only events at or before this time (same forms as --since)")
    Instant until;

    @Option(names = "--file", description = "read this trail instead of the policy's audit file")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path trail = file != null ? file : CommandPolicy.load(spec).auditFile();
        if (!Files.exists(trail)) {
            out.println("No audit trail yet: " + trail + " does not exist. jdbc-guard creates it at the first event"
                    + " (a blocked, would-be-blocked or break-glass statement, or a break-glass grant).");
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        int unreadable = 0;
        try (BufferedReader lines = Files.newBufferedReader(trail, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    AuditEvent read = AuditJson.fromLine(line);
                    if (matches(read)) {
                        rows.add(row(read));
                    }
                } catch (IOException e) {
                    unreadable++;
                }
            }
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "Cannot read the audit trail "
                    + trail + ": " + e.getMessage() + ". Check its permissions, or name another with --file.", e);
        }
        print(out, rows);
        out.println(rows.size() + " event" + (rows.size() == 1 ? "" : "s") + " in " + trail
                + (unreadable == 0 ? "" : "; " + unreadable + " line" + (unreadable == 1 ? " was" : "s were")
                        + " not an audit event and skipped"));
        return 0;
    }

    private boolean matches(AuditEvent read) {
        return (event == null || read.event() == event) && (rule == null || read.rules().contains(rule))
                && (target == null || read.targets().contains(target))
                && (since == null || !read.time().isBefore(since)) && (until == null || !read.time().isAfter(until));
    }

    private static List<String> row(AuditEvent read) {
        String shape = read.shape() == null ? "" : read.shape();
        return List.of(read.time().truncatedTo(ChronoUnit.SECONDS).toString(), read.event().id(),
                String.join(",", read.rules()), read.origin() == null ? "" : read.origin(),
                String.join(",", read.targets()), String.join(",", read.hosts()),
                read.databaseUser() != null ? read.databaseUser() : read.osUser() == null ? "" : read.osUser(),
                shape.length() <= SHAPE_WIDTH ? shape : shape.substring(0, SHAPE_WIDTH - 3) + "...");
    }

    private static void print(PrintWriter out, List<List<String>> rows) {
        List<String> header = List.of("TIME", "EVENT", "RULES", "ORIGIN", "TARGET", "HOST:PORT", "USER", "SHAPE");
        int[] widths = new int[header.size()];
        for (List<String> row : concat(header, rows)) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : concat(header, rows)) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static List<List<String>> concat(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }

    /** Reads {@code --event} by its name in the trail, e.g. {@code would-block}. */
    static final class EventConverter implements ITypeConverter<AuditEventType> {
        @Override
        public AuditEventType convert(String value) {
            try {
                return AuditEventType.fromId(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
