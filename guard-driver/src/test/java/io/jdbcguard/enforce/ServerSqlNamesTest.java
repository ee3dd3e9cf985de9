package io.jdbcguard.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Dialect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How {@link ServerSql} folds a table name a statement wrote and quotes it back for its own statements: each part
 * stays one identifier, also when it holds a dot or a quote ({@code "a.b"} is a table, not table {@code b} of schema
 * {@code a}).
 */
class ServerSqlNamesTest {
    private static final ServerSql POSTGRESQL = ServerSql.of(Dialect.POSTGRESQL, null);
    private static final ServerSql MARIADB = ServerSql.of(Dialect.MYSQL, null);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Users                | users             | \"users\"",
        "\"Users\"            | Users             | \"Users\"",
        "Shop.Users           | shop.users        | \"shop\".\"users\"",
        "public.\"a.b\"       | public.\"a.b\"    | \"public\".\"a.b\"",
        "\"x\"\"y\"           | \"x\"\"y\"        | \"x\"\"y\"",
        "\"my.schema\".orders | \"my.schema\".orders | \"my.schema\".\"orders\""})
    void postgresqlFoldsUnquotedPartsAndQuotesEachPartAsOneIdentifier(String written, String folded, String quoted) {
        assertThat(POSTGRESQL.folded(written)).isEqualTo(folded);
        assertThat(POSTGRESQL.quoted(POSTGRESQL.folded(written))).isEqualTo(quoted);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Users          | Users          | `Users`",
        "shop.`a.b`     | shop.\"a.b\"   | `shop`.`a.b`",
        "`x``y`         | \"x`y\"        | `x``y`"})
    void mariadbKeepsLetterCaseAndQuotesEachPartWithBackticks(String written, String folded, String quoted) {
        assertThat(MARIADB.folded(written)).isEqualTo(folded);
        assertThat(MARIADB.quoted(MARIADB.folded(written))).isEqualTo(quoted);
    }
}
