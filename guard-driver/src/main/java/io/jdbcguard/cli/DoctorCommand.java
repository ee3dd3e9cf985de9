package io.jdbcguard.cli;

import io.jdbcguard.GuardDriver;
import io.jdbcguard.VendorDrivers;
import io.jdbcguard.origin.Origin;
import io.jdbcguard.origin.OriginResolver;
import io.jdbcguard.policy.GuardSpec;
import io.jdbcguard.policy.HostPattern;
import io.jdbcguard.policy.Policy;
import io.jdbcguard.policy.PolicyException;
import io.jdbcguard.policy.PolicyLoader;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.targets.HostResolver;
import io.jdbcguard.targets.ServerFacts;
import io.jdbcguard.targets.Target;
import io.jdbcguard.targets.TargetResolver;
import io.jdbcguard.targets.UrlHosts;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code doctor jdbc:guard:postgresql://db/shop [-u user] [-p [password] | --password-env VAR]}: explains, in words, everything the
 * driver would decide for that URL: policy files, origin and why, hosts as the vendor driver parses them and what
 * they resolve to, the server's marker and fingerprint (when it can connect), the target and why, and the rules that
 * apply to the pair. Exit code 1 when the policy is invalid or the vendor driver is missing.
 */
@Command(name = "doctor", description = "Explains what jdbc-guard decides for a JDBC URL, and why.")
final class DoctorCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "the jdbc:guard: URL (or the vendor URL)")
    String url;

    @Option(names = {"-u", "--user"}, description = "user to connect as, to ask the server for its marker")
    String user;

    @Option(names = {"-p", "--password"}, arity = "0..1", interactive = true,
            description = "password; without a value, asked for on the terminal")
    String password;

    @Option(names = "--password-env", description = "environment variable holding the password")
    String passwordEnv;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String guardUrl = url.startsWith(GuardDriver.PREFIX) ? url : GuardDriver.PREFIX + url.substring(5);
        String vendorUrl = GuardDriver.vendorUrl(guardUrl);
        Policy policy;
        try {
            policy = PolicyLoader.standard().load();
        } catch (PolicyException e) {
            out.println("Policy: INVALID\n  " + e.getMessage());
            return 1;
        }
        out.println("Policy files: " + (policy.files().isEmpty() ? "none found, so no target is tagged"
                : policy.files().stream().map(Object::toString).collect(Collectors.joining(", "))));
        Origin origin = OriginResolver.standard().resolve(policy);
        out.println("Origin: " + origin.name() + "\n  because " + origin.reason());
        Driver vendor;
        try {
            vendor = VendorDrivers.find(vendorUrl);
        } catch (SQLException e) {
            out.println("Vendor driver: MISSING\n  " + e.getMessage());
            return 1;
        }
        out.println("Vendor URL: " + VendorDrivers.redact(vendorUrl) + " (driver " + vendor.getClass().getName() + ")");
        Properties info = new Properties();
        if (user != null) {
            info.setProperty("user", user);
        }
        String secret = password != null ? password : passwordEnv == null ? null : System.getenv(passwordEnv);
        if (secret != null) {
            info.setProperty("password", secret);
        }
        List<String> hosts = UrlHosts.of(vendorUrl, info, vendor.getClass().getClassLoader());
        out.println("Hosts, as the vendor driver parses the URL: " + String.join(", ", hosts));
        for (String host : hosts) {
            String name = TargetResolver.hostOf(host);
            if (!HostPattern.isIpLiteral(name)) {
                List<InetAddress> addresses = HostResolver.resolve(name);
                out.println("  " + name + " resolves to " + (addresses.isEmpty() ? "nothing (within "
                        + HostResolver.TIMEOUT.toMillis() + " ms)" : addresses.stream()
                                .map(InetAddress::getHostAddress).collect(Collectors.joining(", "))));
            }
        }
        ServerFacts server = serverFacts(out, vendor, vendorUrl, info);
        Target target = TargetResolver.resolve(hosts, server, policy);
        out.println("Target: " + target.describe());
        target.reasons().forEach(reason -> out.println("  because " + reason));
        Set<String> rules = policy.rulesFor(origin.name(), target.environments());
        if (rules.isEmpty()) {
            out.println("Verdict: statements from " + origin.name() + " to " + target.describe()
                    + " are NOT checked: no guard in the policy covers this pair.");
        } else {
            out.println("Verdict: statements from " + origin.name() + " to " + target.describe()
                    + " ARE checked; these rules block: " + String.join(", ", rules));
            for (GuardSpec guard : policy.guardsFor(origin.name(), target.environments())) {
                out.println("  guard " + guard.origin() + " -> " + guard.target() + " (" + guard.source() + ")");
            }
        }
        return 0;
    }

    private ServerFacts serverFacts(PrintWriter out, Driver vendor, String vendorUrl, Properties info) {
        Dialect dialect;
        try {
            dialect = GuardDriver.dialect(vendorUrl);
        } catch (SQLException e) {
            out.println("Server: not asked (" + e.getMessage() + ")");
            return null;
        }
        try (Connection raw = vendor.connect(vendorUrl, info)) {
            ServerFacts facts = ServerFacts.read(raw, dialect);
            out.println("Server: connected" + (user == null ? "" : " as " + user) + "; marker: "
                    + (facts.marker() == null ? "none" : facts.marker()) + "; fingerprint: "
                    + (facts.fingerprint() == null ? "unknown" : facts.fingerprint()));
            return facts;
        } catch (SQLException e) {
            out.println("Server: could not connect (" + e.getMessage() + "), so the target is decided from the URL"
                    + " alone. Pass -u and -p (or --password-env) to let doctor ask the server for its marker.");
            return null;
        }
    }
}
