package io.jdbcguard.rules.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.SessionSettings;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property test: rewriting a statement with random comments, whitespace, key-word case and identifier quoting does
 * not change its verdict. Separators include CR and CRLF line endings, versioned MySQL comments of several versions
 * (judged in every reading, as the version is unknown here) and quotes inside comments the server skips. Dangerous statements must still be reported by their rule; safe statements must stay clean.
 * Seeded, so failures reproduce; the failing variant is in the message.
 */
class StatementVariantsFuzzTest {
    /** The seed; {@code -Djdbcguard.fuzz.seed=...} (or {@code -Pfuzz}, which picks a new one) explores others. */
    private static final long SEED = Long.getLong("jdbcguard.fuzz.seed", 20_240_611L);
    /** 150 by default (about 2 s); {@code -Pfuzz} runs a hundred times as many. */
    private static final int VARIANTS_PER_STATEMENT = 150 * Integer.getInteger("jdbcguard.fuzz.scale", 1);
    private static final Set<String> IDENTIFIERS = Set.of("users", "orders", "id", "name", "total", "user_id");

    /** A statement written as words separated by single spaces, and the rule it must trigger (null: none). */
    private record Sample(Dialect dialect, String ruleId, String sql) {
    }

    private static final List<Sample> DANGEROUS = List.of(
            new Sample(Dialect.POSTGRESQL, "drop", "DROP TABLE users"),
            new Sample(Dialect.POSTGRESQL, "drop", "SELECT 1 ; DROP TABLE users"),
            new Sample(Dialect.POSTGRESQL, "truncate", "TRUNCATE TABLE users RESTART IDENTITY CASCADE"),
            new Sample(Dialect.POSTGRESQL, "delete-without-where", "DELETE FROM ONLY users"),
            new Sample(Dialect.POSTGRESQL, "delete-without-where",
                    "WITH gone AS ( DELETE FROM orders RETURNING id ) SELECT count(*) FROM gone"),
            new Sample(Dialect.POSTGRESQL, "delete-without-where", "EXPLAIN ANALYZE DELETE FROM orders"),
            new Sample(Dialect.POSTGRESQL, "update-without-where", "UPDATE users SET name = 'x'"),
            new Sample(Dialect.POSTGRESQL, "always-true-where", "DELETE FROM users WHERE ( 1 = 1 )"),
            new Sample(Dialect.POSTGRESQL, "always-true-where", "UPDATE users SET name = 'x' WHERE id = id"),
            new Sample(Dialect.POSTGRESQL, "alter-drop-column", "ALTER TABLE users DROP COLUMN name"),
            new Sample(Dialect.POSTGRESQL, "opaque", "DO $$ BEGIN NULL; END $$"),
            new Sample(Dialect.MYSQL, "drop", "DROP TABLE users"),
            new Sample(Dialect.MYSQL, "drop", "/*!DROP TABLE users*/"),
            new Sample(Dialect.MYSQL, "truncate", "TRUNCATE TABLE users"),
            new Sample(Dialect.MYSQL, "delete-without-where", "DELETE FROM users LIMIT 10"),
            new Sample(Dialect.MYSQL, "delete-without-where",
                    "DELETE users FROM users JOIN orders ON users.id = orders.user_id"),
            new Sample(Dialect.MYSQL, "update-without-where", "UPDATE users SET name = 'x'"),
            new Sample(Dialect.MYSQL, "always-true-where", "DELETE FROM users WHERE id = 5 /*!OR 1=1*/"),
            new Sample(Dialect.MYSQL, "always-true-where", "DELETE FROM users WHERE 1"),
            new Sample(Dialect.MYSQL, "alter-drop-column", "ALTER TABLE users DROP name"),
            new Sample(Dialect.MYSQL, "opaque", "CALL archive_orders ( 1 )"),
            new Sample(Dialect.MYSQL, "opaque", "BEGIN NOT ATOMIC SELECT 1 ; END"),
            new Sample(Dialect.MYSQL, "armed-code", "CREATE TRIGGER t AFTER INSERT ON orders FOR EACH ROW BEGIN "
                    + "IF NEW.total > 0 THEN DELETE FROM users ; END IF ; END"),
            new Sample(Dialect.MYSQL, "drop", "CREATE PROCEDURE p ( ) BEGIN SELECT 1 ; END ; DROP TABLE users"),
            new Sample(Dialect.MYSQL, "lossy-engine", "ALTER TABLE users ENGINE = BLACKHOLE"),
            new Sample(Dialect.MYSQL, "lossy-alter", "ALTER IGNORE TABLE users ADD UNIQUE ( name )"),
            new Sample(Dialect.POSTGRESQL, "lossy-alter", "ALTER TABLE users ALTER COLUMN name TYPE int USING 0"),
            new Sample(Dialect.POSTGRESQL, "armed-code",
                    "CREATE RULE r AS ON INSERT TO orders DO ALSO ( SELECT 1 ; DELETE FROM users )"));

