package io.jdbcguard.rules.lexing;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.SessionSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Statement splitting and tokens of {@link SqlLexer}, per dialect. */
class SqlLexerTest {
    private static final SqlLexer POSTGRESQL = new SqlLexer(SessionSettings.postgresql(true));
    private static final SqlLexer MYSQL = new SqlLexer(SessionSettings.mysql("8.0.36", ""));
    private static final SqlLexer MARIADB = new SqlLexer(SessionSettings.mysql("10.11.6-MariaDB", ""));
    private static final SqlLexer MYSQL_NO_BACKSLASH = new SqlLexer(
            SessionSettings.mysql("10.11.6-MariaDB", "STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES"));

    private static List<String> texts(SqlLexer lexer, String sql) {
        return lexer.statements(sql).stream().map(LexedStatement::text).toList();
    }

    private static List<String> tokenTexts(SqlLexer lexer, String sql) {
        return lexer.statements(sql).get(0).tokens().stream().map(Token::text).toList();
    }

    @Test
    void splitsAtEverySemicolonOutsideStringsAndComments() {
        assertThat(texts(POSTGRESQL, "SELECT 1; SELECT 2 ;; SELECT 3;")).containsExactly("SELECT 1", "SELECT 2",
                "SELECT 3");
        assertThat(texts(POSTGRESQL, "SELECT 'a;b'; SELECT \"x;y\" FROM t")).containsExactly("SELECT 'a;b'",
                "SELECT \"x;y\" FROM t");
        assertThat(texts(POSTGRESQL, "SELECT 1 -- ; DROP\n; SELECT 2")).hasSize(2);
        assertThat(texts(MYSQL, "SELECT `a;b` FROM t; SELECT 2")).containsExactly("SELECT `a;b` FROM t", "SELECT 2");
    }

    @Test
    void emptyTextAndCommentsOnlyHaveNoStatements() {
        assertThat(POSTGRESQL.statements("")).isEmpty();
        assertThat(POSTGRESQL.statements(" ; /* x */ ; -- y")).isEmpty();
        assertThat(MYSQL.statements("# only a comment")).isEmpty();
    }

    @Test
    void postgresqlStringsAreStandardConforming() {
        assertThat(texts(POSTGRESQL, "SELECT 'x\\'; DROP TABLE t; --'")).containsExactly("SELECT 'x\\'",
                "DROP TABLE t");
        assertThat(texts(POSTGRESQL, "SELECT E'x\\'; DROP TABLE t; --'")).hasSize(1);
        assertThat(POSTGRESQL.statements("SELECT E'a\\nb'").get(0).tokens().get(1).value()).isEqualTo("a\nb");
        assertThat(POSTGRESQL.statements("SELECT 'it''s'").get(0).tokens().get(1).value()).isEqualTo("it's");
    }

    @Test
    void postgresqlDollarQuotesAndNestedComments() {
        assertThat(texts(POSTGRESQL, "SELECT $$a;b$$; SELECT $tag$ $$ ; $tag$")).hasSize(2);
        assertThat(POSTGRESQL.statements("SELECT $t$x$t$").get(0).tokens().get(1).value()).isEqualTo("x");
        assertThat(texts(POSTGRESQL, "SELECT /* a /* b */ ; c */ 1")).hasSize(1);
        assertThat(tokenTexts(POSTGRESQL, "SELECT $1, $2")).containsExactly("SELECT", "$1", ",", "$2");
    }

    @Test
    void postgresqlDoubleDashIsAlwaysAComment() {
        assertThat(tokenTexts(POSTGRESQL, "SELECT 0--1")).containsExactly("SELECT", "0");
    }

    @Test
    void mysqlBackslashEscapesUnlessNoBackslashEscapes() {
        assertThat(texts(MYSQL, "SELECT 'x\\'; DROP TABLE t; --'")).hasSize(1);
        assertThat(texts(MYSQL_NO_BACKSLASH, "SELECT 'x\\'; DROP TABLE t")).containsExactly("SELECT 'x\\'",
                "DROP TABLE t");
        assertThat(MYSQL.statements("SELECT \"a\\\"b\"").get(0).tokens().get(1).value()).isEqualTo("a\"b");
    }

