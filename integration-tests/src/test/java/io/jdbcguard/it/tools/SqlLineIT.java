package io.jdbcguard.it.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.jdbcguard.it.GuardSettings;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import sqlline.SqlLine;

/**
 * SQLLine 1.12, a real JDBC command line, run as its users run it:
 * {@code sqlline -u jdbc:guard:... -n app -p app -d io.jdbcguard.GuardDriver -f script.sql} with a script holding a
 * {@code DROP TABLE} and a query ({@code --force=true} so the query runs after the failed drop).
 */
@ExtendWith(GuardSettings.class)
class SqlLineIT {

    private static final String TABLE = "tools_sqlline_items";

    /** @return everything SQLLine printed, output and errors */
    private static String runScript(Vendor vendor, Path dir) throws Exception {
        Path script = dir.resolve("script.sql");
        Files.writeString(script, "DROP TABLE " + TABLE + ";\nSELECT item FROM " + TABLE + ";\n");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SqlLine sqlLine = new SqlLine();
        sqlLine.setOutputStream(printed);
        sqlLine.setErrorStream(printed);
        sqlLine.begin(new String[] {
            "-u", vendor.guardUrl(Server.PRODUCTION),
            "-n", "app",
            "-p", "app",
            "-d", "io.jdbcguard.GuardDriver",
            "--force=true",
            "-f", script.toString()},
                new ByteArrayInputStream(new byte[0]), false);
        return printed.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void developerScriptShowsTheBlockAndTheDataSurvives(Vendor vendor, @TempDir Path dir) throws Exception {
        vendor.createItems(Server.PRODUCTION, TABLE);

        String output = Origins.as("developer", () -> runScript(vendor, dir));

        assertThat(output).contains("jdbc-guard blocked").contains("42501").contains("keep me");
        assertThat(vendor.column(Server.PRODUCTION, "SELECT item FROM " + TABLE)).containsExactly("keep me");
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void ciScriptDropsTheTable(Vendor vendor, @TempDir Path dir) throws Exception {
        vendor.createItems(Server.PRODUCTION, TABLE);

        String output = Origins.as("ci", () -> runScript(vendor, dir));

        assertThat(output).doesNotContain("jdbc-guard blocked");
        assertThat(vendor.itemsExist(Server.PRODUCTION, TABLE)).isFalse();
    }
}
