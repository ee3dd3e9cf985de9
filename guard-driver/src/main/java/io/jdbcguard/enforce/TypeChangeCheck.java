package io.jdbcguard.enforce;

import io.jdbcguard.policy.PairGuards;
import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.TypeChange;
import io.jdbcguard.rules.analyzer.TypeConversions;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges the column type changes of a text against the columns' live types, for rule {@value #RULE}: a change that
 * may round, cut or replace values ({@link TypeConversions}) of a table that holds rows is a finding, naming the
 * table, the column, the old and the new type. A change that keeps every value, or that the server refuses when a
 * value does not fit, is not; nor is one of an empty table (nothing to lose) or of a table the connection created
 * ({@link SessionObjects}). Only a text that changes a column type, on a pair some guard of which applies the rule,
 * costs anything: one catalog query per table it changes ({@link ServerSql#columns}), and one single-row read of a
 * table whose change may lose values ({@link ServerSql#holdsRows}).
 *
 * <p>MySQL/MariaDB strict mode is read from the session, so a text that may change the session's settings before the
 * change runs ({@code SET sql_mode = ''; ALTER TABLE ...}, or a batch holding a {@code SET} before it) is judged as
 * without strict mode. A table or column the catalog does not know: in a text of one statement, the server refuses
 * the change (there is no such table or column); after other statements of the same text or batch, which may have
 * renamed a table or column to that name, it is of an unknown type, judged by whether the table can be read and holds
 * rows (on PostgreSQL, {@code to_regclass} resolves the name as {@code ALTER TABLE} does, temporary tables included,
 * so a table it does not find is not read: a failed read would abort the caller's transaction). A table created by
 * the same text is the session's own. The check runs when a text is judged, and for a prepared statement again each
 * time it runs ({@link StatementGuard#preparedRuns}).
 */
final class TypeChangeCheck {
    /** The rule whose findings this check makes. */
    static final String RULE = "lossy-alter";

    private final ServerSql serverSql;
    private final Dialect dialect;
    private final PairGuards guards;

    /**
     * @param serverSql what the guard says to the server, which reads the columns and the table
     * @param dialect its dialect, for the conversions' rules
     * @param guards the pair's guards: nothing is read when none applies {@value #RULE}
     */
    TypeChangeCheck(ServerSql serverSql, Dialect dialect, PairGuards guards) {
        this.serverSql = serverSql;
        this.dialect = dialect;
        this.guards = guards;
    }

    /**
     * @param analysis a text's analysis
     * @param sql the text, quoted by the findings
     * @param own the connection's own objects, whose changes are not judged
     * @param afterOthers whether the text runs after other statements of the same batch, which may have changed the
     *     session's settings or renamed tables and columns
     * @return the findings of rule {@value #RULE}, in the order of the type changes; empty when the text changes no
     *     column type, no guard applies the rule, or the analysis already has a finding of it
     */
    List<Finding> findings(Analysis analysis, String sql, SessionObjects own, boolean afterOthers) {
        if (analysis.typeChanges().isEmpty() || guards.modeFor(RULE).isEmpty()
                || analysis.findings().stream().anyMatch(finding -> finding.ruleId().equals(RULE))) {
            return List.of();
        }
        Map<String, List<TypeChange>> byTable = new LinkedHashMap<>();
        for (TypeChange change : analysis.typeChanges()) {
            if (!own.ownsTable(change.table()) && !analysis.createdTables().contains(change.table())) {
                byTable.computeIfAbsent(change.table(), table -> new ArrayList<>()).add(change);
            }
        }
        boolean settingsMayChange = afterOthers || analysis.changesSession();
        boolean namesMayChange = afterOthers || analysis.severalStatements();
        List<Finding> findings = new ArrayList<>();
        for (List<TypeChange> changes : byTable.values()) {
            findings.addAll(table(changes, sql, settingsMayChange, namesMayChange));
        }
        return findings;
    }

    /**
     * The findings of the changes of one table.
     *
     * @param namesMayChange whether an earlier statement may have made a name the catalog does not know exist
     */
    private List<Finding> table(List<TypeChange> changes, String sql, boolean settingsMayChange,
            boolean namesMayChange) {
        TypeChange first = changes.get(0);
        LiveColumns live;
        try {
            live = serverSql.columns(first.schema(), first.name());
        } catch (SQLException e) {
            return List.of(finding(first, sql, "jdbc-guard could not read the column's current type from the catalog ("
                    + e.getMessage() + "), so it cannot tell whether the change keeps every value; retry, or run it"
                    + " from the origin that owns such changes"));
        }
        boolean strict = live.strict() && !settingsMayChange;
        List<Finding> losses = new ArrayList<>();
        for (TypeChange change : changes) {
            String oldType = live.typeOf(serverSql.column(change.column()));
            if (oldType == null && namesMayChange) {
                losses.add(finding(change, sql, loss(change, null, null, live, strict)));
            } else if (oldType != null) {
                TypeConversions.Judgement judgement = TypeConversions.judge(dialect, oldType, change, strict);
                if (!judgement.outcome().keepsEveryValue()) {
                    losses.add(finding(change, sql, loss(change, oldType, judgement, live, strict)));
                }
            }
        }
        if (losses.isEmpty()) {
            return losses;
        }
        String unreadable = "the catalog does not know it";
        try {
            if (dialect != Dialect.POSTGRESQL || live.known()) {
                return serverSql.holdsRows(first.schema(), first.name()) ? losses : List.of();
            }
        } catch (SQLException e) {
            unreadable = e.getMessage();
        }
        return List.of(finding(first, sql, "jdbc-guard could not read whether " + first.table() + " holds rows ("
                + unreadable + "), and changing the type of its column " + first.column() + " may lose values; if an"
                + " earlier statement of the same text or batch creates or renames the table, send the statements one"
                + " by one, or run it from the origin that owns such changes"));
    }

    private String loss(TypeChange change, String oldType, TypeConversions.Judgement judgement, LiveColumns live,
            boolean strict) {
        String what = "changing column " + change.column() + " of " + change.table() + " from "
                + (oldType == null ? "a type the catalog does not show" : oldType) + " to " + change.newType();
        String why = judgement == null ? "may lose values" : judgement.reason();
        String mode = dialect == Dialect.MYSQL && live.known() ? " (sql_mode '" + live.sqlMode() + "'"
                + (strict ? "" : ", not strict for this change") + ")" : "";
        return what + " " + why + mode + ", and the table holds rows; change it in steps that keep every value (add"
                + " a column of the new type, copy and check the values, then drop the old column), or run it from"
                + " the origin that owns such changes";
    }

    private static Finding finding(TypeChange change, String sql, String reason) {
        return new Finding(RULE, "ALTER TABLE column type", List.of(change.table()), reason, sql);
    }
}
