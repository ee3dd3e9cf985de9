package io.jdbcguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code jdbc-guard lint} over a Flyway folder: Flyway's order (versions as numbers, then repeatables), each
 * finding's file, line and column, the reviewed exceptions written in a migration, Flyway placeholders, every format
 * and the exit codes.
 */
class LintCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path folder;

    private Path migrations;

    @BeforeEach
    void migrations() throws IOException {
        migrations = Files.createDirectories(folder.resolve("db/migration"));
        Files.writeString(migrations.resolve("V1__init.sql"), "CREATE TABLE ${schema}.users (id int primary key,"
                + " name varchar(40));\nINSERT INTO users VALUES (1, 'a');\n");
        Files.writeString(migrations.resolve("V2__replace_users.sql"), "-- jdbc-guard: allow drop \"INC-42 replaced"
                + " by users_v2\"\nDROP TABLE old_users;\n\n  DELETE FROM users;\n");
        Files.writeString(migrations.resolve("V10__narrow.sql"), "ALTER TABLE users DROP COLUMN name;\n");
        Files.writeString(migrations.resolve("R__views.sql"), "CREATE OR REPLACE VIEW v AS SELECT 1;\n");
    }

    private int run(String... args) {
        CommandLine commandLine = GuardCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void textNamesFileLineColumnAndRuleInFlywaysOrder() {
        assertThat(run("lint", "--dialect", "postgresql", migrations.toString())).isEqualTo(1);

        String text = out.toString();
        assertThat(text).contains(migrations.resolve("V2__replace_users.sql") + ":2:1: drop: allowed by review"
                + " (INC-42 replaced by users_v2)", migrations.resolve("V2__replace_users.sql")
                + ":4:3: delete-without-where: ", migrations.resolve("V10__narrow.sql") + ":1:1: alter-drop-column: ",
                "2 blocking, 0 audited, 1 allowed by review.");
        assertThat(text.indexOf("V2__")).isLessThan(text.indexOf("V10__"));
        assertThat(text).doesNotContain("V1__init.sql:", "R__views.sql:", "unparseable");
    }

    @Test
    void exitCodesFollowFailOn() throws IOException {
        assertThat(run("lint", "--dialect", "postgresql", "--fail-on", "none", migrations.toString())).isZero();
        Path clean = Files.writeString(folder.resolve("clean.sql"), "UPDATE users SET name = 'x' WHERE id = 1;");
        assertThat(run("lint", "--dialect", "postgresql", clean.toString())).isZero();
        assertThat(out.toString()).contains("No findings.");
        assertThat(run("lint", "--dialect", "postgresql", folder.resolve("missing.sql").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("missing.sql does not exist");
        assertThat(run("lint", "--dialect", "postgresql", "--format", "xml", clean.toString())).isEqualTo(2);
    }

    @Test
    void anAllowCommentWithoutAReasonAllowsNothingAndIsReported() throws IOException {
        Path file = Files.writeString(folder.resolve("drop.sql"), "-- jdbc-guard: allow drop\nDROP TABLE t;");

        assertThat(run("lint", "--dialect", "mysql", file.toString())).isEqualTo(1);

        assertThat(out.toString()).contains(":2:1: lint: a jdbc-guard allow comment needs its reason",
                ":2:1: drop: DROP TABLE t");
    }

    @Test
    void jsonIsOneObjectPerFindingAndLine() throws IOException {
        run("lint", "--dialect", "postgresql", "--format", "json", migrations.toString());

        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        for (String line : lines) {
            assertThat(fields(line)).contains("file", "line", "column", "rule", "severity", "message", "statement",
                    "allowed");
        }
        assertThat(lines.get(0)).contains("\"rule\":\"drop\"", "\"allowed\":true", "\"reason\":\"INC-42");
    }

    @Test
    void githubWritesWorkflowCommands() {
        run("lint", "--dialect", "postgresql", "--format", "github", migrations.toString());

        assertThat(out.toString().lines()).anySatisfy(line -> assertThat(line).startsWith("::notice file=")
                .contains(",line=2,col=1,title=jdbc-guard drop::allowed by review"))
                .anySatisfy(line -> assertThat(line).startsWith("::error file=").contains("V10__narrow.sql,line=1"));
    }

    @Test
    void sarifIsOneLogWithARuleAndAResultPerFinding() throws IOException {
        run("lint", "--dialect", "postgresql", "--format", "sarif", migrations.toString());

        String sarif = out.toString();
        assertThat(fields(sarif)).contains("$schema", "version", "runs", "tool", "driver", "name", "rules", "id",
                "shortDescription", "results", "ruleId", "level", "message", "locations", "physicalLocation",
                "artifactLocation", "uri", "region", "startLine", "startColumn", "suppressions", "justification");
        assertThat(sarif).contains("\"version\" : \"2.1.0\"", "\"ruleId\" : \"alter-drop-column\"");
    }

    @Test
    void sarifIsValidAgainstTheSarif210Schema() throws IOException {
        run("lint", "--dialect", "postgresql", "--format", "sarif", migrations.toString());
        Schema schema;
        try (InputStream json = LintCommandTest.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(json);
        }

        List<com.networknt.schema.Error> errors = schema.validate(out.toString(), InputFormat.JSON);

        assertThat(errors).isEmpty();
        assertThat(out.toString()).contains("\"results\"", "\"suppressions\"");
    }

    @Test
    void aLiquibaseChangelogIsRenderedByLiquibaseAndFindingsNameTheChangeSet() throws IOException {
        Path changelog = Files.writeString(folder.resolve("changelog.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
                      http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
                  <changeSet id="1" author="ana">
                    <createTable tableName="orders">
                      <column name="id" type="int"><constraints primaryKey="true"/></column>
                      <column name="note" type="varchar(20)"/>
                    </createTable>
                  </changeSet>
                  <changeSet id="2-drop-note" author="ben">
                    <dropColumn tableName="orders" columnName="note"/>
                  </changeSet>
                  <changeSet id="3" author="ana">
                    <delete tableName="orders"/>
                  </changeSet>
                </databaseChangeLog>
                """);
        Path yaml = Files.writeString(folder.resolve("changelog.yaml"), """
                databaseChangeLog:
                  - changeSet:
                      id: drop-legacy
                      author: ana
                      changes:
                        - dropTable:
                            tableName: legacy
                """);

        assertThat(run("lint", "--dialect", "postgresql", changelog.toString(), yaml.toString())).isEqualTo(1);

        assertThat(out.toString()).contains(changelog + ":12:1: alter-drop-column: changeSet 2-drop-note (ben): ",
                changelog + ":15:1: delete-without-where: changeSet 3 (ana): ",
                yaml + ":3:1: drop: changeSet drop-legacy (ana): DROP TABLE")
                .doesNotContain("DATABASECHANGELOG", "databasechangelog");
    }

    /** Every field name of a JSON text, which must parse. */
    private static List<String> fields(String json) throws IOException {
        List<String> names = new ArrayList<>();
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME) {
                    names.add(parser.currentName());
                }
            }
        }
        return names;
    }
}
