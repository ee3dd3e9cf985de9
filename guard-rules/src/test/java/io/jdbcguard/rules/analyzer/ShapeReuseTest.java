package io.jdbcguard.rules.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.SessionSettings;
import io.jdbcguard.rules.lexing.LexedStatement;
import io.jdbcguard.rules.lexing.SqlLexer;
import io.jdbcguard.rules.lexing.Token;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Analysis#reusableByShape()} and {@link StatementShape#key}: an analysis marked reusable equals a fresh
 * analysis of every text with the same key. The property test rewrites every corpus statement (both dialects) with
 * random literal values of the same types, seeded so failures reproduce, and compares, as a cache by shape would
 * serve them, the first reusable analysis of each key with the fresh analysis of each variant.
 */
class ShapeReuseTest {
    /** The seed; {@code -Djdbcguard.fuzz.seed=...} (or {@code -Pfuzz}, which picks a new one) explores others. */
    private static final long SEED = Long.getLong("jdbcguard.fuzz.seed", 20_261_201L);
    /** 12 by default (about 2 s); {@code -Pfuzz} runs a hundred times as many. */
    private static final int VARIANTS_PER_CASE = 12 * Integer.getInteger("jdbcguard.fuzz.scale", 1);
    private static final SessionSettings POSTGRESQL = SessionSettings.defaults(Dialect.POSTGRESQL);
    private static final SessionSettings MYSQL = SessionSettings.defaults(Dialect.MYSQL);
    /** Extra statements of the forms the key and the reuse decision treat specially, with several literals. */
    private static final List<String> EXTRA = List.of(
            "postgresql\tUPDATE pgbench_accounts SET abalance = abalance + -4711 WHERE aid = 12345",
            "postgresql\tSELECT abalance FROM pgbench_accounts WHERE aid = 12345",
            "postgresql\tINSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (3, 1, 12345, -4711, "
                    + "CURRENT_TIMESTAMP)",
            "postgresql\tUPDATE users SET name = E'a\\'b', total = 1.5e3 WHERE id IN (1, 2, 3) OR name <> $$x$$",
            "postgresql\tDELETE FROM users WHERE id = 5 OR 1 = 1",
            "postgresql\tDELETE FROM users WHERE name LIKE '%'",
            "postgresql\tDELETE FROM users WHERE 'a' = 'a'",
            "postgresql\tDELETE FROM users WHERE id = 5 AND name = 'x'; UPDATE orders SET total = 0 WHERE id = 7",
            "postgresql\tUPDATE users SET name = 'x' WHERE id = 5 AND CAST('1' AS int) = 1",
            "postgresql\tDELETE FROM users WHERE created < DATE '2024-01-01'",
            "mysql\tDELETE FROM users WHERE 'x'",
            "mysql\tDELETE FROM users WHERE 1",
            "mysql\tDELETE FROM users WHERE id = 5 LIMIT 1",
            "mysql\tUPDATE users SET name = \"it's\", total = total * 2 WHERE id = 5",
            "mysql\tUPDATE users SET name = 'x' WHERE id = 1 OR '1a'",
            "mysql\tPREPARE s FROM 'DELETE FROM users WHERE id = 1'",
            "mysql\tEXECUTE IMMEDIATE 'DELETE FROM users WHERE id = 1'",
            "mysql-no-backslash-escapes\tUPDATE users SET name = 'a\\' WHERE id = 3");

