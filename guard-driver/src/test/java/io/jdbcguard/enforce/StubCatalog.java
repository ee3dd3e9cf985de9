package io.jdbcguard.enforce;

import java.sql.SQLException;
import java.util.Map;

/**
 * The server's name resolution for {@link SessionObjects} in unit tests, PostgreSQL's way (unquoted names fold to
 * lower case): each name stands for what the map says at the moment it is asked, and the name {@code broken} cannot
 * be asked. The real servers' lookups are tested in {@code SessionObjectsIT}.
 */
final class StubCatalog implements SessionObjects.Catalog {
    private final Map<String, SessionObjects.Relation> names;

    /** @param names what each folded name stands for; read at each lookup, so a test may change it */
    StubCatalog(Map<String, SessionObjects.Relation> names) {
        this.names = names;
    }

    @Override
    public SessionObjects.Relation resolve(String table) throws SQLException {
        if (table.equals("broken")) {
            throw new SQLException("the server cannot be asked");
        }
        return names.get(table);
    }

    @Override
    public String folded(String written) {
        return String.join(".", ServerSql.parts(written, true));
    }

    @Override
    public String column(String column) {
        return column;
    }
}
