package io.jdbcguard.cli;

import io.jdbcguard.policy.Policy;
import io.jdbcguard.policy.PolicyException;
import io.jdbcguard.policy.PolicyLoader;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The policy in force for a command that cannot work without it: an invalid policy is a configuration error. */
final class CommandPolicy {
    private CommandPolicy() {
    }

    /**
     * @param spec the running command
     * @return the policy in force, read by a {@link PolicyLoader#standard() standard loader} of the command's own, so
     *     the files are read as they are now; without a file, the built-in guard, with no warning logged
     *     ({@link PolicyLoader#quiet()})
     * @throws ParameterException (exit code 2) naming the file, line and column and the fix, when a policy file is
     *     invalid or a named one is missing
     */
    static Policy load(CommandSpec spec) {
        try {
            return PolicyLoader.standard().quiet().load();
        } catch (PolicyException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
