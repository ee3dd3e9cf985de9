package io.jdbcguard.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.DriverState;
import io.jdbcguard.policy.PairGuards;
import io.jdbcguard.policy.Policy;
import io.jdbcguard.policy.PolicyReader;
import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.analyzer.StatementAnalyzer;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link TypeChangeCheck} asks the server and when (the conversions themselves are {@code TypeConversions}'
 * unit tests, the servers' answers {@code LossyTypeChangeIT}'s): nothing for a text without a type change, on a pair
 * that does not apply {@code lossy-alter}, or for the connection's own table; a catalog that cannot be read blocks.
 */
class TypeChangeCheckTest {
    private static final StatementAnalyzer ANALYZER = new StatementAnalyzer(Dialect.POSTGRESQL, true);

    @TempDir
    Path folder;

    private final List<String> calls = new ArrayList<>();

    /** A connection that records each call and fails it, as a server that cannot be read. */
    private final Connection failing = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                calls.add(method.getName());
                throw new SQLException("connection refused");
            });

    private PairGuards guards(String policyText) throws Exception {
        Policy policy = PolicyReader.read(Files.writeString(folder.resolve("policy.yml"), policyText));
        return TestContexts.developerToProduction(new DriverState(), policy, folder).guards();
    }

    /** The connection's own objects, with a stub catalog. */
    private static SessionObjects objects(Map<String, SessionObjects.Relation> names) {
        return new SessionObjects(new StubCatalog(names));
    }

    private List<Finding> findings(PairGuards guards, String sql, SessionObjects own) {
        Analysis analysis = ANALYZER.analyze(sql);
        return new TypeChangeCheck(ServerSql.of(Dialect.POSTGRESQL, failing), Dialect.POSTGRESQL, guards)
                .findings(analysis, sql, own, false);
    }

    @Test
    void aTextWithoutATypeChangeAsksNothing() throws Exception {
        PairGuards guards = guards("environments:\n  production:\n    hosts: [127.0.0.2]\n");
        for (String sql : new String[] {"SELECT * FROM orders", "UPDATE orders SET total = 1 WHERE id = 2",
                "ALTER TABLE orders ADD COLUMN note text", "ALTER TABLE orders ALTER COLUMN total SET DEFAULT 0"}) {
            assertThat(findings(guards, sql, objects(Map.of()))).as(sql).isEmpty();
        }
        assertThat(calls).isEmpty();
    }

    @Test
    void aPairThatDoesNotApplyTheRuleAsksNothing() throws Exception {
        PairGuards guards = guards("guards:\n  - origin: developer\n    target: production\n    rules: [drop]\n");

        assertThat(findings(guards, "ALTER TABLE orders ALTER COLUMN total TYPE integer", objects(Map.of())))
                .isEmpty();
        assertThat(calls).isEmpty();
    }

    @Test
    void theConnectionsOwnTableAsksNothing() throws Exception {
        PairGuards guards = guards("environments:\n  production:\n    hosts: [127.0.0.2]\n");
        SessionObjects own = objects(Map.of("scratch", new SessionObjects.Relation("16401", false, List.of())));
        own.ran(ANALYZER.analyze("CREATE TABLE scratch (v numeric(10,2))"), "CREATE TABLE scratch (v numeric(10,2))");

        assertThat(findings(guards, "ALTER TABLE scratch ALTER COLUMN v TYPE integer", own)).isEmpty();
        assertThat(findings(guards, "CREATE TABLE s2 (v numeric); ALTER TABLE s2 ALTER v TYPE int", own)).isEmpty();
        assertThat(calls).isEmpty();
    }

    @Test
    void aCatalogThatCannotBeReadBlocksNamingTheTableAndTheReason() throws Exception {
        PairGuards guards = guards("environments:\n  production:\n    hosts: [127.0.0.2]\n");

        List<Finding> findings = findings(guards, "ALTER TABLE app.orders ALTER COLUMN total TYPE integer",
                objects(Map.of()));

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.ruleId()).isEqualTo("lossy-alter");
            assertThat(finding.objects()).containsExactly("app.orders");
            assertThat(finding.reason()).contains("could not read the column's current type", "connection refused");
        });
        assertThat(calls).containsExactly("prepareStatement");
    }
}
