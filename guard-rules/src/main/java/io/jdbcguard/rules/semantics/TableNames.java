package io.jdbcguard.rules.semantics;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;

/** The names of tables as written in a statement, for a finding's objects. */
public final class TableNames {
    private TableNames() {
    }

    /**
     * @param tables tables from a syntax tree; null elements and a null collection are skipped
     * @return their fully qualified names as written, e.g. {@code public.users}, without duplicates
     */
    public static List<String> of(Collection<Table> tables) {
        if (tables == null) {
            return List.of();
        }
        return tables.stream().filter(Objects::nonNull).map(Table::getFullyQualifiedName).distinct().toList();
    }

    /**
     * Whether a FROM item is {@code DUAL}, MySQL's dummy table of one row (<a
     * href="https://dev.mysql.com/doc/refman/8.4/en/select.html">SELECT</a>: "DUAL is purely for the convenience of
     * people who require that all SELECT statements should have FROM"); in PostgreSQL it can only be a table of
     * that name.
     *
     * @param item a FROM item, or null
     * @return true for an unqualified table named {@code DUAL}, in any letter case
     */
    static boolean isDual(FromItem item) {
        return item instanceof Table table && table.getSchemaName() == null && "DUAL".equalsIgnoreCase(table.getName());
    }
}
