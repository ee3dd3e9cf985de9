package io.jdbcguard.rules.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.SessionSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A PostgreSQL trigger's function judged as the trigger's body ({@link StatementAnalyzer#triggerFunction}): real
 * trigger functions of pgAgent 4.2 ({@code /usr/share/postgresql/15/extension/pgagent--4.2.sql}) and others that
 * pass, and bodies whose changes are not pinned to the row, or that the guard cannot read, reported.
 */
class TriggerFunctionTest {
    private static final String CREATE = "CREATE TRIGGER t AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION f()";
    private final StatementAnalyzer postgresql = new StatementAnalyzer(SessionSettings.defaults(Dialect.POSTGRESQL));

    private List<Finding> judge(String language, String body) {
        return postgresql.triggerFunction(CREATE, "f", language, body);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // pgagent.pga_job_trigger()
        "\nBEGIN\n    IF NEW.jobenabled THEN\n        IF NEW.jobnextrun IS NULL THEN\n"
                + "             SELECT INTO NEW.jobnextrun\n                    MIN(pgagent.pga_next_schedule(jscid,"
                + " jscstart, jscend, jscminutes, jschours, jscweekdays, jscmonthdays, jscmonths))\n"
                + "               FROM pgagent.pga_schedule\n              WHERE jscenabled AND jscjobid=OLD.jobid;\n"
                + "        END IF;\n    ELSE\n        NEW.jobnextrun := NULL;\n    END IF;\n    RETURN NEW;\nEND;\n",
        // pgagent.pga_schedule_trigger()
        "\nBEGIN\n    IF TG_OP = 'DELETE' THEN\n        -- update pga_job from remaining schedules\n"
                + "        UPDATE pgagent.pga_job\n           SET jobnextrun = NULL\n"
                + "         WHERE jobenabled AND jobid=OLD.jscjobid;\n        RETURN OLD;\n    ELSE\n"
                + "        UPDATE pgagent.pga_job\n           SET jobnextrun = NULL\n"
                + "         WHERE jobenabled AND jobid=NEW.jscjobid;\n        RETURN NEW;\n    END IF;\nEND;\n",
        // pgagent.pga_exception_trigger()
        "\nDECLARE\n\n    v_jobid int4 := 0;\n\nBEGIN\n\n     IF TG_OP = 'DELETE' THEN\n\n"
                + "        SELECT INTO v_jobid jscjobid FROM pgagent.pga_schedule WHERE jscid = OLD.jexscid;\n\n"
                + "        UPDATE pgagent.pga_job\n           SET jobnextrun = NULL\n"
                + "         WHERE jobenabled AND jobid = v_jobid;\n        RETURN OLD;\n    ELSE\n\n"
                + "        SELECT INTO v_jobid jscjobid FROM pgagent.pga_schedule WHERE jscid = NEW.jexscid;\n\n"
                + "        UPDATE pgagent.pga_job\n           SET jobnextrun = NULL\n"
                + "         WHERE jobenabled AND jobid = v_jobid;\n        RETURN NEW;\n    END IF;\nEND;\n",
        "BEGIN NEW.updated_at := now(); RETURN NEW; END",
        "<<main>> DECLARE r record; BEGIN FOR r IN SELECT id FROM order_lines WHERE order_id = NEW.id LOOP"
                + " UPDATE stock SET reserved = reserved + 1 WHERE item = r.id; END LOOP;"
                + " INSERT INTO audit (id, at) VALUES (NEW.id, now()) RETURNING id INTO r; RETURN NEW;"
                + " EXCEPTION WHEN unique_violation THEN RAISE NOTICE 'dup'; RETURN NULL; END"})
    void realTriggerFunctionsPinnedToTheRowPass(String body) {
        assertThat(judge("plpgsql", body)).isEmpty();
    }

    @Test
    void aChangeNotPinnedToTheRowIsReported() {
        assertThat(judge("plpgsql", "BEGIN DELETE FROM fx_events WHERE id <> NEW.id; RETURN NEW; END"))
                .extracting(Finding::ruleId, Finding::statementKind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("armed-code",
                        "CREATE TRIGGER (DELETE not pinned)"));
        assertThat(judge("plpgsql", "BEGIN IF NEW.total > 0 THEN DELETE FROM users; END IF; RETURN NEW; END"))
                .extracting(Finding::statementKind).contains("CREATE TRIGGER (delete-without-where)");
        assertThat(judge("plpgsql", "BEGIN PERFORM 1; UPDATE users SET active = false WHERE id > OLD.id;"
                + " RETURN OLD; END")).isNotEmpty();
    }

    @Test
    void whatTheGuardCannotReadIsReported() {
        assertThat(judge("plpgsql", "BEGIN EXECUTE 'DELETE FROM ' || TG_ARGV[0]; RETURN NULL; END"))
                .extracting(Finding::reason).singleElement().asString().contains("dynamic SQL");
        assertThat(judge("c", "pg_trigger_function")).extracting(Finding::reason).singleElement().asString()
                .contains("written in c");
        assertThat(judge("plpgsql", "BEGIN FOR r IN EXECUTE 'SELECT 1' LOOP NULL; END LOOP; RETURN NULL; END"))
                .isNotEmpty();
    }

    @Test
    void aNewBodyForATriggerFunctionIsReportedUnlessNoTriggerExecutesIt() {
        assertThat(postgresql.analyze("CREATE OR REPLACE FUNCTION public.f() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN DELETE FROM users WHERE id <> NEW.user_id; RETURN NEW; END $$").findings())
                .extracting(Finding::ruleId, Finding::objects, Finding::unless)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("armed-code", List.of("public.f"),
                        Finding.Unless.UNUSED_BY_TRIGGERS));
        assertThat(postgresql.analyze("CREATE FUNCTION f() RETURNS trigger AS 'BEGIN UPDATE users SET n = n + 1"
                + " WHERE id = NEW.user_id; RETURN NEW; END' LANGUAGE 'plpgsql'").findings()).isEmpty();
        assertThat(postgresql.analyze("CREATE FUNCTION purge() RETURNS void LANGUAGE sql AS $$ DELETE FROM users $$")
                .findings()).isEmpty();
        assertThat(postgresql.analyze("CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " DELETE FROM users; RETURN NEW; END $$").findings()).as("a new function: no trigger executes it")
                .isEmpty();
        assertThat(postgresql.analyze("CREATE OR REPLACE FUNCTION moddatetime() RETURNS trigger AS 'MODULE_PATHNAME'"
                + " LANGUAGE C").findings()).extracting(Finding::reason, Finding::unless)
                .singleElement().satisfies(pair -> assertThat(pair.toList()).contains(Finding.Unless.UNUSED_BY_TRIGGERS));
    }

    @Test
    void aRowComparisonWithTheNewRowsValuesIsPinned() {
        // FreeRADIUS 3.0 mods-config/sql/cui/postgresql/schema.sql
        assertThat(postgresql.analyze("CREATE RULE postauth_query AS ON INSERT TO cui WHERE EXISTS(SELECT 1 FROM cui"
                + " WHERE (username, clientipaddress, callingstationid)=(NEW.username, NEW.clientipaddress,"
                + " NEW.callingstationid)) DO INSTEAD UPDATE cui SET lastaccounting ='-infinity'::timestamp with"
                + " time zone, cui=NEW.cui WHERE (username, clientipaddress, callingstationid)=(NEW.username,"
                + " NEW.clientipaddress, NEW.callingstationid)").findings()).isEmpty();
    }

    @Test
    void theTextRecordsTheFunctionsItArms() {
        assertThat(postgresql.analyze("CREATE TRIGGER t BEFORE UPDATE ON pgagent.pga_job FOR EACH ROW"
                + " EXECUTE PROCEDURE pgagent.pga_job_trigger()").armedFunctions())
                .containsExactly("pgagent.pga_job_trigger");
        assertThat(postgresql.analyze("CREATE TRIGGER t AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION"
                + " \"Audit\"('x')").findings()).isEmpty();
    }
}
