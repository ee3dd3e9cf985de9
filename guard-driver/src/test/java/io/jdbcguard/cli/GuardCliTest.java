package io.jdbcguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Exit codes and error paragraphs of the command line: 0 allowed, 1 blocked, 2 usage or configuration errors. */
class GuardCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path folder;

    @AfterEach
    void restore() {
        System.clearProperty("jdbcguard.policy");
    }

    private int run(String... args) {
        CommandLine commandLine = GuardCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void checkExitsOneWhenBlockedAndZeroWhenAllowed() {
        assertThat(run("check", "--dialect", "postgresql", "DROP TABLE users")).isEqualTo(1);
        assertThat(out.toString()).contains("BLOCKED", "[drop]");
        assertThat(run("check", "--dialect", "postgresql", "SELECT 1")).isZero();
    }

    @Test
    void checkAllowsTheSessionsOwnTemporaryTablesAndMariadbSequencesWithAnEngine() {
        assertThat(run("check", "--dialect", "postgresql", "CREATE TEMP TABLE scratch (id int); TRUNCATE scratch"))
                .isZero();
        assertThat(run("check", "--dialect", "postgresql", "DROP TABLE IF EXISTS pg_temp.scratch")).isZero();
        assertThat(run("check", "--dialect", "mysql", "CREATE TEMPORARY TABLE tmp_users SELECT * FROM users"))
                .isZero();
        assertThat(run("check", "--dialect", "mysql", "CREATE TEMPORARY TABLE tmp (id INT); DELETE FROM tmp"))
                .isZero();
        assertThat(run("check", "--dialect", "mysql", "CREATE SEQUENCE BATCH_STEP_EXECUTION_SEQ START WITH 1"
                + " MINVALUE 1 MAXVALUE 9223372036854775806 INCREMENT BY 1 NOCACHE NOCYCLE ENGINE=InnoDB")).isZero();
        assertThat(run("check", "--dialect", "postgresql", "CREATE TEMP TABLE scratch (id int); TRUNCATE users"))
                .isEqualTo(1);
    }

    @Test
    void usageErrorsExitTwoWithOneParagraph() {
        assertThat(run("check", "--dialect", "oracle", "SELECT 1")).isEqualTo(GuardCli.USAGE_ERROR);
        assertThat(err.toString().strip()).contains("oracle").doesNotContain("\tat ").hasLineCount(1);
        assertThat(run("check")).isEqualTo(GuardCli.USAGE_ERROR);
        assertThat(run("doctor", "not-a-url")).isEqualTo(GuardCli.USAGE_ERROR);
    }

    @Test
    void anInvalidPolicyExitsTwoNamingFileLineAndColumn() throws Exception {
        Path policy = Files.writeString(folder.resolve("policy.yml"), "environments:\n  production:\n    hots: [x]\n");
        System.setProperty("jdbcguard.policy", policy.toString());

        assertThat(run("check", "--dialect", "mysql", "SELECT 1")).isEqualTo(GuardCli.USAGE_ERROR);
        assertThat(err.toString()).contains(policy + ":3:5", "hots");
    }

    @Test
    void aMissingVendorDriverIsAConfigurationError() {
        assertThat(run("doctor", "jdbc:guard:nosuchdb://db/shop")).isEqualTo(GuardCli.USAGE_ERROR);
        assertThat(err.toString()).contains("nosuchdb");
    }
}
