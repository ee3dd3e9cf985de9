package io.jdbcguard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementShapeTest {
    private static final SessionSettings POSTGRESQL = SessionSettings.defaults(Dialect.POSTGRESQL);
    private static final SessionSettings MYSQL = SessionSettings.defaults(Dialect.MYSQL);

    @Test
    void replacesStringAndNumberLiteralsAndKeepsTheRest() {
        assertThat(StatementShape.of(POSTGRESQL,
                "DELETE  FROM public.users\n WHERE email = 'ann@example.com' AND id >= 42 -- secret 7"))
                .isEqualTo("DELETE FROM public.users WHERE email = ? AND id >= ?");
    }

    @Test
    void dollarQuotedEscapeAndTypedStringsAreLiterals() {
        assertThat(StatementShape.of(POSTGRESQL, "SELECT $$p4ss$$, E'x\\'y', DATE '2024-01-01', \"Name\", $1"))
                .isEqualTo("SELECT ?, ?, DATE ?, \"Name\", $1");
    }

    @Test
    void mysqlStringsWithBackslashEscapesAndSeveralStatements() {
        assertThat(StatementShape.of(MYSQL, "UPDATE `t` SET a = 'it\\'s; x', b = 1.5e3 WHERE id IN (1, 2);"
                + " SELECT COUNT(*) FROM t"))
                .isEqualTo("UPDATE `t` SET a = ?, b = ? WHERE id IN (?, ?); SELECT COUNT (*) FROM t");
    }

    @Test
    void onlyCommentsGiveAnEmptyShape() {
        assertThat(StatementShape.of(POSTGRESQL, "/* DROP TABLE 'x' */ ; -- 1")).isEmpty();
    }
}