    @Test
    void mysqlCommentMarkers() {
        assertThat(tokenTexts(MYSQL, "SELECT 0--1")).containsExactly("SELECT", "0", "-", "-", "1");
        assertThat(tokenTexts(MYSQL, "SELECT 0 -- 1")).containsExactly("SELECT", "0");
        assertThat(tokenTexts(MYSQL, "SELECT 1 # x\n, 2")).containsExactly("SELECT", "1", ",", "2");
        assertThat(tokenTexts(MYSQL, "SELECT /*+ HINT(t) */ 1")).containsExactly("SELECT", "1");
    }

    @Test
    void mysqlExecutableCommentContentIsCode() {
        assertThat(tokenTexts(MYSQL, "/*!DROP TABLE t*/")).containsExactly("DROP", "TABLE", "t");
        assertThat(tokenTexts(MYSQL, "/*!50000 DROP TABLE t */")).containsExactly("DROP", "TABLE", "t");
        assertThat(tokenTexts(MARIADB, "/*M!100100 DROP TABLE t */")).containsExactly("DROP", "TABLE", "t");
        assertThat(MYSQL.statements("/*M!100100 DROP TABLE t */")).as("MySQL does not know /*M!").isEmpty();
        assertThat(texts(MYSQL, "SELECT 1 /*!; DROP TABLE t*/")).hasSize(2);
    }

    @Test
    void versionedCommentsRunByServerVersionAndType() {
        assertThat(MARIADB.statements("/*!101107 DROP TABLE t */")).as("newer than 10.11.6").isEmpty();
        assertThat(tokenTexts(MARIADB, "/*!101106 DROP TABLE t */")).containsExactly("DROP", "TABLE", "t");
        assertThat(MARIADB.statements("/*!80000 DROP TABLE t */")).as("MariaDB skips MySQL 5.7+ versions").isEmpty();
        assertThat(tokenTexts(MARIADB, "/*M!80000 DROP TABLE t */")).containsExactly("DROP", "TABLE", "t");
        assertThat(tokenTexts(MYSQL, "/*!80000 DROP TABLE t */")).containsExactly("DROP", "TABLE", "t");
        assertThat(MYSQL.statements("/*!80037 DROP TABLE t */")).isEmpty();
        assertThat(tokenTexts(MYSQL, "/*!800361DROP TABLE t */")).as("MySQL: six digits only before whitespace")
                .containsExactly("1DROP", "TABLE", "t");
        assertThat(tokenTexts(MYSQL, "/*!1234 DROP TABLE t */")).as("four digits are not a version")
                .containsExactly("1234", "DROP", "TABLE", "t");
    }

    @Test
    void skippedVersionCommentsEndAtTheFirstCloseWhateverQuotesTheyHold() {
        assertThat(texts(MARIADB, "SELECT 1 /*!99999 ' */ ; DROP TABLE t; -- '")).containsExactly("SELECT 1",
                "DROP TABLE t");
        assertThat(texts(MARIADB, "SELECT 1 /*!99999 a /* b */ c */; DROP TABLE t"))
                .as("one nested comment inside a skipped version comment").containsExactly("SELECT 1", "DROP TABLE t");
        assertThat(texts(MARIADB, "SELECT 1 /* ' */; DROP TABLE t")).containsExactly("SELECT 1", "DROP TABLE t");
    }

    @Test
    void mysqlDoubleDashNeedsAsciiSpaceOrControlAfterIt() {
        assertThat(texts(MARIADB, "SELECT 1 --\u2003x\n; DROP TABLE t")).hasSize(2);
        assertThat(tokenTexts(MARIADB, "SELECT 1 --\u2003x")).as("U+2003 is not whitespace")
                .containsExactly("SELECT", "1", "-", "-", "\u2003x");
        assertThat(tokenTexts(MARIADB, "SELECT 1 --\u0085x")).containsExactly("SELECT", "1", "-", "-", "\u0085x");
        assertThat(tokenTexts(MARIADB, "SELECT 1 --\u000bx")).containsExactly("SELECT", "1");
        assertThat(tokenTexts(MARIADB, "SELECT 1 --\u0001x")).containsExactly("SELECT", "1");
        assertThat(tokenTexts(MARIADB, "SELECT 1 --")).containsExactly("SELECT", "1");
        assertThat(texts(MARIADB, "SELECT 1 -- x\r; DROP TABLE t")).as("only \\n ends a MySQL comment").hasSize(1);
    }

