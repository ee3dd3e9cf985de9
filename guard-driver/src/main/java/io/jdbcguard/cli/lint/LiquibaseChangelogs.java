package io.jdbcguard.cli.lint;

import io.jdbcguard.rules.Dialect;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateSqlCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.resource.DirectoryResourceAccessor;

/**
 * A Liquibase changelog (XML, YAML, JSON or formatted SQL) as the SQL Liquibase itself would send, rendered offline
 * by its own {@code updateSql} against an {@code offline:} URL of the dialect (<a
 * href="https://docs.liquibase.com/concepts/connections/offline.html">Offline database support</a>), without its
 * history table: no parser of ours reads the changelog. Each change set's statements follow Liquibase's comment
 * {@code -- Changeset file::id::author}, which {@link #changeSets} reads back so a finding can name its change set and
 * the line of the changelog that declares it. Needs {@code liquibase-core} on the class path (as Flyway and Liquibase
 * users have it; the driver jar does not bundle it).
 */
final class LiquibaseChangelogs {
    private static final Pattern CHANGE_SET = Pattern.compile("(?m)^-- Changeset (.*)::(.*)::(.*)$");
    /**
     * Liquibase's own log (through JUL), quieted to warnings while a changelog renders: lint's output is its report,
     * not Liquibase's progress lines. Held here, since JUL keeps loggers only weakly.
     */
    private static final java.util.logging.Logger LIQUIBASE_LOG = java.util.logging.Logger.getLogger("liquibase");

    private LiquibaseChangelogs() {
    }

    /**
     * @param file a file named on the command line
     * @return whether it is a Liquibase changelog: XML, YAML or JSON, or SQL that starts with
     *     {@code --liquibase formatted sql}
     * @throws IOException when it cannot be read
     */
    static boolean isChangelog(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".xml") || name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")) {
            return true;
        }
        return name.endsWith(".sql") && Files.readString(file, StandardCharsets.UTF_8).stripLeading()
                .toLowerCase(Locale.ROOT).startsWith("--liquibase formatted sql");
    }

    /**
     * @param changelog the changelog file
     * @param dialect the dialect to render it in
     * @return the SQL Liquibase would run, change set by change set
     * @throws IOException when Liquibase cannot read or render it (the message says why), or is not on the class path
     */
    static String render(Path changelog, Dialect dialect) throws IOException {
        Path history = Files.createTempFile("jdbc-guard-lint", ".csv");
        ByteArrayOutputStream sql = new ByteArrayOutputStream();
        java.util.logging.Level level = LIQUIBASE_LOG.getLevel();
        LIQUIBASE_LOG.setLevel(java.util.logging.Level.WARNING);
        try {
            Path folder = changelog.toAbsolutePath().getParent();
            Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), new DirectoryResourceAccessor(folder)), () ->
                    new CommandScope("updateSql")
                            .addArgumentValue(DbUrlConnectionArgumentsCommandStep.URL_ARG, "offline:"
                                    + (dialect == Dialect.POSTGRESQL ? "postgresql" : "mariadb")
                                    + "?outputLiquibaseSql=none&changeLogFile=" + history)
                            .addArgumentValue(UpdateSqlCommandStep.CHANGELOG_FILE_ARG,
                                    changelog.getFileName().toString())
                            .setOutput(sql)
                            .execute());
        } catch (NoClassDefFoundError e) {
            throw new IOException("reading the Liquibase changelog " + changelog + " needs liquibase-core and its"
                    + " dependencies on the class path (JDBC_GUARD_CLASSPATH for the installed command; missing: "
                    + e.getMessage() + ")", e);
        } catch (Exception e) {
            throw new IOException("Liquibase cannot render " + changelog + ": " + e.getMessage(), e);
        } finally {
            LIQUIBASE_LOG.setLevel(level);
            Files.deleteIfExists(history);
        }
        return sql.toString(StandardCharsets.UTF_8);
    }

    /**
     * Where each change set's statements start in rendered SQL, and where the changelog declares it.
     *
     * @param offset the index of the change set's comment in the rendered SQL
     * @param id the change set's id
     * @param author its author
     * @param line the line of the changelog that names the id (1 when none does: an included file's change set)
     */
    record ChangeSet(int offset, String id, String author, int line) {
    }

    /**
     * @param rendered what {@link #render} returned
     * @param changelog the changelog, to find the line that declares each change set
     * @return the change sets in rendered order
     * @throws IOException when the changelog cannot be read
     */
    static List<ChangeSet> changeSets(String rendered, Path changelog) throws IOException {
        List<String> lines = Files.readAllLines(changelog, StandardCharsets.UTF_8);
        List<ChangeSet> changeSets = new ArrayList<>();
        Matcher header = CHANGE_SET.matcher(rendered);
        while (header.find()) {
            String id = header.group(2);
            int line = 1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(id) && lines.get(i).toLowerCase(Locale.ROOT).contains("id")
                        || lines.get(i).contains(":" + id)) {
                    line = i + 1;
                    break;
                }
            }
            changeSets.add(new ChangeSet(header.start(), id, header.group(3), line));
        }
        return changeSets;
    }
}
