package io.jdbcguard.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.analyzer.StatementAnalyzer;
import org.junit.jupiter.api.Test;

/** What {@code EXECUTE name} runs, as one connection learns it from the texts it saw. */
class PreparedNamesTest {
    private final StatementAnalyzer postgresql = new StatementAnalyzer(Dialect.POSTGRESQL, true);
    private final StatementAnalyzer mysql = new StatementAnalyzer(Dialect.MYSQL, true);
    private final PreparedNames names = new PreparedNames();

    @Test
    void anExecuteOfAKnownReadIsThatRead() {
        names.ran(postgresql.analyze("PREPARE Purge AS SELECT purge()"));
        names.ran(postgresql.analyze("PREPARE plain AS SELECT count(*) FROM users"));

        Analysis purge = names.resolved(postgresql.analyze("EXECUTE purge"));
        assertThat(purge.readOnly()).isTrue();
        assertThat(purge.mayHideWrites()).isTrue();
        assertThat(purge.runsPrepared()).isFalse();
        Analysis plain = names.resolved(postgresql.analyze("EXECUTE plain"));
        assertThat(plain.readOnly()).isTrue();
        assertThat(plain.mayHideWrites()).isFalse();
        assertThat(plain.runsPrepared()).isFalse();
        assertThat(names.resolved(postgresql.analyze("EXECUTE plain(archive(1))")).mayHideWrites()).isTrue();
    }

    @Test
    void anUnknownNameOrAKnownChangeStaysMeasured() {
        names.ran(mysql.analyze("PREPARE wipe FROM 'DELETE FROM users WHERE id > ?'"));

        Analysis unknown = mysql.analyze("EXECUTE other");
        assertThat(names.resolved(unknown)).isSameAs(unknown);
        Analysis wipe = mysql.analyze("EXECUTE WIPE USING @x");
        assertThat(names.resolved(wipe)).isSameAs(wipe);
        Analysis several = mysql.analyze("EXECUTE wipe; SELECT 1");
        assertThat(names.resolved(several)).isSameAs(several);
    }

    @Test
    void namesAreForgotten() {
        for (String forget : new String[] {"DEALLOCATE p", "DEALLOCATE ALL", "DISCARD ALL", "CALL refresh()",
            "DO $$ BEGIN END $$"}) {
            names.ran(postgresql.analyze("PREPARE p AS SELECT 1"));
            names.ran(postgresql.analyze(forget));
            assertThat(names.resolved(postgresql.analyze("EXECUTE p")).runsPrepared()).as(forget).isTrue();
        }
        names.ran(mysql.analyze("PREPARE p FROM 'SELECT 1'"));
        names.ran(mysql.analyze("DROP PREPARE p"));
        assertThat(names.resolved(mysql.analyze("EXECUTE p")).runsPrepared()).isTrue();
    }

    @Test
    void aFailedTextMakesTheNamesItUsesUnknown() {
        names.ran(mysql.analyze("PREPARE p FROM 'SELECT 1'"));
        names.ran(mysql.analyze("PREPARE q FROM 'SELECT 1'"));
        names.failed(mysql.analyze("PREPARE p FROM 'SELECT broken('"));
        assertThat(names.resolved(mysql.analyze("EXECUTE p")).runsPrepared()).isTrue();
        assertThat(names.resolved(mysql.analyze("EXECUTE q")).runsPrepared()).isFalse();
        names.failed(mysql.analyze("CALL prepares_statements()"));
        assertThat(names.resolved(mysql.analyze("EXECUTE q")).runsPrepared()).isTrue();
    }
}