    @Test
    void ansiQuotesMakeDoubleQuotesIdentifiers() {
        SqlLexer ansi = new SqlLexer(SessionSettings.mysql("10.11.6-MariaDB", "ANSI_QUOTES"));

        assertThat(ansi.statements("SELECT \"a;b\"").get(0).tokens().get(1).kind())
                .isEqualTo(Token.Kind.QUOTED_IDENTIFIER);
        assertThat(texts(ansi, "SELECT \"x\\\"; DROP TABLE t")).as("no backslash escape in an identifier")
                .containsExactly("SELECT \"x\\\"", "DROP TABLE t");
        assertThat(MARIADB.statements("SELECT \"a\"").get(0).tokens().get(1).kind()).isEqualTo(Token.Kind.STRING);
    }

    @Test
    void mysqlAdjacentStringsAreOneString() {
        List<Token> tokens = MARIADB.statements("PREPARE s FROM 'DELETE FROM t' /* c */ \" WHERE 1\"").get(0).tokens();

        assertThat(tokens).hasSize(4);
        assertThat(tokens.get(3).value()).isEqualTo("DELETE FROM t WHERE 1");
    }

    @Test
    void postgresqlLineCommentsEndAtCarriageReturn() {
        assertThat(texts(POSTGRESQL, "SELECT 1 -- x\r; DROP TABLE t")).containsExactly("SELECT 1", "DROP TABLE t");
    }

    @Test
    void postgresqlStringContinuationKeepsTheFirstPartsMode() {
        assertThat(POSTGRESQL.statements("SELECT 'a'\n'b'").get(0).tokens().get(1).value()).isEqualTo("ab");
        assertThat(POSTGRESQL.statements("SELECT 'a' -- c\r\n  'b'").get(0).tokens().get(1).value())
                .isEqualTo("ab");
        assertThat(POSTGRESQL.statements("SELECT 'a' 'b'").get(0).tokens()).as("no newline: two tokens").hasSize(3);
        assertThat(POSTGRESQL.statements("SELECT 'a' /* c */\n'b'").get(0).tokens())
                .as("a block comment stops continuation").hasSize(3);
        assertThat(texts(POSTGRESQL, "SELECT E'a'\n'\\'; DROP TABLE t; --'")).as("the continuation is an E string")
                .hasSize(1);
        assertThat(texts(POSTGRESQL, "SELECT 'a'\n'\\'; DROP TABLE t; --'")).hasSize(2);
    }

    @Test
    void postgresqlEscapeAndUnicodeStrings() {
        assertThat(POSTGRESQL.statements("SELECT E'\\x41\\101\\u0041'").get(0).tokens().get(1).value())
                .isEqualTo("AAA");
        assertThat(POSTGRESQL.statements("SELECT U&'d\\0061t\\+000061'").get(0).tokens().get(1).value())
                .isEqualTo("data");
        List<Token> custom = POSTGRESQL.statements("EXPLAIN (U&\"!0061nalyze\" UESCAPE '!') DELETE FROM t")
                .get(0).tokens();
        assertThat(custom.get(2).kind()).isEqualTo(Token.Kind.QUOTED_IDENTIFIER);
        assertThat(custom.get(2).value()).isEqualTo("analyze");
        assertThat(custom.get(3).text()).isEqualTo(")");
        assertThat(texts(POSTGRESQL, "SELECT B'\\'; DROP TABLE t")).hasSize(2);
    }

    @Test
    void postgresqlWithoutStandardConformingStringsEscapesInPlainStrings() {
        SqlLexer off = new SqlLexer(SessionSettings.postgresql(false));

        assertThat(texts(off, "SELECT 'x\\'; DROP TABLE t; --'")).hasSize(1);
        assertThat(off.statements("SELECT 'a\\nb'").get(0).tokens().get(1).value()).isEqualTo("a\nb");
    }

