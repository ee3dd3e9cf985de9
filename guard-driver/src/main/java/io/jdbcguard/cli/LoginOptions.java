package io.jdbcguard.cli;

import io.jdbcguard.GuardDriver;
import io.jdbcguard.VendorDrivers;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * How a command logs in to a server, shared by {@code doctor} and {@code lint --url}: {@code -u}, and the password
 * typed ({@code -p}, asked for on the terminal without a value) or read from an environment variable
 * ({@code --password-env}), so it never has to stand in the shell's history.
 */
final class LoginOptions {
    @Option(names = {"-u", "--user"}, description = "user to connect as")
    String user;

    @Option(names = {"-p", "--password"}, arity = "0..1", interactive = true,
            description = "password; without a value, asked for on the terminal")
    String password;

    @Option(names = "--password-env", description = "environment variable holding the password")
    String passwordEnv;

    /**
     * @return the connection properties {@code user} and {@code password}, each only when given (an unset
     *     {@code --password-env} variable gives none)
     */
    Properties properties() {
        Properties info = new Properties();
        if (user != null) {
            info.setProperty("user", user);
        }
        String secret = password != null ? password : passwordEnv == null ? null : System.getenv(passwordEnv);
        if (secret != null) {
            info.setProperty("password", secret);
        }
        return info;
    }

    /**
     * @param option how the command names the URL in a message ({@code --url}), or empty for a positional one
     * @param url a URL the user gave
     * @return {@code url}
     * @throws GuardCli.UsageError when it is not a JDBC URL (its password, if any, is not shown)
     */
    static String jdbcUrl(String option, String url) {
        if (!url.startsWith("jdbc:")) {
            throw new GuardCli.UsageError((option.isEmpty() ? "" : option + " ") + "'" + VendorDrivers.redact(url)
                    + "' is not a JDBC URL: give a " + GuardDriver.PREFIX + "postgresql://host/db URL (or the vendor"
                    + " URL).");
        }
        return url;
    }
}
