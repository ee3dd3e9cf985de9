package io.jdbcguard.rules.checks;

import static io.jdbcguard.rules.RuleExample.mysql;
import static io.jdbcguard.rules.RuleExample.postgresql;

import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.RuleExample;
import io.jdbcguard.rules.RuleInfo;
import io.jdbcguard.rules.lexing.Token;
import io.jdbcguard.rules.semantics.AlterTableClauses;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Rule {@code lossy-engine}: an {@code ALTER TABLE} that moves an existing table's rows into storage that discards
 * them or does not keep them.
 *
 * <p>MySQL/MariaDB {@code ALTER TABLE ... ENGINE [=] name} (any position, quoted or not, also in a partition's
 * options) copies the rows into the new engine (<a href="https://mariadb.com/kb/en/alter-table/">ALTER TABLE</a>).
 * Reported engines: {@code BLACKHOLE}, which accepts rows and discards them (<a
 * href="https://mariadb.com/kb/en/blackhole/">BLACKHOLE</a>); {@code MRG_MyISAM} / {@code MERGE}, which holds no
 * rows of its own, only a list of other tables (<a href="https://mariadb.com/kb/en/merge/">MERGE</a>);
 * {@code MEMORY} / {@code HEAP}, whose rows are lost when the server restarts (<a
 * href="https://mariadb.com/kb/en/memory-storage-engine/">MEMORY</a>); and the engines whose rows live outside this
 * server or are not stored at all: {@code FEDERATED}, {@code FEDERATEDX}, {@code SPIDER}, {@code CONNECT},
 * {@code SPHINX}, {@code OQGRAPH}. On MariaDB 10.11, {@code ENGINE=BLACKHOLE} and {@code ENGINE=MRG_MyISAM} leave an
 * existing table empty ({@code DestructiveDdlIT}).
 *
 * <p>PostgreSQL {@code ALTER TABLE ... SET UNLOGGED}: an unlogged table is emptied by crash recovery and not
 * replicated to standbys (<a href="https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-UNLOGGED">
 * CREATE TABLE, UNLOGGED</a>).
 *
 * <p>Allowed: creating a table with such an engine or {@code UNLOGGED} (a new table has no rows to lose), engines that
 * keep rows ({@code InnoDB}, {@code MyISAM}, {@code Aria}, {@code ARCHIVE}, {@code ROCKSDB}, ...), and
 * {@code SET LOGGED}.
 */
@RuleInfo(id = "lossy-engine",
        summary = "ALTER TABLE ... ENGINE=BLACKHOLE, MERGE, MEMORY, FEDERATED and other engines that do not keep rows, "
        + "and SET UNLOGGED")
public final class LossyEngineRule extends AnnotatedRule implements StatementCheck {
    /** Engines, upper case, that discard rows, keep none of their own, or keep them only until a restart. */
    private static final Set<String> LOSSY_ENGINES = Set.of("BLACKHOLE", "MRG_MYISAM", "MERGE", "MEMORY", "HEAP",
            "FEDERATED", "FEDERATEDX", "SPIDER", "CONNECT", "SPHINX", "OQGRAPH");

    @Override
    public List<RuleExample> blocks() {
        return List.of(
                postgresql("ALTER TABLE users SET UNLOGGED", "emptied after a crash, not replicated"),
                mysql("ALTER TABLE users ENGINE = BLACKHOLE", "every row is discarded"),
                mysql("ALTER TABLE users ENGINE='MRG_MyISAM'", "a MERGE table holds no rows of its own"),
                mysql("ALTER TABLE sessions COMMENT 'cache' ENGINE MEMORY", "rows are lost at the next restart"));
    }

    @Override
    public List<RuleExample> allows() {
        return List.of(
                postgresql("CREATE UNLOGGED TABLE scratch (id int)", "a new table has no rows to lose"),
                postgresql("ALTER TABLE users SET LOGGED", ""),
                mysql("CREATE TABLE audit_sink (id INT) ENGINE=BLACKHOLE", "a new table has no rows to lose"),
                mysql("ALTER TABLE users ENGINE=InnoDB", ""),
                mysql("ALTER TABLE logs ENGINE=ARCHIVE", "keeps the rows"),
                mysql("ALTER TABLE users ADD COLUMN engine VARCHAR(20)", "a column named engine"));
    }

    @Override
    public List<Finding> check(StatementContext statement) {
        Optional<AlterTableClauses.AlterTable> alter = AlterTableClauses.read(statement.tokens());
        if (alter.isEmpty()) {
            return List.of();
        }
        List<String> tables = List.of(alter.get().table());
        String engine = lossyEngine(statement.tokens());
        if (engine != null) {
            return List.of(statement.finding(this, "ALTER TABLE ENGINE=" + engine, tables, "ALTER TABLE moves the "
                    + "rows of " + tables.get(0) + " into the " + engine + " engine, which does not keep them"));
        }
        boolean unlogged = alter.get().clauses().stream().anyMatch(clause -> clause.size() == 2
                && clause.get(0).isWord("SET") && clause.get(1).isWord("UNLOGGED"));
        return unlogged ? List.of(statement.finding(this, "ALTER TABLE SET UNLOGGED", tables, "ALTER TABLE SET "
                + "UNLOGGED makes " + tables.get(0) + " lose its rows at a crash and on standbys")) : List.of();
    }

    /** The first lossy engine an {@code ENGINE [=] name} of the statement names, in upper case; null when none. */
    private static String lossyEngine(List<Token> tokens) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).isWord("ENGINE")) {
                int at = tokens.get(i + 1).isSymbol('=') ? i + 2 : i + 1;
                String name = at < tokens.size() && tokens.get(at).kind() != Token.Kind.SYMBOL
                        ? tokens.get(at).value().toUpperCase(Locale.ROOT) : "";
                if (LOSSY_ENGINES.contains(name)) {
                    return name;
                }
            }
        }
        return null;
    }
}
