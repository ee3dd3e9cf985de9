package io.jdbcguard.rules.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Dialect;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.select.PlainSelect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ConstantFolder} on WHERE conditions alone: which are true for every row, which are constant but not true
 * (FALSE, or NULL, which a WHERE treats as false), and which depend on the row. The rules' tests reach it through
 * whole statements; these pin its three-valued logic and each dialect's conversions.
 */
class ConstantFolderTest {
    private static final ConstantFolder POSTGRESQL = new ConstantFolder(Dialect.POSTGRESQL);
    private static final ConstantFolder MYSQL = new ConstantFolder(Dialect.MYSQL);

    @ParameterizedTest
    @ValueSource(strings = {"1 = 1", "'a' = 'a'", "TRUE", "NOT (1 = 2)", "1 < 2 AND 2 < 3", "1 = 2 OR 2 = 2",
        "NULL IS NULL", "1 IS NOT NULL", "1 IS NOT DISTINCT FROM 1", "(1, 2) = (1, 2)", "'yes'::boolean",
        "CAST('t' AS boolean)", "COALESCE(NULL, 1) = 1", "CASE WHEN 1 = 1 THEN TRUE ELSE FALSE END",
        "DATE '2020-01-01' < DATE '2030-01-01'", "'abc' LIKE 'a%'", "'a%b' LIKE 'a\\%b'", "1 IN (1, 2)",
        "2 BETWEEN 1 AND 3", "GREATEST(1, 5) = 5", "EXISTS (SELECT 1)", "(SELECT 1) = 1", "2 * 3 = 6",
        "1 = ANY(ARRAY[1, 2])", "id = id", "t.x >= t.x", "x IS NULL OR x IS NOT NULL", "x LIKE '%'",
        "x BETWEEN x AND x", "(a, b) = (a, b)", "((((1 = 1))))", "id = 5 OR 2 > 1"})
    void trueForEveryRowInPostgresql(String condition) {
        assertThat(POSTGRESQL.isAlwaysTrue(where(condition))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1 = 2", "NOT (1 = 1)", "FALSE", "NULL", "NULL = NULL", "1 IN (2, NULL)", "NULL AND TRUE",
        "'t' = 'T'", "'abc' LIKE 'b%'", "3 BETWEEN 1 AND 2", "1 = ALL(ARRAY[1, 2])", "EXISTS (SELECT 1 WHERE 1 = 2)"})
    void constantButNotTrueInPostgresql(String condition) {
        Expression where = where(condition);

        assertThat(POSTGRESQL.isAlwaysTrue(where)).isFalse();
        assertThat(POSTGRESQL.isConstant(where)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"id = 1", "1 = 1 AND id = 2", "now() > DATE '1900-01-01'", "x LIKE 'a%'",
        "current_date = current_date + 0", "id = 5 OR name = 'x'", "EXISTS (SELECT 1 FROM users)", "random() < 2",
        "id IN (SELECT id FROM users)", "x = y"})
    void dependsOnTheRowOrOnWhatTheFolderDoesNotKnow(String condition) {
        Expression where = where(condition);

        assertThat(POSTGRESQL.isAlwaysTrue(where)).isFalse();
        assertThat(MYSQL.isAlwaysTrue(where)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "'1a'", "'abc' = 'ABC'", "1 <=> 1", "NULL <=> NULL", "x <=> x", "2 XOR 0",
        "'10' = 10", "IFNULL(NULL, 1)"})
    void trueForEveryRowInMysql(String condition) {
        assertThat(MYSQL.isAlwaysTrue(where(condition))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "'a'", "'0.0'", "1 XOR 1", "NULL <=> 1", "'abc' = 'abd'"})
    void constantButNotTrueInMysql(String condition) {
        Expression where = where(condition);

        assertThat(MYSQL.isAlwaysTrue(where)).isFalse();
        assertThat(MYSQL.isConstant(where)).isTrue();
    }

    private static Expression where(String condition) {
        try {
            return ((PlainSelect) CCJSqlParserUtil.parse("SELECT * FROM t WHERE " + condition)).getWhere();
        } catch (JSQLParserException e) {
            throw new IllegalArgumentException(condition, e);
        }
    }
}
