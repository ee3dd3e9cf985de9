package io.jdbcguard.it.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.cli.GuardCli;
import io.jdbcguard.it.Database;
import io.jdbcguard.it.GuardSettings;
import io.jdbcguard.it.ShopFixture;
import io.jdbcguard.it.ShopState;
import io.jdbcguard.it.Target;
import io.jdbcguard.it.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * {@code jdbc-guard lint --url} against the real servers (issue #26 item 5): with the target's catalog, a type change
 * is judged against the column's live type (the old and the new type in the finding) and a dropped table's rows are
 * told; without it the text alone is judged. Lint only reads: the shop is unchanged.
 */
class LintIT {
    @RegisterExtension
    final GuardSettings guard = new GuardSettings();

    @TempDir
    Path folder;

    @ParameterizedTest
    @EnumSource(Database.class)
    void withTheTargetsCatalogLintTellsOldAndNewTypesAndRowCounts(Database database) throws Exception {
        ShopFixture.reset(database, Target.PRODUCTION);
        ShopState before = ShopFixture.snapshot(database, Target.PRODUCTION);
        boolean pg = database == Database.POSTGRESQL;
        Path migration = Files.writeString(folder.resolve("V2__narrow.sql"), (pg
                ? "ALTER TABLE orders ALTER COLUMN total TYPE integer;\n"
                        + "ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);\n"
                : "ALTER TABLE orders MODIFY total INT;\nALTER TABLE orders MODIFY total DECIMAL(12,2);\n")
                + "DROP TABLE users;\n");
        String url = TestDatabases.guardUrl(database, Target.PRODUCTION) + "?user=" + TestDatabases.APP_USER
                + "&password=" + TestDatabases.APP_USER;
        String dialect = pg ? "postgresql" : "mysql";

        StringWriter live = new StringWriter();
        assertThat(lint(live, "lint", "--dialect", dialect, "--url", url, migration.toString())).isEqualTo(1);
        assertThat(live.toString()).contains("V2__narrow.sql:1:1: lossy-alter: ", pg ? "numeric(10,2)" : "decimal(10,2)",
                pg ? "to integer" : "to INT", "V2__narrow.sql:3:1: drop: ", "(live: users holds " + ShopFixture.USERS
                        + " rows)");
        assertThat(live.toString()).doesNotContain("V2__narrow.sql:2:1:");

        StringWriter offline = new StringWriter();
        lint(offline, "lint", "--dialect", dialect, migration.toString());
        assertThat(offline.toString()).doesNotContain("lossy-alter", "live:").contains("V2__narrow.sql:3:1: drop: ");

        assertThat(ShopFixture.snapshot(database, Target.PRODUCTION)).isEqualTo(before);
    }

    /**
     * A table whose name holds a dot is one table; the guard's parser would read it as two names, so lint says it
     * cannot parse the statement, and tells nothing of another table.
     */
    @ParameterizedTest
    @EnumSource(Database.class)
    void aTableNameWithADotIsNotReadAsTwoNames(Database database) throws Exception {
        boolean pg = database == Database.POSTGRESQL;
        String name = pg ? "\"odd.name\"" : "`odd.name`";
        try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION);
                Statement statement = raw.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + name);
            statement.execute("CREATE TABLE " + name + " (id int primary key)");
        }
        Path migration = Files.writeString(folder.resolve("V3__odd.sql"), "DROP TABLE " + name + ";\n");
        String url = TestDatabases.guardUrl(database, Target.PRODUCTION) + "?user=" + TestDatabases.APP_USER
                + "&password=" + TestDatabases.APP_USER;

        StringWriter live = new StringWriter();
        assertThat(lint(live, "lint", "--dialect", pg ? "postgresql" : "mysql", "--url", url, migration.toString()))
                .isEqualTo(1);

        assertThat(live.toString()).contains("V3__odd.sql:1:1: drop: ", "V3__odd.sql:1:1: unparseable: ",
                "holds a dot").doesNotContain("\"odd\".\"name\"");
        try (Connection raw = TestDatabases.raw(database, Target.PRODUCTION);
                Statement statement = raw.createStatement()) {
            statement.execute("DROP TABLE " + name);
        }
    }

    private static int lint(StringWriter out, String... args) {
        CommandLine commandLine = GuardCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(new StringWriter(), true));
        return commandLine.execute(args);
    }
}
