package io.jdbcguard.rules.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
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

    /** The number types written out by hand agree with their definition as regular expressions. */
    @Test
    void numberTypesAgreeWithTheirRegularExpressions() {
        java.util.regex.Pattern integer = java.util.regex.Pattern.compile("[0-9]{1,18}");
        java.util.regex.Pattern decimal = java.util.regex.Pattern.compile("[0-9]{0,40}\\.[0-9]{0,40}");
        java.util.regex.Pattern exponent = java.util.regex.Pattern.compile(
                "([0-9]{1,40}|[0-9]{0,40}\\.[0-9]{0,40})[eE][+-]?[0-9]{1,3}");
        java.util.Random random = new java.util.Random(7);
        String alphabet = "0123456789.eE+-xXb_a";
        java.util.List<String> texts = new java.util.ArrayList<>(java.util.List.of("", "0", "5.", ".5", "1e5",
                "1.e5", ".5e-3", "1e", "1e1234", "0x1F", "1_000", "1234567890123456789", "123456789012345678",
                "1".repeat(41) + "e1", "1".repeat(40) + "e1", "." + "1".repeat(41), "1.2.3", "1e+", "e5"));
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(8);
            for (int c = 0; c < length; c++) {
                text.append(alphabet.charAt(random.nextInt(random.nextBoolean() ? 11 : alphabet.length())));
            }
            texts.add(text.toString());
        }
        for (String text : texts) {
            String expected = integer.matcher(text).matches() ? "I" : decimal.matcher(text).matches() ? "D"
                    : exponent.matcher(text).matches() ? "E" : null;
            assertThat(StatementShape.numberType(text)).as(text).isEqualTo(expected);
        }
    }
}
