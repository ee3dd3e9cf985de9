package io.jdbcguard.rules.checks;

import static io.jdbcguard.rules.RuleExample.mysql;
import static io.jdbcguard.rules.RuleExample.postgresql;

import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.Modification;
import io.jdbcguard.rules.RuleExample;
import io.jdbcguard.rules.RuleInfo;
import io.jdbcguard.rules.semantics.StoredCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Rule {@code armed-code}: a statement that installs code which later runs without anyone calling it, when that code
 * holds a statement another rule reports.
 *
 * <p>Armed code: MySQL/MariaDB {@code CREATE TRIGGER} (<a href="https://mariadb.com/kb/en/create-trigger/">CREATE
 * TRIGGER</a>) and {@code CREATE EVENT} / {@code ALTER EVENT ... DO} (<a
 * href="https://mariadb.com/kb/en/create-event/">CREATE EVENT</a>), whose body is one statement or a compound
 * {@code BEGIN ... END} ({@link io.jdbcguard.rules.lexing.CompoundStatements}), and PostgreSQL {@code CREATE RULE ...
 * DO [ALSO|INSTEAD]}, whose
 * actions may be a parenthesised list ({@link StoredCode}). Every statement of the body is judged by every rule as if
 * it ran on its own; each finding becomes an {@code armed-code} finding of the creating statement that names the
 * inner rule in its kind and reason. A separate rule rather than the inner rules' ids, because the body does not run
 * under the policy of the session that creates it: it runs later, for whoever fires the trigger or when the event's
 * schedule comes, so whether the inner rule is enabled for the creating session says nothing about it. The body's
 * own control statements ({@code IF}, loops, {@code DECLARE}, {@code SIGNAL}, {@code LEAVE}, cursors) are not
 * statements on data and are not judged.
 *
 * <p>A trigger's and a rule's body runs for every row a statement on its table touches, with that row's values as
 * {@code NEW} and {@code OLD}: its statements are judged with those values as parameters ({@link
 * io.jdbcguard.rules.semantics.RowValues}), and
 * each UPDATE, DELETE or MERGE in it must be pinned to the triggering row (its WHERE compares a column with
 * {@code =} to a value of {@code NEW}, {@code OLD} or a constant), since no one is there to see how many rows it
 * changes when it fires: {@code DELETE FROM users WHERE id <> NEW.user_id} has a WHERE and deletes every other user.
 *
 * <p>Allowed: bodies whose statements no rule reports (setting {@code NEW} columns, scoped updates, inserts into audit
 * tables, {@code SIGNAL}); PostgreSQL {@code CREATE TRIGGER ... EXECUTE FUNCTION f()} as text, which has no body
 * of its own: the driver reads {@code f}'s body from the server ({@link io.jdbcguard.rules.Analysis#armedFunctions()},
 * {@link io.jdbcguard.rules.analyzer.StatementAnalyzer#triggerFunction}) and reports it as this rule does a body, or
 * when it cannot read it (a
 * language other than SQL and PL/pgSQL, dynamic SQL); {@code DO INSTEAD NOTHING}; and {@code CREATE PROCEDURE} /
 * {@code CREATE FUNCTION} whatever their body, because creating them runs nothing and calling a procedure is reported
 * by {@code opaque}. A stored-program statement whose blocks do not close is reported by {@code unparseable}.
 */
@RuleInfo(id = "armed-code",
        summary = "CREATE TRIGGER (a PostgreSQL trigger's function read from the server), CREATE/ALTER EVENT ... DO and"
        + " CREATE RULE whose body holds a statement another rule reports or a change not pinned to the"
        + " triggering row")
public final class ArmedCodeRule extends AnnotatedRule {
    @Override
    public List<RuleExample> blocks() {
        return List.of(
                postgresql("CREATE RULE purge AS ON INSERT TO orders DO INSTEAD DELETE FROM users",
                        "every INSERT into orders would delete every user"),
                postgresql("CREATE RULE log AS ON UPDATE TO orders DO ALSO (INSERT INTO audit VALUES (1); "
                        + "TRUNCATE users)", "a parenthesised action list is judged action by action"),
                mysql("CREATE TRIGGER orders_purge AFTER INSERT ON orders FOR EACH ROW DELETE FROM users",
                        "the body runs on every inserted row"),
                mysql("CREATE TRIGGER orders_purge AFTER INSERT ON orders FOR EACH ROW BEGIN "
                        + "IF NEW.total > 100 THEN UPDATE users SET name = NULL; END IF; END",
                        "statements inside compound bodies are judged"),
                mysql("CREATE TRIGGER orders_purge AFTER INSERT ON orders FOR EACH ROW DELETE FROM users"
                        + " WHERE id <> NEW.user_id", "not pinned to the inserted row: deletes every other user"),
                postgresql("CREATE RULE demote AS ON INSERT TO orders DO ALSO UPDATE users SET active = false"
                        + " WHERE id > new.user_id", "a rule's change not pinned to the new row"),
                mysql("CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY DO TRUNCATE TABLE orders",
                        "the body runs on the event's schedule"),
                mysql("ALTER EVENT nightly DO BEGIN DROP TABLE users; END", "ALTER EVENT ... DO replaces the body"));
    }

    @Override
    public List<RuleExample> allows() {
        return List.of(
                postgresql("CREATE TRIGGER orders_audit AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION "
                        + "audit_order()", "no body in the text: the driver reads audit_order's body from the server and judges it"),
                postgresql("CREATE RULE keep AS ON DELETE TO orders DO INSTEAD NOTHING", "the rule runs nothing"),
                postgresql("CREATE FUNCTION purge() RETURNS void LANGUAGE sql AS $$ DELETE FROM users $$",
                        "creating a function runs nothing"),
                mysql("CREATE TRIGGER orders_check BEFORE INSERT ON orders FOR EACH ROW BEGIN IF NEW.total < 0 THEN "
                        + "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'negative total'; END IF; "
                        + "SET NEW.total = ROUND(NEW.total, 2); END", "checks and sets the new row only"),
                mysql("CREATE TRIGGER orders_count AFTER INSERT ON orders FOR EACH ROW UPDATE users"
                        + " SET order_count = order_count + 1 WHERE id = NEW.user_id",
                        "pinned to the inserted row's user: NEW.user_id is a value"),
                mysql("CREATE EVENT cleanup ON SCHEDULE EVERY 1 HOUR DO DELETE FROM orders WHERE total = 0",
                        "a scoped DELETE"),
                mysql("CREATE PROCEDURE purge_orders() BEGIN DELETE FROM orders; END",
                        "runs only when called, and CALL is reported by opaque"));
    }

    /**
     * The findings about changes of a row-level body ({@link StoredCode#perRow()}) that are not pinned to the
     * triggering row ({@link io.jdbcguard.rules.semantics.RowValues#unpinned}).
     *
     * @param statement the creating statement
     * @param code its stored code
     * @param unpinned the body's changes whose WHERE compares no column with {@code =} to a value
     * @return one {@code armed-code} finding per change
     */
    public List<Finding> unpinned(StatementContext statement, StoredCode code, List<Modification> unpinned) {
        List<Finding> findings = new ArrayList<>();
        for (Modification change : unpinned) {
            findings.add(statement.finding(this, code.statementKind() + " (" + change.kind() + " not pinned)",
                    List.of(change.table()), code.statementKind() + " installs code that runs for every row a"
                            + " statement on its table touches, and its " + change.kind() + " of " + change.table()
                            + " is not pinned to that row: its WHERE compares no column with = to a value of NEW,"
                            + " OLD or a constant, so one statement of any application can change many rows"));
        }
        return findings;
    }

    /**
     * @param statement the {@code CREATE TRIGGER} or {@code CREATE FUNCTION} statement
     * @param kind its kind, e.g. {@code CREATE TRIGGER}
     * @param function the function it makes run for every row
     * @param why why its body cannot be judged
     * @return the finding: what the guard does not understand, it does not allow
     */
    public Finding unreadable(StatementContext statement, String kind, String function, String why) {
        return statement.finding(this, kind + " (function " + function + ")", List.of(function), kind + " makes "
                + function + " run for every row a statement on a trigger's table touches, and jdbc-guard cannot"
                + " judge its body: " + why);
    }

    /**
     * The findings of a statement that stores armed code, from the findings of its body's statements.
     *
     * @param statement the creating statement
     * @param code its stored code; {@link StoredCode#armed()} true
     * @param bodyFindings every rule's findings about the body's statements, each judged as if it ran on its own
     * @return one {@code armed-code} finding per body finding, about the creating statement
     */
    public List<Finding> findings(StatementContext statement, StoredCode code, List<Finding> bodyFindings) {
        List<Finding> findings = new ArrayList<>();
        for (Finding inner : bodyFindings) {
            findings.add(statement.finding(this, code.statementKind() + " (" + inner.ruleId() + ")",
                    inner.objects(), code.statementKind() + " installs code that runs later without being called, "
                            + "and rule " + inner.ruleId() + " reports a statement of it: " + inner.reason()));
        }
        return findings;
    }
}
