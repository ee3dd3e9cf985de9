package io.jdbcguard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line of the driver jar: {@code java -cp jdbc-guard.jar:<vendor driver jar> io.jdbcguard.cli.GuardCli
 * doctor|check ...} (or {@code java -jar jdbc-guard.jar check ...}, which needs no vendor driver).
 *
 * <p>Exit codes: 0 success (and, for {@code check}, allowed), 1 blocked ({@code check}) or a problem found
 * ({@code doctor}), 2 bad arguments.
 */
@Command(name = "jdbc-guard", mixinStandardHelpOptions = true, version = "jdbc-guard 0.1",
        description = "Explains and tests what jdbc-guard decides.",
        subcommands = {DoctorCommand.class, CheckCommand.class, BreakGlassCommand.class, AuditCommand.class})
public final class GuardCli implements Runnable {
    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments, e.g. {@code doctor jdbc:guard:postgresql://db/shop}
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line without exiting, for tests and embedding.
     *
     * @param args the arguments
     * @return the exit code
     */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** @return the command line, for callers that set its output writers before executing */
    public static CommandLine commandLine() {
        return new CommandLine(new GuardCli());
    }

    /** Without a subcommand: prints the usage. */
    @Override
    public void run() {
        commandLine().usage(System.out);
    }
}
