package io.jdbcguard.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One labelled case of guard-rules' statement corpus ({@code guard-rules/src/test/resources/corpus/corpus.tsv}; the
 * format is described in the file's header): a statement in a dialect and the verdict the rules must reach.
 *
 * @param line the line number in the corpus file
 * @param dialect {@code postgresql}, {@code mysql} or {@code mysql-no-backslash-escapes}
 * @param blockingRules the ids of the rules that must block it; empty when it must be allowed
 * @param category the corpus's grouping label
 * @param sql the statement text, verbatim
 */
public record CorpusCase(int line, String dialect, Set<String> blockingRules, String category, String sql) {
    /** The system property holding the corpus path, set by Maven. */
    public static final String CORPUS_PROPERTY = "it.corpus";

    /** @return whether the rules must block this case */
    public boolean mustBlock() {
        return !blockingRules.isEmpty();
    }

    /** @return the product this case runs against */
    public Database database() {
        return dialect.equals("postgresql") ? Database.POSTGRESQL : Database.MARIADB;
    }

    /**
     * @return the query parameters of the guard URL for this case: MariaDB runs multi-statement text (as pgjdbc
     *     always does) and, for {@code mysql-no-backslash-escapes}, the session's {@code sql_mode} is
     *     {@code NO_BACKSLASH_ESCAPES}
     */
    public String urlParameters() {
        switch (dialect) {
            case "postgresql":
                return "";
            case "mysql":
                return "?allowMultiQueries=true";
            case "mysql-no-backslash-escapes":
                return "?allowMultiQueries=true&sessionVariables=sql_mode=NO_BACKSLASH_ESCAPES";
            default:
                throw new IllegalArgumentException("Unknown dialect '" + dialect + "' on corpus line " + line);
        }
    }

    @Override
    public String toString() {
        return "line " + line + " " + dialect + " " + (mustBlock() ? "block:" + String.join(",", blockingRules)
                : "allow") + " " + category + ": " + sql;
    }

    /**
     * Reads every case of the corpus named by the system property {@value #CORPUS_PROPERTY}.
     *
     * @throws IllegalStateException if the property is unset or the file is missing
     */
    public static List<CorpusCase> load() throws IOException {
        String location = System.getProperty(CORPUS_PROPERTY);
        if (location == null || !Files.isRegularFile(Path.of(location))) {
            throw new IllegalStateException("The statement corpus is missing: system property " + CORPUS_PROPERTY
                    + " = " + location + " (Maven sets it to guard-rules/src/test/resources/corpus/corpus.tsv)");
        }
        List<String> lines = Files.readAllLines(Path.of(location), StandardCharsets.UTF_8);
        List<CorpusCase> cases = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            if (!text.isBlank() && !text.startsWith("#")) {
                cases.add(parse(i + 1, text));
            }
        }
        return cases;
    }

    private static CorpusCase parse(int line, String text) {
        String[] fields = text.split("\t", 4);
        if (fields.length != 4) {
            throw new IllegalArgumentException("Corpus line " + line + " has " + fields.length
                    + " TAB-separated fields; it needs dialect, expect, category and sql");
        }
        Set<String> rules = fields[1].equals("allow") ? Set.of()
                : Arrays.stream(fields[1].substring("block:".length()).split(",")).collect(Collectors.toSet());
        return new CorpusCase(line, fields[0], rules, fields[2], fields[3]);
    }
}
