package io.jdbcguard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Statement splitting and tokens of {@link SqlLexer}, per dialect. */
class SqlLexerTest {
    private static final SqlLexer POSTGRESQL = new SqlLexer(Dialect.POSTGRESQL, true);
    private static final SqlLexer MYSQL = new SqlLexer(Dialect.MYSQL, true);
    private static final SqlLexer MYSQL_NO_BACKSLASH = new SqlLexer(Dialect.MYSQL, false);

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
        assertThat(tokenTexts(MYSQL, "/*M!100100 DROP TABLE t */")).containsExactly("DROP", "TABLE", "t");
        assertThat(texts(MYSQL, "SELECT 1 /*!; DROP TABLE t*/")).hasSize(2);
    }

    @Test
    void tokensKnowTheirParenthesisDepth() {
        List<Token> tokens = POSTGRESQL.statements("SELECT (a + (b))").get(0).tokens();

        assertThat(tokens).extracting(Token::depth).containsExactly(0, 0, 1, 1, 1, 2, 1, 0);
    }
}
