package io.jdbcguard.rules.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.Rule;
import io.jdbcguard.rules.SessionSettings;
import io.jdbcguard.rules.parsing.ParserText;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The public contract of {@link StatementAnalyzer}, {@link Rules} and {@link Dialect}. */
class StatementAnalyzerTest {
    private final StatementAnalyzer postgresql = new StatementAnalyzer(Dialect.POSTGRESQL, true);
    private final StatementAnalyzer mysql = new StatementAnalyzer(Dialect.MYSQL, true);

    @Test
    void aStatementAfterASetInTheSameTextIsReadAsInAnUnknownSession() {
        StatementAnalyzer mysql = new StatementAnalyzer(SessionSettings.mysql("10.11.6-MariaDB", ""));

        assertThat(mysql.analyze("SET sql_mode = 'NO_BACKSLASH_ESCAPES'; DELETE FROM users WHERE name = 'a\\' OR 1 = 1"
                + " -- '").findings()).extracting(Finding::ruleId).contains("unparseable");
        assertThat(mysql.analyze("SET names utf8mb4; SELECT 1").findings()).isEmpty();
    }

    @Test
    void underAnsiQuotesADoubleQuotedNameIsAColumnAndComparingItWithItselfScopesNothing() {
        StatementAnalyzer ansi = new StatementAnalyzer(SessionSettings.mysql("10.11.6-MariaDB", "ANSI_QUOTES"));
        StatementAnalyzer plain = new StatementAnalyzer(SessionSettings.mysql("10.11.6-MariaDB", ""));
        String sql = "DELETE FROM users WHERE name = \"name\"";

        assertThat(ansi.analyze(sql).findings()).extracting(Finding::ruleId).containsExactly("always-true-where");
        assertThat(plain.analyze(sql).findings()).isEmpty();
    }

    @Test
    void reportsEveryFindingOfEveryStatementInOrder() {
        Analysis analysis = postgresql.analyze("SELECT 1; DROP TABLE users; DELETE FROM orders ; TRUNCATE users");

        assertThat(analysis.findings()).extracting(Finding::ruleId, Finding::statement).containsExactly(
                tuple("drop", "DROP TABLE users"),
                tuple("delete-without-where", "DELETE FROM orders"),
                tuple("truncate", "TRUNCATE users"));
    }

    @Test
    void findingNamesTheKindAndObjects() {
        Finding finding = postgresql.analyze("DROP TABLE public.users, orders").findings().get(0);

        assertThat(finding.statementKind()).isEqualTo("DROP TABLE");
        assertThat(finding.objects()).containsExactly("public.users", "orders");
        assertThat(finding.reason()).contains("public.users");
    }

    @Test
    void aDropIfExistsOfRelationsIsMarkedAsANoOpWhenTheyAreAbsentAndOtherDropsAreNot() {
        StatementAnalyzer mysql = new StatementAnalyzer(SessionSettings.mysql("10.11.6-MariaDB", ""));

        assertThat(postgresql.analyze("DROP TABLE IF EXISTS public.\"Users\", orders").findings())
                .extracting(Finding::unless, Finding::objects)
                .containsExactly(tuple(Finding.Unless.OBJECTS_ABSENT, List.of("public.\"Users\"", "orders")));
        assertThat(postgresql.analyze("DROP VIEW IF EXISTS v; DROP INDEX IF EXISTS i; DROP SEQUENCE IF EXISTS s")
                .findings()).extracting(Finding::unless).containsOnly(Finding.Unless.OBJECTS_ABSENT);
        assertThat(mysql.analyze("DROP TABLE IF EXISTS `shop`.`QRTZ_LOCKS`").findings())
                .extracting(Finding::unless).containsExactly(Finding.Unless.OBJECTS_ABSENT);
        assertThat(postgresql.analyze("DROP TABLE users; DROP SCHEMA IF EXISTS app CASCADE;"
                + " DROP FUNCTION IF EXISTS f()").findings()).extracting(Finding::unless)
                .containsOnly(Finding.Unless.NOTHING);
    }

    @Test
    void aDataStatementsLiteralLongerThan64KibIsReadAsAParameter() {
        String longText = "'" + "x".repeat(ParserText.LONG_LITERAL + 1) + "'";

        Analysis update = postgresql.analyze("UPDATE users SET bio = " + longText + " WHERE id = 7");
        assertThat(update.findings()).isEmpty();
        assertThat(update.modifications()).singleElement().satisfies(change -> assertThat(change.keyColumns())
                .containsExactly("id"));
        assertThat(postgresql.analyze("DELETE FROM users WHERE name = " + longText).modifications())
                .singleElement().satisfies(change -> assertThat(change.keyColumns()).containsExactly("name"));
        assertThat(postgresql.analyze("DELETE FROM users WHERE 1 = 1 OR name = " + longText).findings())
                .extracting(Finding::ruleId).containsExactly("always-true-where");
    }

    @Test
    void cleanTextGivesTheCleanAnalysis() {
        assertThat(postgresql.analyze("SELECT * FROM users WHERE id = 1")).isSameAs(ShapeReuse.REUSABLE_CLEAN);
        assertThat(mysql.analyze("")).isSameAs(ShapeReuse.REUSABLE_CLEAN);
        assertThat(postgresql.analyze("SELECT 'no_key'")).isSameAs(Analysis.CLEAN);
    }