    @Test
    void settingsDependenceIsReported() {
        assertThat(POSTGRESQL.lex("SELECT 'a\\b'").settingsDependence()).contains("standard_conforming_strings");
        assertThat(POSTGRESQL.lex("SELECT E'a\\b', $$\\$$").settingsDependence()).isNull();
        assertThat(POSTGRESQL.lex("SELECT U&'a'").settingsDependence()).contains("U&");
        assertThat(MARIADB.lex("SELECT 'a\\b'").settingsDependence()).contains("NO_BACKSLASH_ESCAPES");
        assertThat(MARIADB.lex("SELECT \"a\"").settingsDependence()).contains("ANSI_QUOTES");
        assertThat(MARIADB.lex("SELECT `a`, 'b' FROM t -- \\").settingsDependence()).isNull();
    }

    @Test
    void nonAsciiSpacesAreIdentifierCharacters() {
        assertThat(tokenTexts(POSTGRESQL, "DROP\u00a0TABLE t")).containsExactly("DROP\u00a0TABLE", "t");
        assertThat(tokenTexts(MARIADB, "DROP\u2003TABLE t")).containsExactly("DROP\u2003TABLE", "t");
    }

    @Test
    void keyWordsCompareAsTheirUpperCaseValueWhetherAsciiOrNot() {
        for (String word : List.of("create", "CrEaTe", "CREATE", "created", "creat", "begın", "claß", "ſelect",
                "ﬀ", "update$1", "Ａ")) {
            for (String keyWord : List.of("CREATE", "BEGIN", "CLASS", "SELECT", "FF", "UPDATE$1", "A", "")) {
                Token inPlace = MYSQL.statements(word).get(0).tokens().get(0);
                Token upperCased = MYSQL.statements(word).get(0).tokens().get(0);
                upperCased.value();
                assertThat(inPlace.isWord(keyWord)).as(word + " is " + keyWord)
                        .isEqualTo(upperCased.isWord(keyWord))
                        .isEqualTo(word.toUpperCase(java.util.Locale.ROOT).equals(keyWord));
            }
        }
    }

    @Test
    void mysqlStatementsReadAsCompoundOnlyByTheirFirstWord() {
        assertThat(texts(MARIADB, "UPDATE t SET a = 1; IF 1 THEN SELECT 1; END IF; select 2; "
                + "create procedure p() begin select 1; end; Begin not atomic select 1; end"))
                .containsExactly("UPDATE t SET a = 1", "IF 1 THEN SELECT 1; END IF", "select 2",
                        "create procedure p() begin select 1; end", "Begin not atomic select 1; end");
        assertThat(texts(MARIADB, "(SELECT 1; SELECT 2")).containsExactly("(SELECT 1", "SELECT 2");
    }

    @Test
    void tokensKnowTheirParenthesisDepth() {
        List<Token> tokens = POSTGRESQL.statements("SELECT (a + (b))").get(0).tokens();

        assertThat(tokens).extracting(Token::depth).containsExactly(0, 0, 1, 1, 1, 2, 1, 0);
    }

    @Test
    void postgresqlSplitsOnlyOutsideParentheses() {
        assertThat(texts(POSTGRESQL, "CREATE RULE r AS ON INSERT TO t DO ALSO (DELETE FROM a; SELECT 1); SELECT 2"))
                .containsExactly("CREATE RULE r AS ON INSERT TO t DO ALSO (DELETE FROM a; SELECT 1)", "SELECT 2");
        assertThat(texts(POSTGRESQL, "SELECT (1; DROP TABLE t)")).hasSize(1);
        assertThat(texts(POSTGRESQL, "SELECT 1); DROP TABLE t")).containsExactly("SELECT 1)", "DROP TABLE t");
    }

