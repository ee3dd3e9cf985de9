package io.jdbcguard.cli;

import io.jdbcguard.GuardDriver;
import io.jdbcguard.audit.AuditEvent;
import io.jdbcguard.audit.AuditEventType;
import io.jdbcguard.audit.AuditTrail;
import io.jdbcguard.breakglass.BreakGlassException;
import io.jdbcguard.breakglass.BreakGlassGrant;
import io.jdbcguard.breakglass.BreakGlassGrants;
import io.jdbcguard.policy.DurationText;
import io.jdbcguard.policy.Policy;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code break-glass --reason "INC-123 restore orders" --for 30m [--target production]} gives this OS user a
 * time-boxed grant ({@link BreakGlassGrants}) under which statements jdbc-guard would block run, each audited;
 * {@code break-glass --end [--target production]} ends grants early; {@code break-glass} alone lists the valid ones.
 * Giving and ending are recorded in the audit trail ({@code break-glass-grant}, {@code break-glass-end}).
 *
 * <p>Exit codes: 0 done, 1 refused by the policy ({@code break-glass: false}, or {@code --for} above its max), 2 bad
 * arguments or an invalid policy.
 */
@Command(name = "break-glass", description = {"Gives, lists or ends time-boxed break-glass grants.",
        "Exit codes: 0 done, 1 refused by the policy, 2 bad arguments or an invalid policy."})
final class BreakGlassCommand implements Callable<Integer> {
    private static final Duration FLUSH = Duration.ofSeconds(5);

    @Option(names = "--reason", description = "why, with the ticket, e.g. \"INC-123 restore orders\"")
    String reason;

    @Option(names = "--for", converter = TimeOptions.Length.class,
            description = "how long: 30m, 4h, 1d (at most the policy's break-glass max, 4h by default)")
    Duration length;

    @Option(names = "--target", description = "the environment the grant covers, e.g. production (default: all)")
    String target;

    @Option(names = "--end", description = "end the valid grants (of --target only, when given) now")
    boolean end;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (target != null && !target.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw usage("--target '" + target + "' is not an environment name: use letters, digits, '.', '_' and"
                    + " '-', e.g. --target production.");
        }
        if (end && (reason != null || length != null)) {
            throw usage("--end ends grants; it takes no --reason or --for. Run it alone (with --target to end only"
                    + " that environment's grants).");
        }
        Policy policy = CommandPolicy.load(spec);
        BreakGlassGrants grants = BreakGlassGrants.standard();
        Instant now = Instant.now();
        if (end) {
            return end(policy, grants, now);
        }
        if (reason == null && length == null) {
            return list(policy, grants, now);
        }
        if (reason == null || reason.isBlank() || length == null) {
            throw usage("Give both --reason (why, with the ticket) and --for (how long), e.g. break-glass --reason"
                    + " \"INC-123 restore orders\" --for 30m --target production.");
        }
        return give(policy, grants, now);
    }

    private int give(Policy policy, BreakGlassGrants grants, Instant now) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        BreakGlassGrant grant;
        try {
            grant = grants.give(policy, reason, length, target == null ? BreakGlassGrant.ALL : target, now);
        } catch (BreakGlassException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        audit(policy, AuditEventType.BREAK_GLASS_GRANT, grant);
        out.println("Break-glass granted until " + local(grant.expires()) + " (" + DurationText.format(length)
                + ") for " + covers(grant) + ": " + grant.reason());
        out.println("  Statements jdbc-guard would block now run for " + grant.osUser() + " on this machine, each one"
                + " recorded in the audit trail " + policy.auditFile() + ".");
        out.println("  End it early with: jdbc-guard break-glass --end" + (target == null ? "" : " --target " + target));
        return 0;
    }

    private int end(Policy policy, BreakGlassGrants grants, Instant now) throws IOException {
        List<BreakGlassGrant> ended = grants.end(policy, target, now);
        for (BreakGlassGrant grant : ended) {
            audit(policy, AuditEventType.BREAK_GLASS_END, grant);
            spec.commandLine().getOut().println("Ended: " + describe(grant));
        }
        if (ended.isEmpty()) {
            spec.commandLine().getOut().println("No valid break-glass grant" + (target == null ? ""
                    : " for " + target) + " to end.");
        }
        return 0;
    }

    private int list(Policy policy, BreakGlassGrants grants, Instant now) {
        PrintWriter out = spec.commandLine().getOut();
        if (!policy.breakGlassAllowed()) {
            out.println("Break-glass is forbidden by the policy (" + policy.breakGlassSource() + "): no grant is used.");
            return 0;
        }
        List<BreakGlassGrant> valid = grants.valid(policy, now).stream()
                .filter(grant -> target == null || grant.covers(target)).toList();
        if (valid.isEmpty()) {
            out.println("No valid break-glass grant" + (target == null ? "" : " for " + target) + " in "
                    + grants.folder() + ". Give one with: jdbc-guard break-glass --reason \"<ticket and reason>\""
                    + " --for <30m, at most " + DurationText.format(policy.breakGlassMax()) + ">.");
        }
        valid.forEach(grant -> out.println(describe(grant)));
        grants.all(now).stream().filter(grant -> target == null || grant.covers(target))
                .filter(grant -> grant.invalidity(policy, now) != null)
                .forEach(grant -> out.println("INVALID, not used: " + describe(grant) + " (" + grant.source()
                        + "): " + grant.invalidity(policy, now) + ". Delete it and give a new grant."));
        return 0;
    }

    private void audit(Policy policy, AuditEventType type, BreakGlassGrant grant) {
        AuditTrail trail = GuardDriver.state().auditTrails().forFile(policy.auditFile());
        long lostBefore = trail.lost();
        trail.record(AuditEvent.builder(type).targets(List.of(grant.target()), "break-glass --target")
                .breakGlass(grant.reason(), grant.expires()).build());
        if (!trail.flush(FLUSH) || trail.lost() > lostBefore) {
            spec.commandLine().getErr().println("jdbc-guard: the " + type.id() + " event could not be written to the"
                    + " audit trail " + trail.file() + ". Make it writable, or name another file with audit: {file:"
                    + " ...} in the policy.");
        }
    }

    private static String describe(BreakGlassGrant grant) {
        return "until " + local(grant.expires()) + " for " + covers(grant) + ": " + grant.reason() + " (given by "
                + grant.osUser() + " on " + grant.host() + " at " + local(grant.created()) + ")";
    }

    private static String covers(BreakGlassGrant grant) {
        return grant.target().equals(BreakGlassGrant.ALL) ? "every environment" : grant.target();
    }

    private static LocalDateTime local(Instant time) {
        return LocalDateTime.ofInstant(time, ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
