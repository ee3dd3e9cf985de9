package io.jdbcguard.rules;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import net.sf.jsqlparser.schema.Table;

/** The names of tables as written in a statement, for a finding's objects. */
final class TableNames {
    private TableNames() {
    }

    /**
     * @param tables tables from a syntax tree; null elements and a null collection are skipped
     * @return their fully qualified names as written, e.g. {@code public.users}, without duplicates
     */
    static List<String> of(Collection<Table> tables) {
        if (tables == null) {
            return List.of();
        }
        return tables.stream().filter(Objects::nonNull).map(Table::getFullyQualifiedName).distinct().toList();
    }
}
