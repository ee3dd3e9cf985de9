package io.jdbcguard.rules.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Rule;
import io.jdbcguard.rules.RuleExample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/rules.md} identical to what the rule classes say about themselves ({@link Rule#summary()},
 * {@link Rule#blocks()}, {@link Rule#allows()}). Run with {@code -Djdbcguard.updateDocs=true} to rewrite the file.
 */
class RulesDocumentationTest {
    private static final Path DOCUMENT = Path.of("..", "docs", "rules.md");
    private static final String REGENERATE =
            "mvn -pl guard-rules test -Dtest=RulesDocumentationTest -Djdbcguard.updateDocs=true";

    @Test
    void docsRulesMdMatchesTheRuleClasses() throws IOException {
        String expected = markdown();
        if (Boolean.getBoolean("jdbcguard.updateDocs")) {
            Files.writeString(DOCUMENT, expected, StandardCharsets.UTF_8);
        }

        String actual = Files.exists(DOCUMENT) ? Files.readString(DOCUMENT, StandardCharsets.UTF_8) : "";

        assertThat(actual).as("docs/rules.md is out of date with the rule classes; regenerate it with: " + REGENERATE)
                .isEqualTo(expected);
    }

    @Test
    void everyRuleHasExamplesForBothDialects() {
        for (Rule rule : Rules.all()) {
            assertThat(rule.blocks()).as(rule.id() + " blocks").extracting(RuleExample::dialect)
                    .contains(Dialect.POSTGRESQL, Dialect.MYSQL);
            assertThat(rule.allows()).as(rule.id() + " allows").extracting(RuleExample::dialect)
                    .contains(Dialect.POSTGRESQL, Dialect.MYSQL);
        }
    }

    static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# jdbc-guard rules\n\n")
                .append("<!-- Generated from the rule classes of guard-rules (io.jdbcguard.rules.analyzer.Rules). ")
                .append("Do not edit; ")
                .append("regenerate with:\n     ").append(REGENERATE).append(" -->\n\n")
                .append("Every statement of every SQL text is checked by every rule; the driver's policy decides ")
                .append("which rules block. A rule id is what policies and error messages use. Every example below ")
                .append("is asserted by the guard-rules tests.\n\n")
                .append("| Rule | Blocks |\n|---|---|\n");
        for (Rule rule : Rules.all()) {
            md.append("| [`").append(rule.id()).append("`](#").append(rule.id()).append(") | ")
                    .append(cell(rule.summary())).append(" |\n");
        }
        for (Rule rule : Rules.all()) {
            md.append("\n## ").append(rule.id()).append("\n\n").append(rule.summary()).append(".\n\n");
            examples(md, "Blocks", rule.blocks());
            examples(md, "Allows", rule.allows());
        }
        return md.toString();
    }

    private static void examples(StringBuilder md, String title, List<RuleExample> examples) {
        md.append("**").append(title).append("**\n\n| Dialect | Statement | Note |\n|---|---|---|\n");
        for (RuleExample example : examples) {
            md.append("| ").append(example.dialect() == Dialect.POSTGRESQL ? "PostgreSQL" : "MySQL/MariaDB")
                    .append(" | ").append(code(example.sql())).append(" | ").append(cell(example.note()))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static String code(String sql) {
        String escaped = cell(sql);
        return sql.contains("`") ? "`` " + escaped + " ``" : "`" + escaped + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
