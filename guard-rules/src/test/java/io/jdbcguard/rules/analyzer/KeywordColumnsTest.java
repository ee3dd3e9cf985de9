package io.jdbcguard.rules.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.parsing.KeywordIdentifiers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Test;

/**
 * The column names of the real-world corpus's schemas ({@code real-world/column-names.txt}, which
 * {@code RealWorldCorpusTest} keeps equal to the gathered schemas), written unquoted unless the server reserves the
 * word (as the schemas must), on both dialects. Every name JSQLParser's lexer reads as a key word is tried in SELECT,
 * scoped UPDATE and DELETE, INSERT, CREATE TABLE and ALTER TABLE ADD/RENAME COLUMN, which are allowed, and in the
 * unscoped, always-true and DROP COLUMN forms, which stay blocked by their rules; the other names, which JSQLParser
 * reads as plain identifiers, are tried together in SELECT, INSERT and CREATE TABLE statements of
 * {@value #CHUNK} columns each.
 */
class KeywordColumnsTest {
    private static final List<String> ALLOWED = List.of(
            "SELECT %1$s FROM t WHERE %1$s = 1 ORDER BY %1$s",
            "SELECT t.%1$s, count(*) FROM t GROUP BY t.%1$s",
            "UPDATE t SET %1$s = 'x' WHERE id = 1",
            "UPDATE t SET id = 2 WHERE %1$s IS NULL",
            "DELETE FROM t WHERE %1$s = 'abc'",
            "INSERT INTO t (id, %1$s) VALUES (1, 2)",
            "CREATE TABLE t (id INT, %1$s VARCHAR(10) NOT NULL, PRIMARY KEY (id))",
            "ALTER TABLE t ADD COLUMN %1$s INT",
            "ALTER TABLE t RENAME COLUMN %1$s TO renamed");
    private static final List<String> BLOCKED = List.of(
            "UPDATE t SET %1$s = 1",
            "DELETE FROM t WHERE %1$s = 1 OR 1 = 1",
            "ALTER TABLE t DROP COLUMN %1$s");

    private static final int CHUNK = 200;

    @Test
    void columnsOfRealSchemasWorkInEveryStatementOnBothDialects() throws IOException {
        List<String> names = names();
        List<String> wrong = new ArrayList<>();
        for (Dialect dialect : Dialect.values()) {
            StatementAnalyzer analyzer = new StatementAnalyzer(dialect, true);
            for (int from = 0; from < names.size(); from += CHUNK) {
                List<String> columns = names.subList(from, Math.min(names.size(), from + CHUNK)).stream()
                        .map(name -> column(name, dialect)).toList();
                for (String sql : List.of("SELECT " + String.join(", ", columns) + " FROM t WHERE id = 1",
                        "INSERT INTO t (" + String.join(", ", columns) + ") VALUES ("
                                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")",
                        "CREATE TABLE t (" + String.join(", ", columns.stream().map(c -> c + " INT").toList())
                                + ")")) {
                    if (!analyzer.analyze(sql).findings().isEmpty()) {
                        wrong.add(dialect + " blocked: " + sql + " " + analyzer.analyze(sql).findings());
                    }
                }
            }
            for (String name : names.stream().filter(KeywordColumnsTest::isJsqlParserKeyword).toList()) {
                String column = column(name, dialect);
                for (String template : ALLOWED) {
                    String sql = String.format(Locale.ROOT, template, column);
                    if (!analyzer.analyze(sql).findings().isEmpty()) {
                        wrong.add(dialect + " blocked: " + sql + " " + analyzer.analyze(sql).findings());
                    }
                }
                for (String template : BLOCKED) {
                    String sql = String.format(Locale.ROOT, template, column);
                    Set<String> rules = analyzer.analyze(sql).findings().stream().map(Finding::ruleId)
                            .collect(Collectors.toCollection(TreeSet::new));
                    if (rules.isEmpty() || rules.contains("unparseable")) {
                        wrong.add(dialect + " not understood: " + sql + " " + rules);
                    }
                }
            }
        }
        assertThat(names).hasSizeGreaterThan(1000).anyMatch(KeywordColumnsTest::isJsqlParserKeyword);
        assertThat(wrong).isEmpty();
    }

    private static String column(String name, Dialect dialect) {
        if (!KeywordIdentifiers.isReserved(name.toUpperCase(Locale.ROOT), dialect)) {
            return name;
        }
        return dialect == Dialect.POSTGRESQL ? '"' + name + '"' : '`' + name + '`';
    }

    private static boolean isJsqlParserKeyword(String name) {
        return CCJSqlParserUtil.newParser(name).getNextToken().kind != CCJSqlParserConstants.S_IDENTIFIER;
    }

    private static List<String> names() throws IOException {
        try (InputStream in = KeywordColumnsTest.class.getResourceAsStream("/real-world/column-names.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