    @Test
    void mysqlStoredProgramBodiesAreOneStatement() {
        assertThat(texts(MARIADB, "CREATE PROCEDURE p() BEGIN DELETE FROM t WHERE id = 1; SELECT 1; END; SELECT 2"))
                .containsExactly("CREATE PROCEDURE p() BEGIN DELETE FROM t WHERE id = 1; SELECT 1; END", "SELECT 2");
        assertThat(texts(MARIADB, "CREATE DEFINER = 'app'@'%' TRIGGER t BEFORE INSERT ON o FOR EACH ROW "
                + "lbl: BEGIN IF NEW.a THEN LEAVE lbl; ELSE SET NEW.b = 1; END IF; END lbl; DROP TABLE x"))
                .hasSize(2).last().isEqualTo("DROP TABLE x");
        assertThat(texts(MARIADB, "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DECLARE CONTINUE HANDLER FOR "
                + "SQLSTATE VALUE '23000', NOT FOUND BEGIN END; REPEAT SET @a = 1; UNTIL CASE WHEN 1 THEN 1 END "
                + "END REPEAT; END; SELECT 1")).hasSize(2);
        assertThat(texts(MARIADB, "CREATE FUNCTION f(a INT) RETURNS VARCHAR(20) CHARACTER SET utf8mb4 "
                + "DETERMINISTIC BEGIN WHILE a > 0 DO SET a = a - 1; END WHILE; RETURN 'x'; END; SELECT 1")).hasSize(2);
    }

    @Test
    void mysqlSimpleBodiesAndTransactionsEndAtTheFirstSemicolon() {
        assertThat(texts(MARIADB, "CREATE PROCEDURE p() SELECT CASE WHEN 1 THEN 1 END; DELETE FROM t"))
                .containsExactly("CREATE PROCEDURE p() SELECT CASE WHEN 1 THEN 1 END", "DELETE FROM t");
        assertThat(texts(MARIADB, "CREATE TRIGGER t AFTER INSERT ON o FOR EACH ROW DELETE FROM a; DROP TABLE x"))
                .hasSize(2);
        assertThat(texts(MARIADB, "BEGIN; DELETE FROM t; COMMIT")).hasSize(3);
        assertThat(texts(MARIADB, "BEGIN WORK; SELECT 1")).hasSize(2);
        assertThat(texts(MARIADB, "CREATE TABLE event (id INT); SELECT 1")).hasSize(2);
    }

    @Test
    void mariadbAnonymousBlocksAreOneStatement() {
        assertThat(texts(MARIADB, "BEGIN NOT ATOMIC DELETE FROM t; SELECT 1; END; SELECT 2"))
                .containsExactly("BEGIN NOT ATOMIC DELETE FROM t; SELECT 1; END", "SELECT 2");
        assertThat(texts(MARIADB, "IF 1 THEN SELECT 1; ELSEIF 2 THEN SELECT 2; END IF; SELECT 3")).hasSize(2);
        assertThat(texts(MARIADB, "FOR i IN 1..3 DO SELECT i; END FOR; SELECT 3")).hasSize(2);
    }

    @Test
    void unclosedOrMismatchedBlocksAreReportedAndSwallowNothingAfterAClosedOne() {
        assertThat(CompoundStatements.read(MARIADB.statements("CREATE PROCEDURE p() BEGIN DELETE FROM t")
                .get(0).tokens()).problem()).contains("ends inside a BEGIN block");
        assertThat(CompoundStatements.read(MARIADB.statements("IF 1 THEN SELECT 1; END LOOP").get(0).tokens())
                .problem()).contains("closes a IF block");
        assertThat(texts(MARIADB, "CREATE PROCEDURE p() BEGIN SELECT 1; END; DROP TABLE t")).hasSize(2);
    }

    @Test
    void bodiesHoldTheirDataStatementsButNotControlStatements() {
        CompoundStatements.Reading reading = CompoundStatements.read(MARIADB.statements(
                "CREATE TRIGGER t AFTER INSERT ON o FOR EACH ROW BEGIN DECLARE EXIT HANDLER FOR SQLEXCEPTION "
                        + "RESIGNAL; IF NEW.a > 0 THEN DELETE FROM a WHERE id = NEW.a; END IF; "
                        + "SIGNAL SQLSTATE '45000'; UPDATE b SET c = 1; END").get(0).tokens());

        assertThat(reading.kind()).isEqualTo(CompoundStatements.Kind.TRIGGER);
        assertThat(reading.body()).extracting(statement -> statement.get(0).value()).containsExactly("DELETE",
                "UPDATE");
        assertThat(reading.problem()).isNull();
    }
}
