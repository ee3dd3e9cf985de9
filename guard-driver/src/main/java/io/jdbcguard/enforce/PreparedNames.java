package io.jdbcguard.enforce;

import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.PreparedName;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the session's named prepared statements hold, learned from the texts of one connection that prepared them
 * ({@link Analysis#preparedNames()}), so that {@code EXECUTE name} of a read that calls a function that may write is
 * run so the server judges whether it writes, as the read itself would be, and {@code EXECUTE name} of a plain read
 * costs nothing. A name is learned once the text that prepared it ran without error (a text that failed makes the
 * names it uses unknown), and forgotten on
 * {@code DEALLOCATE}, MySQL {@code DROP PREPARE}, {@code DEALLOCATE ALL}, {@code DISCARD ALL} and after code the guard
 * does not see ran ({@code CALL}, PostgreSQL {@code DO}), which may prepare statements itself. A name the connection
 * does not know (prepared before the guard saw the session, or by such code) keeps its analysis: what it runs is
 * measured as any {@code EXECUTE} ({@link EffectCheck}). Prepared statements belong to the session and are not undone
 * by a rollback (PostgreSQL <a href="https://www.postgresql.org/docs/15/sql-prepare.html">PREPARE</a>: they last for
 * the session; MySQL <a href="https://dev.mysql.com/doc/refman/8.4/en/prepare.html">PREPARE</a>: a failed
 * {@code PREPARE} of an existing name deallocates it, so an {@code EXECUTE} of it fails on the server). Thread-safe.
 */
final class PreparedNames {
    private final Map<String, PreparedName> known = new ConcurrentHashMap<>();

    /**
     * @param analysis a text's analysis
     * @return for a text that is one {@code EXECUTE} of a name known to hold a read: the analysis of that read (read
     *     only, hiding writes when the read or the {@code EXECUTE}'s arguments call a function that may write, running
     *     nothing unknown); else {@code analysis} itself
     */
    Analysis resolved(Analysis analysis) {
        if (!analysis.runsPrepared() || known.isEmpty() || analysis.severalStatements()
                || analysis.preparedNames().size() != 1) {
            return analysis;
        }
        PreparedName execute = analysis.preparedNames().get(0);
        PreparedName held = execute.use() == PreparedName.Use.EXECUTE ? known.get(execute.name()) : null;
        if (held == null || !held.readOnly()) {
            return analysis;
        }
        return new Analysis(analysis.findings(), analysis.changesSession(), true, List.of(),
                analysis.createdTables(), analysis.addedColumns(), analysis.typeChanges(),
                held.mayHideWrites() || execute.mayHideWrites(),
                false, analysis.changesSchema(), false, analysis.reusableByShape(), analysis.preparedNames(),
                analysis.tableFromQuery(), true, analysis.holdsCursor(), analysis.armedFunctions());
    }

    /**
     * Forgets what a text that failed (or was undone) may have done to names: every name it uses, and every name when
     * it may have run code that prepares. What stays known is then still what the server holds, whichever of its
     * statements ran ({@code CALL p(); SELECT broken} may have prepared statements before the error).
     *
     * @param analysis its analysis
     */
    void failed(Analysis analysis) {
        for (PreparedName use : analysis.preparedNames()) {
            if (use.use() == PreparedName.Use.FORGET_ALL) {
                known.clear();
            } else {
                known.remove(use.name());
            }
        }
    }

    /**
     * Learns from a text that ran without error.
     *
     * @param analysis its analysis
     */
    void ran(Analysis analysis) {
        for (PreparedName use : analysis.preparedNames()) {
            switch (use.use()) {
                case PREPARE -> known.put(use.name(), use);
                case FORGET -> known.remove(use.name());
                case FORGET_ALL -> known.clear();
                case EXECUTE -> {
                }
            }
        }
    }
}
