package io.jdbcguard.rules.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.TypeChange.Cast;
import io.jdbcguard.rules.TypeChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The column type changes an analysis exposes ({@link io.jdbcguard.rules.Analysis#typeChanges()}) for the driver to
 * judge live.
 */
class LossyAlterTypeChangesTest {
    private final StatementAnalyzer postgresql = new StatementAnalyzer(Dialect.POSTGRESQL, true);
    private final StatementAnalyzer mysql = new StatementAnalyzer(Dialect.MYSQL, true);

    @Test
    void postgresqlSpellingsOfATypeChange() {
        assertThat(postgresql.analyze("ALTER TABLE orders ALTER COLUMN total TYPE integer").typeChanges())
                .containsExactly(new TypeChange(null, "orders", "total", "integer", Cast.ASSIGNMENT, null, null));
        assertThat(postgresql.analyze("alter table Orders alter Total set data type varchar(255)").typeChanges())
                .containsExactly(new TypeChange(null, "orders", "total", "varchar(255)", Cast.ASSIGNMENT, null,
                        null));
        assertThat(postgresql.analyze("ALTER TABLE ONLY app.\"Orders\" ALTER \"Total\" TYPE timestamp(3) with time"
                + " zone COLLATE \"C\"").typeChanges()).containsExactly(new TypeChange("app", "Orders", "Total",
                        "timestamp(3) with time zone", Cast.ASSIGNMENT, null, null));
    }

    @Test
    void severalChangesInOneStatementAndAcrossStatementsAreAllExposed() {
        assertThat(postgresql.analyze("ALTER TABLE t ALTER COLUMN a TYPE int, ALTER COLUMN b TYPE int, "
                + "ALTER c SET DEFAULT 1, ADD d int; /* x */ ALTER TABLE IF EXISTS u -- y\n ALTER e TYPE date")
                .typeChanges()).extracting(TypeChange::table, TypeChange::column, TypeChange::newType)
                .containsExactly(tuple("t", "a", "int"),
                        tuple("t", "b", "int"),
                        tuple("u", "e", "date"));
    }

    @Test
    void usingTheColumnIsAnAssignmentACastOfItIsExplicitAnythingElseIsAnExpression() {
        assertThat(postgresql.analyze("ALTER TABLE t ALTER name TYPE varchar(2) USING name").typeChanges())
                .containsExactly(new TypeChange(null, "t", "name", "varchar(2)", Cast.ASSIGNMENT, null, "name"));
        assertThat(postgresql.analyze("ALTER TABLE t ALTER name TYPE varchar(2) USING name::varchar(2)")
                .typeChanges()).containsExactly(new TypeChange(null, "t", "name", "varchar(2)", Cast.EXPLICIT,
                        "varchar(2)", "name::varchar(2)"));
        assertThat(postgresql.analyze("ALTER TABLE t ALTER name TYPE text USING CAST(name AS character varying(2))")
                .typeChanges()).extracting(TypeChange::cast, TypeChange::castType)
                .containsExactly(tuple(Cast.EXPLICIT, "character varying(2)"));
        assertThat(postgresql.analyze("ALTER TABLE t ALTER name TYPE VARCHAR(255) USING (name::VARCHAR(255))")
                .typeChanges()).as("Liquibase's modifyDataType").extracting(TypeChange::cast, TypeChange::castType)
                .containsExactly(tuple(Cast.EXPLICIT, "VARCHAR(255)"));
        assertThat(postgresql.analyze("ALTER TABLE t ALTER \"Name\" TYPE int USING ((\"Name\"))").typeChanges())
                .extracting(TypeChange::cast).containsExactly(Cast.ASSIGNMENT);
        for (String using : new String[] {"name::int * 0", "(name)::int * 0", "(name) || (name)", "'x'",
                "lower(name)", "other::text", "name || ''",
                "CAST(name AS text) || 'x'", "name::text::int"}) {
            assertThat(postgresql.analyze("ALTER TABLE t ALTER name TYPE text USING " + using).typeChanges())
                    .as(using).extracting(TypeChange::cast).containsExactly(Cast.EXPRESSION);
        }
    }

    @Test
    void mysqlModifyAndChangeKeepTheTypeWithoutColumnAttributes() {
        assertThat(mysql.analyze("ALTER TABLE orders MODIFY total INT NOT NULL").typeChanges()).containsExactly(
                new TypeChange(null, "orders", "total", "INT", Cast.ASSIGNMENT, null, null));
        assertThat(mysql.analyze("ALTER TABLE shop.`Orders` MODIFY COLUMN `total` DECIMAL(12, 2) UNSIGNED ZEROFILL"
                + " DEFAULT 0 COMMENT 'x' AFTER id").typeChanges()).containsExactly(new TypeChange("shop", "Orders",
                        "total", "DECIMAL(12, 2) UNSIGNED ZEROFILL", Cast.ASSIGNMENT, null, null));
        assertThat(mysql.analyze("ALTER TABLE users CHANGE COLUMN name full_name VARCHAR(2) CHARACTER SET utf8mb4,"
                + " CHANGE active active tinyint(1) NOT NULL, MODIFY IF EXISTS score DOUBLE PRECISION")
                .typeChanges()).extracting(TypeChange::column, TypeChange::newType).containsExactly(
                        tuple("name", "VARCHAR(2)"),
                        tuple("active", "tinyint(1)"),
                        tuple("score", "DOUBLE PRECISION"));
        assertThat(mysql.analyze("ALTER TABLE t MODIFY c NATIONAL CHARACTER VARYING(10) NULL").typeChanges())
                .extracting(TypeChange::newType).containsExactly("NATIONAL CHARACTER VARYING(10)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ALTER TABLE t ALTER COLUMN c SET DEFAULT 1", "ALTER TABLE t ALTER c DROP NOT NULL",
            "ALTER TABLE t ADD COLUMN c int", "ALTER TABLE t RENAME COLUMN a TO b", "UPDATE t SET c = 1",
            "CREATE TABLE t (c int)", "ALTER TABLE t ALTER COLUMN c SET STATISTICS 100"})
    void otherStatementsChangeNoType(String sql) {
        assertThat(postgresql.analyze(sql).typeChanges()).isEmpty();
        assertThat(mysql.analyze(sql).typeChanges()).isEmpty();
    }

    @Test
    void aTypeChangeInStoredCodeDoesNotRunWhenStored() {
        assertThat(mysql.analyze("CREATE PROCEDURE p() BEGIN ALTER TABLE t MODIFY c INT; END").typeChanges())
                .isEmpty();
    }
}