    @Test
    void nestedFindingsQuoteTheOuterStatement() {
        Finding finding = mysql.analyze("PREPARE s FROM 'DELETE FROM users'").findings().get(0);

        assertThat(finding.ruleId()).isEqualTo("delete-without-where");
        assertThat(finding.statement()).isEqualTo("PREPARE s FROM 'DELETE FROM users'");
    }

    @Test
    void deepNestingIsAnsweredWithoutStackOverflow() {
        String deepDelete = "DELETE FROM users WHERE " + "(".repeat(5000) + "id = 1" + ")".repeat(5000);
        String deepSelect = "SELECT " + "(".repeat(5000) + "1" + ")".repeat(5000);

        assertThat(postgresql.analyze(deepDelete).findings()).extracting(Finding::ruleId)
                .containsExactly("unparseable");
        assertThat(postgresql.analyze(deepSelect).findings()).isEmpty();
    }

    @Test
    void megabyteStatementsAreAnsweredWithoutParsing() {
        StringBuilder update = new StringBuilder("UPDATE users SET name = 'x' WHERE id IN (0");
        StringBuilder insert = new StringBuilder("INSERT INTO users (id, name) VALUES (0, 'a')");
        while (insert.length() < 1_000_000) {
            update.append(", 1");
            insert.append(", (1, 'DROP TABLE users')");
        }

        List<Finding> findings = postgresql.analyze(update.append(')').toString()).findings();

        assertThat(findings).extracting(Finding::ruleId).containsExactly("unparseable");
        assertThat(findings.get(0).reason()).hasSizeLessThan(300).contains("tokens");
        assertThat(postgresql.analyze(insert.toString()).findings()).as("an INSERT only adds rows").isEmpty();
    }

    /**
     * JSQLParser reads a quoted name holding a dot as two names ({@code "public.users"} as table users of schema
     * public), so the guard would judge, and look up the facts of, another table: such a change is not understood.
     */
    @Test
    void aChangeOfAQuotedNameHoldingADotIsNotUnderstoodButAReadPasses() {
        for (String sql : List.of("DELETE FROM \"public.users\" WHERE id = 5", "DROP TABLE \"odd.name\"",
                "UPDATE \"a.b\" SET x = 1 WHERE id = 1")) {
            List<Finding> findings = postgresql.analyze(sql).findings();

            assertThat(findings).filteredOn(finding -> finding.ruleId().equals("unparseable")).as(sql)
                    .singleElement().satisfies(finding -> assertThat(finding.reason()).contains("holds a dot"));
        }
        assertThat(mysql.analyze("DELETE FROM `shop.users` WHERE id = 5").findings()).extracting(Finding::ruleId)
                .containsExactly("unparseable");
        assertThat(postgresql.analyze("SELECT * FROM \"odd.name\" WHERE id = 1").findings()).isEmpty();
        assertThat(mysql.analyze("SELECT id FROM `odd.name`").findings()).isEmpty();
    }

    @Test
    void reasonsNeverEmbedTheWholeStatement() {
        String secret = "x".repeat(500);
        Finding finding = postgresql.analyze("COPY users FROM '" + secret + "' WITH (FORMAT nonsense)")
                .findings().get(0);

        assertThat(finding.ruleId()).isEqualTo("unparseable");
        assertThat(finding.reason()).doesNotContain(secret).hasSizeLessThan(300);
    }

    @Test
    void isThreadSafe() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Analysis>> results = pool.invokeAll(Collections.nCopies(200,
                    () -> mysql.analyze("DELETE FROM users WHERE 1; SELECT 1; /*!DROP TABLE t*/")));
            for (Future<Analysis> result : results) {
                assertThat(result.get().findings()).extracting(Finding::ruleId)
                        .containsExactly("always-true-where", "drop");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void jdbcEscapesAreRewrittenNotUnparseable() {
        assertThat(postgresql.analyze("SELECT {fn ucase(name)} FROM users WHERE drop_date > {d '2020-01-01'}"))
                .isSameAs(ShapeReuse.REUSABLE_CLEAN);
        assertThat(postgresql.analyze("{call archive(?)}").findings()).extracting(Finding::ruleId)
                .containsExactly("opaque");
        assertThat(mysql.analyze("{? = call total_of(?)}").findings()).extracting(Finding::ruleId)
                .containsExactly("opaque");
    }

    @Test
    void rulesHaveUniqueStableIds() {
        assertThat(Rules.ids()).containsExactly("drop", "truncate", "delete-without-where", "update-without-where",
                "always-true-where", "alter-drop-column", "lossy-alter", "lossy-engine", "armed-code", "opaque",
                "unparseable");
        assertThat(Rules.all()).extracting(Rule::id).doesNotHaveDuplicates();
        assertThat(Rules.all()).allMatch(rule -> !rule.summary().isBlank());
    }

    @Test
    void dialectFromSubprotocol() {
        assertThat(Dialect.fromSubprotocol("PostgreSQL")).isEqualTo(Dialect.POSTGRESQL);
        assertThat(Dialect.fromSubprotocol("mariadb")).isEqualTo(Dialect.MYSQL);
        assertThatThrownBy(() -> Dialect.fromSubprotocol("oracle")).hasMessageContaining("postgresql");
    }
}
