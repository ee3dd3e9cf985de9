package io.jdbcguard.rules.semantics;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Finds every {@code DELETE}, {@code UPDATE}, {@code MERGE}, {@code INSERT} and MySQL {@code REPLACE} a parsed
 * statement performs: the statement itself and
 * the data-modifying common table expressions PostgreSQL allows in the {@code WITH} of any statement
 * (<a href="https://www.postgresql.org/docs/current/queries-with.html#QUERIES-WITH-MODIFYING">Data-Modifying
 * Statements in WITH</a>), at any nesting, also under {@code INSERT ... SELECT} and {@code CREATE TABLE ... AS}.
 */
public final class DataModifications {
    private DataModifications() {
    }

    /**
     * @param statement a parsed statement
     * @return its deletes, outermost first
     */
    public static List<Delete> deletes(Statement statement) {
        return ofType(statement, Delete.class);
    }

    /**
     * @param statement a parsed statement
     * @return its updates, outermost first
     */
    public static List<Update> updates(Statement statement) {
        return ofType(statement, Update.class);
    }

    /**
     * @param statement a parsed statement
     * @return its merges, outermost first
     */
    public static List<Merge> merges(Statement statement) {
        return ofType(statement, Merge.class);
    }

    /**
     * @param statement a parsed statement
     * @return its inserts, outermost first (INSERT statements are parsed only when they may overwrite rows:
     *     {@link UpsertSources})
     */
    public static List<Insert> inserts(Statement statement) {
        return ofType(statement, Insert.class);
    }

    /**
     * @param statement a parsed statement
     * @return its MySQL {@code REPLACE} statements
     */
    public static List<Upsert> replaces(Statement statement) {
        return ofType(statement, Upsert.class);
    }

    private static <T> List<T> ofType(Statement statement, Class<T> type) {
        List<Statement> all = new ArrayList<>();
        collect(statement, all);
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static void collect(Statement statement, List<Statement> out) {
        if (statement instanceof ParenthesedDelete parenthesed) {
            collect(parenthesed.getDelete(), out);
        } else if (statement instanceof ParenthesedUpdate parenthesed) {
            collect(parenthesed.getUpdate(), out);
        } else if (statement instanceof ParenthesedInsert parenthesed) {
            collect(parenthesed.getInsert(), out);
        } else if (statement instanceof ParenthesedSelect parenthesed) {
            collectWith(parenthesed.getWithItemsList(), out);
            collect(parenthesed.getSelect(), out);
        } else if (statement instanceof Delete delete) {
            out.add(delete);
            collectWith(delete.getWithItemsList(), out);
        } else if (statement instanceof Update update) {
            out.add(update);
            collectWith(update.getWithItemsList(), out);
        } else if (statement instanceof Merge merge) {
            out.add(merge);
            collectWith(merge.getWithItemsList(), out);
        } else if (statement instanceof Insert insert) {
            out.add(insert);
            collectWith(insert.getWithItemsList(), out);
            collect(insert.getSelect(), out);
        } else if (statement instanceof Upsert replace) {
            out.add(replace);
        } else if (statement instanceof Select select) {
            collectWith(select.getWithItemsList(), out);
        } else if (statement instanceof CreateTable create && create.getSelect() != null) {
            collect(create.getSelect(), out);
        }
    }

    private static void collectWith(List<WithItem<?>> withItems, List<Statement> out) {
        if (withItems != null) {
            withItems.forEach(item -> collect(item.getStatement(), out));
        }
    }
}