    private static final List<Sample> SAFE = List.of(
            new Sample(Dialect.POSTGRESQL, null, "DELETE FROM users WHERE id <> 5"),
            new Sample(Dialect.POSTGRESQL, null, "UPDATE users SET name = 'x' WHERE 1 = 1 AND id = 2"),
            new Sample(Dialect.POSTGRESQL, null, "SELECT drop_date FROM users WHERE 1 = 1"),
            new Sample(Dialect.POSTGRESQL, null, "SELECT 'DROP TABLE users ; --' FROM users"),
            new Sample(Dialect.POSTGRESQL, null,
                    "INSERT INTO users ( id , name ) VALUES ( 1 , 'a' ) ON CONFLICT ( id ) DO UPDATE SET name = 'a'"),
            new Sample(Dialect.POSTGRESQL, null, "EXPLAIN DELETE FROM users"),
            new Sample(Dialect.POSTGRESQL, null, "CREATE TEMP TABLE scratch ( id INT ) ON COMMIT DROP"),
            new Sample(Dialect.POSTGRESQL, null, "DELETE FROM users WHERE 1 = 0"),
            new Sample(Dialect.MYSQL, null, "DELETE FROM users WHERE id = 5 LIMIT 1"),
            new Sample(Dialect.MYSQL, null, "SELECT 'x\\' ; DROP TABLE users ; --' FROM users"),
            new Sample(Dialect.MYSQL, null,
                    "INSERT INTO users ( id , name ) VALUES ( 1 , 'a' ) ON DUPLICATE KEY UPDATE name = 'a'"),
            new Sample(Dialect.MYSQL, null, "DROP TEMPORARY TABLE scratch"),
            new Sample(Dialect.MYSQL, null, "DELETE FROM users WHERE id = 0--1"),
            new Sample(Dialect.MYSQL, null, "ALTER TABLE users ADD COLUMN email TEXT"),
            new Sample(Dialect.MYSQL, null, "CREATE TRIGGER t BEFORE INSERT ON orders FOR EACH ROW BEGIN IF "
                    + "NEW.total < 0 THEN SET NEW.total = 0 ; END IF ; END"),
            new Sample(Dialect.MYSQL, null, "CREATE PROCEDURE p ( ) BEGIN DELETE FROM users ; END"),
            new Sample(Dialect.POSTGRESQL, null, "CREATE RULE r AS ON DELETE TO orders DO INSTEAD NOTHING"),
            new Sample(Dialect.POSTGRESQL, null, "ALTER TABLE users ALTER COLUMN name SET DATA TYPE varchar ( 200 )"),
            new Sample(Dialect.MYSQL, null, "ALTER TABLE users MODIFY name VARCHAR ( 200 ) NOT NULL"));

    @Test
    void noVariantOfADangerousStatementEscapes() {
        Random random = new Random(SEED);
        for (Sample sample : DANGEROUS) {
            StatementAnalyzer analyzer = analyzer(sample.dialect());
            for (int i = 0; i < VARIANTS_PER_STATEMENT; i++) {
                String variant = variant(sample, random);

                assertThat(analyzer.analyze(variant).findings()).extracting(Finding::ruleId)
                        .as("%s variant of [%s] (seed %d): %s", sample.dialect(), sample.sql(), SEED,
                                variant.replace("\r", "\\r").replace("\n", "\\n"))
                        .contains(sample.ruleId());
            }
        }
    }

