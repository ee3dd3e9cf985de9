package io.jdbcguard.cli;

import io.jdbcguard.jdbc.GuardVersion;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The command line of the driver jar: {@code java -cp jdbc-guard.jar:<vendor driver jar> io.jdbcguard.cli.GuardCli
 * doctor|check ...} (or {@code java -jar jdbc-guard.jar check ...}, which needs no vendor driver).
 *
 * <p>Exit codes: 0 success (and, for {@code check}, allowed); 1 blocked ({@code check}); 2 a usage or configuration
 * error (bad arguments, an invalid policy file, a missing vendor driver), reported as one paragraph on standard error.
 */
@Command(name = "jdbc-guard", mixinStandardHelpOptions = true, versionProvider = GuardCli.Version.class,
        description = "Explains and tests what jdbc-guard decides.",
        subcommands = {DoctorCommand.class, CheckCommand.class, LintCommand.class, BreakGlassCommand.class,
                AuditCommand.class})
public final class GuardCli implements Runnable {
    /** The exit code of usage and configuration errors. */
    public static final int USAGE_ERROR = 2;

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments, e.g. {@code doctor jdbc:guard:postgresql://db/shop}
     */
    public static void main(String[] args) {
        plainWarnings();
        System.exit(run(args));
    }

    /**
     * The command line's own warnings (the driver's classes log through {@link System.Logger}, i.e. JUL here) as one
     * plain line on stderr, {@code jdbc-guard: WARNING: ...}, like the rest of its output, instead of JUL's two-line
     * format with a time and a class name. Only in this process: inside an application the driver leaves JUL alone.
     */
    private static void plainWarnings() {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        for (java.util.logging.Handler handler : root.getHandlers()) {
            handler.setFormatter(new java.util.logging.Formatter() {
                @Override
                public String format(java.util.logging.LogRecord record) {
                    return "jdbc-guard: " + record.getLevel().getName() + ": " + formatMessage(record)
                            .replaceFirst("^jdbc-guard:? ", "") + System.lineSeparator();
                }
            });
        }
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
        CommandLine commandLine = new CommandLine(new GuardCli());
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("jdbc-guard: " + e.getMessage().replaceFirst("\\.$", "") + ". Usage: "
                    + failed.getCommandSpec().qualifiedName() + " --help.");
            return USAGE_ERROR;
        });
        commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> {
            PrintWriter err = failed.getErr();
            err.println("jdbc-guard " + failed.getCommandName() + ": " + e.getMessage());
            return USAGE_ERROR;
        });
        return commandLine;
    }

    /** Without a subcommand: prints the usage. */
    @Override
    public void run() {
        commandLine().usage(System.out);
    }

    /** A usage error a command finds after parsing, e.g. a value picocli cannot validate. */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    /** The version from the build. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jdbc-guard " + GuardVersion.VERSION};
        }
    }
}
