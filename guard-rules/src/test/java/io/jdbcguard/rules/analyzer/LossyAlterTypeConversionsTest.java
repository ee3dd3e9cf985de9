package io.jdbcguard.rules.analyzer;

import static io.jdbcguard.rules.analyzer.TypeConversions.Outcome.KEEPS;
import static io.jdbcguard.rules.analyzer.TypeConversions.Outcome.LOSES;
import static io.jdbcguard.rules.analyzer.TypeConversions.Outcome.REFUSES_MISFITS;
import static io.jdbcguard.rules.analyzer.TypeConversions.Outcome.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.TypeChange;
import io.jdbcguard.rules.analyzer.TypeConversions.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The conversion table of {@link TypeConversions}: old types as the catalogs spell them, new types as statements
 * write them.
 */
class LossyAlterTypeConversionsTest {
    @ParameterizedTest(name = "PostgreSQL {0} -> {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            integer                       | bigint                    | KEEPS
            integer                       | int4                      | KEEPS
            smallint                      | integer                   | KEEPS
            integer                       | smallint                  | REFUSES_MISFITS
            bigint                        | integer                   | REFUSES_MISFITS
            integer                       | numeric(12,2)             | KEEPS
            integer                       | numeric                   | KEEPS
            integer                       | numeric(5,0)              | REFUSES_MISFITS
            integer                       | double precision          | KEEPS
            bigint                        | float8                    | LOSES
            integer                       | real                      | LOSES
            smallint                      | real                      | KEEPS
            integer                       | text                      | KEEPS
            integer                       | varchar(11)               | KEEPS
            integer                       | varchar(3)                | REFUSES_MISFITS
            integer                       | boolean                   | REFUSES_MISFITS
            numeric(10,2)                 | integer                   | LOSES
            numeric(10,2)                 | numeric(12,2)             | KEEPS
            numeric(10,2)                 | numeric(12,4)             | KEEPS
            numeric(10,2)                 | numeric(10,1)             | LOSES
            numeric(10,2)                 | numeric(8,2)              | REFUSES_MISFITS
            numeric(10,2)                 | numeric                   | KEEPS
            numeric                       | numeric(10,2)             | LOSES
            numeric(4,0)                  | smallint                  | KEEPS
            numeric(5,0)                  | smallint                  | REFUSES_MISFITS
            numeric(10,2)                 | double precision          | LOSES
            numeric(10,2)                 | text                      | KEEPS
            real                          | double precision          | KEEPS
            double precision              | real                      | LOSES
            double precision              | integer                   | LOSES
            character varying(100)        | varchar(255)              | KEEPS
            character varying(100)        | character varying(100)    | KEEPS
            character varying(100)        | text                      | KEEPS
            character varying(100)        | varchar                   | KEEPS
            character varying(10)         | varchar(2)                | REFUSES_MISFITS
            text                          | varchar(255)              | REFUSES_MISFITS
            character(5)                  | varchar(5)                | KEEPS
            character varying(5)          | char(5)                   | UNKNOWN
            text                          | integer                   | REFUSES_MISFITS
            timestamp without time zone   | date                      | LOSES
            timestamp(6) without time zone| timestamp(3)              | LOSES
            timestamp(3) without time zone| timestamp                 | KEEPS
            date                          | timestamp                 | KEEPS
            timestamp without time zone   | timestamp with time zone  | UNKNOWN
            timestamp with time zone      | timestamptz               | KEEPS
            timestamp with time zone      | date                      | LOSES
            date                          | integer                   | REFUSES_MISFITS
            boolean                       | text                      | KEEPS
            boolean                       | bool                      | KEEPS
            uuid                          | uuid                      | KEEPS
            uuid                          | text                      | UNKNOWN
            jsonb                         | json                      | UNKNOWN
            integer[]                     | integer[]                 | KEEPS
            integer[]                     | bigint[]                  | UNKNOWN
            bytea                         | bytea                     | KEEPS
            integer                       | pg_catalog.int8           | KEEPS
            integer                       | "bigint"                  | KEEPS
            """)
    void postgresqlAssignment(String oldType, String newType, Outcome outcome) {
        assertThat(judge(Dialect.POSTGRESQL, oldType, assignment(newType), true)).isEqualTo(outcome);
    }

    /** Django writes {@code USING "c"::varchar(200)} for every type change, so a narrowing truncates. */
    @ParameterizedTest(name = "PostgreSQL {0} -> {1} USING {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            character varying(100) | varchar(2)   | varchar(2)    | LOSES
            character varying(100) | varchar(200) | varchar(2)    | LOSES
            character varying(100) | text         | text          | KEEPS
            character varying(100) | varchar(200) | varchar(200)  | KEEPS
            character varying(200) | varchar(100) | varchar(100)  | LOSES
            integer                | bigint       | bigint        | KEEPS
            integer                | smallint     | smallint      | REFUSES_MISFITS
            numeric(10,2)          | integer      | integer       | LOSES
            numeric(10,2)          | numeric(8,2) | numeric(12,2) | REFUSES_MISFITS
            character varying(100) | integer      | integer       | UNKNOWN
            """)
    void postgresqlExplicitCast(String oldType, String newType, String castType, Outcome outcome) {
        TypeChange change = new TypeChange(null, "t", "c", newType, TypeChange.Cast.EXPLICIT, castType,
                "c::" + castType);
        assertThat(judge(Dialect.POSTGRESQL, oldType, change, true)).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "MariaDB {0} -> {1}: strict {2}, not strict {3}")
    @CsvSource(delimiter = '|', textBlock = """
            int(11)                | BIGINT                  | KEEPS           | KEEPS
            int(11)                | INT                     | KEEPS           | KEEPS
            int(11)                | INTEGER(11)             | KEEPS           | KEEPS
            int(10) unsigned       | BIGINT                  | KEEPS           | KEEPS
            int(10) unsigned       | INT                     | REFUSES_MISFITS | LOSES
            int(11)                | INT UNSIGNED            | REFUSES_MISFITS | LOSES
            int(11)                | SMALLINT                | REFUSES_MISFITS | LOSES
            tinyint(1)             | BOOLEAN                 | KEEPS           | KEEPS
            tinyint(1)             | BOOL                    | KEEPS           | KEEPS
            int(11)                | BOOLEAN                 | REFUSES_MISFITS | LOSES
            mediumint(9)           | INT                     | KEEPS           | KEEPS
            bigint(20) unsigned    | DECIMAL(20,0)           | KEEPS           | KEEPS
            bigint(20)             | DECIMAL(18,0)           | REFUSES_MISFITS | LOSES
            int(11)                | DECIMAL(10,0)           | KEEPS           | KEEPS
            int(11)                | DOUBLE                  | KEEPS           | KEEPS
            decimal(10,2)          | INT                     | LOSES           | LOSES
            decimal(10,2)          | DECIMAL(12,2)           | KEEPS           | KEEPS
            decimal(10,2)          | DECIMAL(10,1)           | LOSES           | LOSES
            decimal(10,2)          | DECIMAL(9,2)            | REFUSES_MISFITS | LOSES
            decimal(10,2)          | DECIMAL                 | LOSES           | LOSES
            decimal(9,0)           | INT                     | KEEPS           | KEEPS
            float                  | DOUBLE                  | KEEPS           | KEEPS
            double                 | FLOAT                   | LOSES           | LOSES
            varchar(100)           | VARCHAR(255)            | KEEPS           | KEEPS
            varchar(100)           | VARCHAR(100)            | KEEPS           | KEEPS
            varchar(100)           | VARCHAR(2)              | REFUSES_MISFITS | LOSES
            varchar(100)           | TEXT                    | KEEPS           | KEEPS
            varchar(16000)         | TEXT                    | KEEPS           | KEEPS
            varchar(100)           | TINYTEXT                | REFUSES_MISFITS | LOSES
            varchar(50)            | TINYTEXT                | KEEPS           | KEEPS
            varchar(100)           | LONGTEXT                | KEEPS           | KEEPS
            varchar(100)           | JSON                    | KEEPS           | KEEPS
            text                   | VARCHAR(255)            | REFUSES_MISFITS | LOSES
            text                   | MEDIUMTEXT              | KEEPS           | KEEPS
            mediumtext             | TEXT                    | REFUSES_MISFITS | LOSES
            char(10)               | VARCHAR(10)             | KEEPS           | KEEPS
            varchar(10)            | CHAR(10)                | UNKNOWN         | UNKNOWN
            varchar(10)            | INT                     | UNKNOWN         | UNKNOWN
            int(11)                | VARCHAR(20)             | KEEPS           | KEEPS
            int(11)                | VARCHAR(5)              | REFUSES_MISFITS | LOSES
            datetime               | DATE                    | LOSES           | LOSES
            datetime(6)            | DATETIME                | LOSES           | LOSES
            datetime               | DATETIME(3)             | KEEPS           | KEEPS
            date                   | DATETIME                | KEEPS           | KEEPS
            datetime               | TIMESTAMP               | UNKNOWN         | UNKNOWN
            timestamp              | TIMESTAMP               | KEEPS           | KEEPS
            varbinary(16)          | VARBINARY(32)           | KEEPS           | KEEPS
            blob                   | TINYBLOB                | REFUSES_MISFITS | LOSES
            enum('a','b')          | ENUM('a','b')           | KEEPS           | KEEPS
            enum('a','b')          | ENUM('a')               | UNKNOWN         | UNKNOWN
            year(4)                | YEAR                    | UNKNOWN         | UNKNOWN
            """)
    void mariadb(String oldType, String newType, Outcome strict, Outcome notStrict) {
        assertThat(judge(Dialect.MYSQL, oldType, assignment(newType), true)).as("strict").isEqualTo(strict);
        assertThat(judge(Dialect.MYSQL, oldType, assignment(newType), false)).as("not strict").isEqualTo(notStrict);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            'anonymous'
            total * 0
            lower(name)
            """)
    void aUsingExpressionIsNotKnownToKeepValues(String using) {
        TypeChange change = new TypeChange(null, "t", "c", "text", TypeChange.Cast.EXPRESSION, null, using);
        TypeConversions.Judgement judgement = TypeConversions.judge(Dialect.POSTGRESQL, "text", change, true);
        assertThat(judgement.outcome()).isEqualTo(UNKNOWN);
        assertThat(judgement.reason()).contains("USING " + using);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"KEEPS, true", "REFUSES_MISFITS, true", "UNKNOWN, false", "LOSES, false"})
    void onlyKeepingAndRefusingKeepEveryValue(Outcome outcome, boolean keeps) {
        assertThat(outcome.keepsEveryValue()).isEqualTo(keeps);
        assertThat(KEEPS.keepsEveryValue() && REFUSES_MISFITS.keepsEveryValue() && !LOSES.keepsEveryValue()).isTrue();
    }

    private static TypeChange assignment(String newType) {
        return new TypeChange(null, "t", "c", newType, TypeChange.Cast.ASSIGNMENT, null, null);
    }

    private static Outcome judge(Dialect dialect, String oldType, TypeChange change, boolean strict) {
        return TypeConversions.judge(dialect, oldType, change, strict).outcome();
    }
}