    @Test
    void noVariantOfASafeStatementIsBlocked() {
        Random random = new Random(SEED);
        for (Sample sample : SAFE) {
            StatementAnalyzer analyzer = analyzer(sample.dialect());
            for (int i = 0; i < VARIANTS_PER_STATEMENT; i++) {
                String variant = variant(sample, random);

                assertThat(analyzer.analyze(variant).findings())
                        .as("%s variant of [%s] (seed %d): %s", sample.dialect(), sample.sql(), SEED,
                                variant.replace("\r", "\\r").replace("\n", "\\n"))
                        .isEmpty();
            }
        }
    }

    /** An analyzer for the integration tests' servers: PostgreSQL 15 defaults, MariaDB 10.11.6 defaults. */
    private static StatementAnalyzer analyzer(Dialect dialect) {
        return new StatementAnalyzer(dialect == Dialect.MYSQL ? SessionSettings.mysql("10.11.6-MariaDB", "")
                : SessionSettings.postgresql(true));
    }

    /** Rewrites the statement word by word; words inside quotes or comments stay as they are. */
    private static String variant(Sample sample, Random random) {
        String[] words = sample.sql().split(" ");
        StringBuilder out = new StringBuilder(random.nextBoolean() ? "" : separator(sample.dialect(), random));
        boolean inLiteral = false;
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            boolean opaqueWord = inLiteral || word.contains("'") || word.contains("$") || word.contains("/*");
            out.append(opaqueWord ? word : rewritten(sample.dialect(), word, random));
            boolean opensOrClosesComment = word.contains("/*") != word.contains("*/");
            if (unescapedQuotes(sample.dialect(), word) % 2 == 1 || word.contains("$$") || opensOrClosesComment) {
                inLiteral = !inLiteral;
            }
            if (i + 1 < words.length) {
                out.append(inLiteral ? " " : separator(sample.dialect(), random));
            }
        }
        return out.append(random.nextBoolean() ? "" : " ").toString();
    }

    /** The quotes in a word that delimit strings: in MySQL a backslash escapes the quote after it. */
    private static int unescapedQuotes(Dialect dialect, String word) {
        int count = 0;
        for (int i = 0; i < word.length(); i++) {
            if (dialect == Dialect.MYSQL && word.charAt(i) == '\\') {
                i++;
            } else if (word.charAt(i) == '\'') {
                count++;
            }
        }
        return count;
    }

    private static String rewritten(Dialect dialect, String word, Random random) {
        if (IDENTIFIERS.contains(word) && random.nextInt(3) == 0) {
            return dialect == Dialect.MYSQL ? "`" + word + "`" : "\"" + word + "\"";
        }
        if (word.chars().allMatch(Character::isLetter) && !IDENTIFIERS.contains(word)) {
            switch (random.nextInt(3)) {
                case 0:
                    return word.toLowerCase(Locale.ROOT);
                case 1:
                    return mixedCase(word, random);
                default:
                    return word;
            }
        }
        return word;
    }

    private static String mixedCase(String word, Random random) {
        StringBuilder out = new StringBuilder();
        for (char ch : word.toCharArray()) {
            out.append(random.nextBoolean() ? Character.toUpperCase(ch) : Character.toLowerCase(ch));
        }
        return out.toString();
    }

    private static String separator(Dialect dialect, Random random) {
        switch (random.nextInt(12)) {
            case 8:
                return dialect == Dialect.MYSQL ? " /*!99999 ' ; DROP TABLE x ; */ " : " -- ' ; DROP TABLE x\r";
            case 9:
                return dialect == Dialect.MYSQL ? " /*!50000 */ /*M!999999 \" */ /*!80000 */ " : "\r";
            case 10:
                return dialect == Dialect.MYSQL ? " -- ' ; TRUNCATE users\r\n" : " -- \" ; TRUNCATE users\r\n";
            case 11:
                return dialect == Dialect.MYSQL ? " /*!99999 a /* ' */ \" */ " : " /* ' */ ";
            case 0:
                return "\n";
            case 1:
                return " \t ";
            case 2:
                return " /* DROP TABLE x; */ ";
            case 3:
                return " -- ; DELETE FROM users\n";
            case 4:
                return dialect == Dialect.MYSQL ? " # ; TRUNCATE users\n" : " /* /* nested */ ; */ ";
            case 5:
                return dialect == Dialect.MYSQL ? " /*+ hint */ " : "\r\n  ";
            default:
                return " ";
        }
    }
}
