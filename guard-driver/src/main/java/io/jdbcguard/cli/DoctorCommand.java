package io.jdbcguard.cli;

import io.jdbcguard.DriverState;
import io.jdbcguard.GuardDriver;
import io.jdbcguard.VendorDrivers;
import io.jdbcguard.decision.ConnectPlan;
import io.jdbcguard.decision.Decisions;
import io.jdbcguard.decision.PairDecision;
import io.jdbcguard.policy.GuardSpec;
import io.jdbcguard.policy.HostPattern;
import io.jdbcguard.policy.PairGuards;
import io.jdbcguard.targets.HostResolver;
import io.jdbcguard.targets.ServerFacts;
import io.jdbcguard.targets.TargetResolver;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code doctor jdbc:guard:postgresql://db/shop [-u user] [-p [password] | --password-env VAR]}: explains, in words,
 * every step of the decision the driver makes for that URL, on the driver's own path ({@link Decisions}): policy
 * files, origin and why, hosts as the vendor driver parses them and what they resolve to, the server's marker,
 * fingerprint and session settings (when it can connect), the target and why, and the rules that apply to the pair.
 * Exit code 0; 2 when the policy is invalid or the vendor driver is missing (a configuration error).
 */
@Command(name = "doctor", description = "Explains what jdbc-guard decides for a JDBC URL, and why.")
final class DoctorCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "the jdbc:guard: URL (or the vendor URL)")
    String url;

    @Mixin
    LoginOptions login;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        String guardUrl = LoginOptions.jdbcUrl("", url).startsWith(GuardDriver.PREFIX) ? url
                : GuardDriver.guardUrl(url);
        Properties info = login.properties();
        DriverState state = GuardDriver.state();
        Decisions decisions = Decisions.standard(state);
        ConnectPlan plan = decisions.plan(guardUrl, info);
        out.println("Policy files: " + (plan.policy().files().isEmpty() ? "none found, so no target is tagged"
                : plan.policy().files().stream().map(Object::toString).collect(Collectors.joining(", "))));
        for (java.nio.file.Path file : plan.policy().files()) {
            io.jdbcguard.policy.Policy alone;
            try {
                alone = io.jdbcguard.policy.PolicyReader.read(file);
            } catch (io.jdbcguard.policy.PolicyException e) {
                throw new SQLException(e.getMessage(), "F0000", e);
            }
            out.println("  " + file + ": " + alone.environments().size() + " environment(s), "
                    + alone.environments().stream().mapToInt(environment -> environment.hosts().size()).sum()
                    + " host entries, " + alone.guards().stream().filter(guard -> guard
                    != io.jdbcguard.policy.Policy.DEFAULT_GUARD).count() + " guard(s)");
        }
        out.println("Origin: " + plan.origin().name() + "\n  because " + plan.origin().reason());
        out.println("Vendor URL: " + VendorDrivers.redact(plan.vendorUrl()) + " (driver "
                + plan.vendor().getClass().getName() + ")");
        out.println("Hosts, as the vendor driver parses the URL: " + (plan.hosts().isEmpty()
                ? "none could be read" : String.join(", ", plan.hosts())));
        for (String host : plan.hosts()) {
            String name = TargetResolver.hostOf(host);
            if (!HostPattern.isIpLiteral(name)) {
                List<InetAddress> addresses = state.hostResolver().resolve(name);
                out.println("  " + name + " resolves to " + (addresses.isEmpty() ? "nothing (within "
                        + HostResolver.TIMEOUT.toMillis() + " ms)" : addresses.stream()
                                .map(InetAddress::getHostAddress).collect(Collectors.joining(", "))));
            }
        }
        PairDecision decision = decisions.decide(plan, serverFacts(out, plan, info, state));
        out.println("Target: " + decision.target().describe());
        decision.target().reasons().forEach(reason -> out.println("  because " + reason));
        String pair = plan.origin().name() + " to " + decision.target().describe();
        PairGuards guards = decision.guards();
        if (!decision.guarded()) {
            out.println("Verdict: statements from " + pair + " are NOT checked: no guard in the policy covers this"
                    + " pair.");
            return 0;
        }
        out.println("Verdict: statements from " + pair + " ARE checked; these rules block: "
                + String.join(", ", guards.enforcedRules()) + (guards.auditedRules().isEmpty() ? ""
                        : "; these are only audited (would-block): " + String.join(", ", guards.auditedRules())));
        for (GuardSpec guard : guards.guards()) {
            out.println("  guard " + guard.origin() + " -> " + guard.target() + ": mode "
                    + guard.mode().name().toLowerCase(Locale.ROOT) + ", read-only " + guard.readOnly() + ", max-rows "
                    + (guard.maxRows().isPresent() ? guard.maxRows().getAsLong() : "none") + " (" + guard.source()
                    + ")");
        }
        out.println("Read-only: " + guards.readOnly().map(mode -> "yes (" + mode.name().toLowerCase(Locale.ROOT)
                + ")").orElse("no"));
        out.println("Max rows per statement: " + (guards.maxRows().isPresent() ? guards.maxRows().getAsLong()
                : "no limit"));
        out.println("Break-glass: " + decision.breakGlass().active(Instant.now())
                .map(grant -> "VALID grant until " + grant.expires() + " (" + grant.reason() + ", " + grant.source()
                        + ")").orElse(plan.policy().breakGlassAllowed() ? "no valid grant (allowed up to "
                                + plan.policy().breakGlassMax() + ")" : "forbidden by the policy ("
                                + plan.policy().breakGlassSource() + ")"));
        out.println("Audit trail: " + plan.policy().auditFile());
        return 0;
    }

    private ServerFacts serverFacts(PrintWriter out, ConnectPlan plan, Properties info, DriverState state) {
        try (Connection raw = plan.vendor().connect(plan.vendorUrl(), info)) {
            ServerFacts facts = ServerFacts.read(raw, plan.dialect(), plan.where(), state.serverWarnings());
            out.println("Server: connected" + (login.user == null ? "" : " as " + login.user) + "; marker: "
                    + (facts.marker() == null ? "none" : facts.marker()) + "; fingerprint: "
                    + (facts.fingerprint() == null ? "unknown" : facts.fingerprint()) + "; session: "
                    + facts.settings());
            facts.notes().forEach(note -> out.println("  note: " + note));
            return facts;
        } catch (SQLException e) {
            out.println("Server: could not connect (" + e.getSQLState() + ": " + e.getMessage() + "), so the target"
                    + " is decided from the URL alone. Pass -u and -p (or --password-env) to let doctor ask the"
                    + " server for its marker.");
            return null;
        }
    }
}