    @Test
    void aReusableAnalysisEqualsAFreshAnalysisOfEveryTextOfTheSameShape() throws IOException {
        Random random = new Random(SEED);
        Map<String, Analysis> cache = new HashMap<>();
        int compared = 0;
        int reusable = 0;
        List<String[]> cases = CorpusTest.cases().stream().map(c -> new String[] {c.dialect(), c.sql()})
                .collect(Collectors.toList());
        EXTRA.forEach(line -> cases.add(line.split("\t", 2)));
        for (String[] c : cases) {
            SessionSettings settings = settings(c[0]);
            StatementAnalyzer analyzer = new StatementAnalyzer(settings);
            for (int variant = 0; variant <= VARIANTS_PER_CASE; variant++) {
                String sql = variant == 0 ? c[1] : Variants.of(settings, c[1], random);
                StatementShape.Key key = StatementShape.key(settings, sql);
                Analysis fresh = analyzer.analyze(sql);
                if (key == null) {
                    assertThat(fresh.reusableByShape()).as("no key, so not reusable: %s", sql).isFalse();
                    continue;
                }
                String cacheKey = c[0] + "\u0000" + key.value();
                Analysis cached = cache.get(cacheKey);
                if (cached != null) {
                    assertThat(comparable(fresh)).as("fresh analysis of %s (dialect %s) against the one cached for "
                            + "its shape (seed %d)", sql, c[0], SEED).isEqualTo(comparable(cached));
                    compared++;
                } else if (fresh.reusableByShape()) {
                    cache.put(cacheKey, fresh);
                    reusable++;
                }
            }
        }
        assertThat(compared).isGreaterThan(2_000);
        assertThat(reusable).isGreaterThan(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "UPDATE pgbench_accounts SET abalance = abalance + -4711 WHERE aid = 12345",
        "UPDATE pgbench_tellers SET tbalance = tbalance + 17 WHERE tid = 7",
        "SELECT abalance FROM pgbench_accounts WHERE aid = 12345",
        "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (3, 1, 12345, -4711, CURRENT_TIMESTAMP)",
        "DELETE FROM users WHERE id IN (1, 2) AND name = 'x'",
        "UPDATE users SET name = 'y' WHERE 5 < id"})
    void plainStatementsWithLiteralsInValuePlacesAreReusable(String sql) {
        assertThat(new StatementAnalyzer(POSTGRESQL).analyze(sql).reusableByShape()).isTrue();
        assertThat(new StatementAnalyzer(MYSQL).analyze(sql).reusableByShape()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "DELETE FROM users WHERE id = 5 OR 1 = 1",
        "UPDATE users SET name = 'x' WHERE 'a' = 'a' AND id = 1",
        "UPDATE users SET name = 'x' WHERE name LIKE '%'",
        "DELETE FROM users WHERE 'x'",
        "DELETE FROM users WHERE 1",
        "DELETE FROM users WHERE id = 1 LIMIT 5",
        "DELETE FROM users WHERE id = abs(-3)",
        "UPDATE users SET name = lower('X') WHERE id = 1",
        "DELETE FROM users WHERE id IN (SELECT 1)",
        "PREPARE s FROM 'DELETE FROM users WHERE id = 1'",
        "EXECUTE IMMEDIATE 'DELETE FROM users WHERE id = 1'",
        "EXPLAIN SELECT * FROM users WHERE id = 1",
        "SET @x = 1",
        "DELETE FROM users",
        "SELECT 'sql_mode'",
        "SELECT * FROM users WHERE id = 1; DROP TABLE users"})
    void literalsThatCouldDecideTheVerdictMakeItNotReusable(String sql) {
        assertThat(new StatementAnalyzer(MYSQL).analyze(sql).reusableByShape()).as(sql).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "DO $$ BEGIN DELETE FROM users WHERE id = 1; END $$",
        "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql",
        "EXPLAIN (FORMAT 'json') SELECT 1",
        "UPDATE users SET name = 'x' WHERE created < DATE '2024-01-01'",
        "SELECT set_config('a', 'b', false)",
        "SELECT 1 FROM users WHERE id = 99999999999999999999"})
    void postgresqlCodeInLiteralsIsNotReusable(String sql) {
        assertThat(new StatementAnalyzer(POSTGRESQL).analyze(sql).reusableByShape()).as(sql).isFalse();
    }

    @Test
    void keysIgnoreValuesAndKeepTypesSignsWordsAndSpacing() {
        String key = StatementShape.key(POSTGRESQL, "UPDATE t SET a = a + -5, b = 'x' WHERE id = 1").value();

        assertThat(StatementShape.key(POSTGRESQL, "UPDATE t SET a = a + -70,b = 'yz'  WHERE id = 999 -- c").value())
                .isNotEqualTo(key);
        assertThat(StatementShape.key(POSTGRESQL, "UPDATE t SET a = a + -70, b = 'yz' WHERE id = 999 -- c").value())
                .isEqualTo(key);
        assertThat(StatementShape.key(POSTGRESQL, "UPDATE t SET a = a + 5, b = 'x' WHERE id = 1").value())
                .isNotEqualTo(key);
        assertThat(StatementShape.key(POSTGRESQL, "UPDATE t SET a = a + -5.0, b = 'x' WHERE id = 1").value())
                .isNotEqualTo(key);
        assertThat(StatementShape.key(POSTGRESQL, "UPDATE t SET a = a + -5, b = E'x' WHERE id = 1").value())
                .isNotEqualTo(key);
        assertThat(StatementShape.key(POSTGRESQL, "UPDATE t SET a = a + -5, b = NULL WHERE id = 1").value())
                .isNotEqualTo(key);
        assertThat(key).doesNotContain("5").contains("UPDATE", "WHERE");
        assertThat(StatementShape.key(POSTGRESQL, "SELECT 1").hasLiterals()).isTrue();
        assertThat(StatementShape.key(POSTGRESQL, "SELECT a FROM t WHERE id = $1").hasLiterals()).isFalse();
    }

    @Test
    void textsWhoseLiteralValuesCouldChangeTheirReadingHaveNoKey() {
        assertThat(StatementShape.key(POSTGRESQL.unknown(), "SELECT 1")).isNull();
        assertThat(StatementShape.key(MYSQL, "SELECT 1 /*!50000 , 2 */")).isNull();
        assertThat(StatementShape.key(MYSQL, "SELECT '/*!50000'")).isNull();
        assertThat(StatementShape.key(POSTGRESQL, "SELECT 'read_only'")).isNull();
        assertThat(StatementShape.key(MYSQL, "SELECT 0x1F")).isNull();
        assertThat(StatementShape.key(POSTGRESQL, "SELECT 1234567890123456789")).isNull();
    }

    private static SessionSettings settings(String dialect) {
        switch (dialect) {
            case "postgresql":
                return POSTGRESQL;
            case "mysql":
                return MYSQL;
            case "mysql-no-backslash-escapes":
                return new SessionSettings(Dialect.MYSQL, true, 0, false, false, false);
            default:
                throw new IllegalArgumentException(dialect);
        }
    }

    /** Everything an analysis says, with findings as their rule ids (a finding's message quotes the text). */
    private static List<Object> comparable(Analysis a) {
        return List.of(a.findings().stream().map(Finding::ruleId).toList(), a.changesSession(), a.readOnly(),
                a.modifications(), a.createdTables(), a.addedColumns(), a.mayHideWrites(), a.runsPrepared(), a.changesSchema(), a.severalStatements(),
                a.reusableByShape(), a.preparedNames(), a.tableFromQuery(), a.queriesOnly(),
                a.holdsCursor());
    }

    /** Random rewrites of a text's literal values, each in its literal's notation. */
    static final class Variants {
        private static final List<String> STRINGS = List.of("", "x", "ann@example.com", "it's", "%", "%%", "1",
                "0", "1a", "true", "t", "off", "NULL", "DROP TABLE users", "a;b", "-- x", "/* y", "\\", "\\'", "é",
                " ", "1=1", "sql_mode", "$", "'", "\"", "''", "\n", "a\tb", "{", "}", "?", "::", "$1", "\\\\",
                "\r\n", "\u0000", "\uD83D\uDE00", "%_", "?x?", "{d '2024-01-01'}", "`", "#", "*/", "--");
        private static final Set<String> KEEP_FORM = Set.of("B'", "X'");

        private Variants() {
        }

        /**
         * @return the text's tokens, written with one space where the text had whitespace or a comment, statements
         *     joined by {@code ;}, with every string and number literal replaced by a random one of the same type
         */
        static String of(SessionSettings settings, String sql, Random random) {
            StringBuilder out = new StringBuilder();
            for (LexedStatement statement : new SqlLexer(settings).statements(sql)) {
                if (out.length() > 0) {
                    out.append(";\n");
                }
                for (Token token : statement.tokens()) {
                    if (out.length() > 0 && token.spaceBefore()) {
                        out.append(' ');
                    }
                    out.append(replacement(settings, token, random));
                }
            }
            return out.toString();
        }

        private static String replacement(SessionSettings settings, Token token, Random random) {
            String text = token.text();
            if (token.kind() == Token.Kind.NUMBER) {
                if (text.matches("[0-9]{1,18}")) {
                    return Long.toString(random.nextInt(3) == 0 ? random.nextInt(3) : random.nextLong() & 0xFFFFFFFFFL);
                }
                if (text.matches("[0-9]*\\.[0-9]*")) {
                    return random.nextInt(100) + "." + random.nextInt(100);
                }
                return text.matches("[0-9.]+[eE][+-]?[0-9]{1,3}") ? random.nextInt(10) + "e" + random.nextInt(30)
                        : text;
            }
            if (token.kind() != Token.Kind.STRING) {
                return text;
            }
            String value = STRINGS.get(random.nextInt(STRINGS.size()));
            if (text.startsWith("$")) {
                String tag = text.substring(0, text.indexOf('$', 1) + 1);
                return value.contains("$") ? text : tag + value + tag;
            }
            int quote = text.startsWith("U&") ? 2 : Character.isLetter(text.charAt(0)) ? 1 : 0;
            String prefix = text.substring(0, quote);
            char q = text.charAt(quote);
            if (KEEP_FORM.contains(text.substring(0, quote + 1).toUpperCase(Locale.ROOT)) || prefix.equals("U&")) {
                return text;
            }
            boolean backslashes = prefix.equalsIgnoreCase("E") || settings.backslashEscapes();
            String escaped = backslashes ? value.replace("\\", "\\\\") : value;
            return prefix + q + escaped.replace(String.valueOf(q), String.valueOf(q) + q) + q;
        }
    }
}
