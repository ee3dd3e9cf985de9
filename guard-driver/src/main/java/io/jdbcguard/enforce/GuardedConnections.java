package io.jdbcguard.enforce;

import java.sql.Connection;
import java.sql.SQLException;
import net.ttddyy.dsproxy.ConnectionInfo;
import net.ttddyy.dsproxy.proxy.JdbcProxyFactory;
import net.ttddyy.dsproxy.proxy.ProxyConfig;
import net.ttddyy.dsproxy.transform.QueryTransformer;

/**
 * Wraps a vendor connection so every statement text passes the {@link StatementGuard} before it can reach the server.
 *
 * <p>Two layers. Inside, datasource-proxy's connection proxy with a {@link QueryTransformer} that judges the text:
 * datasource-proxy calls it at {@code prepareStatement}/{@code prepareCall} (before the vendor driver sees the text),
 * at {@code Statement.addBatch(sql)} (so a blocked statement never enters the batch, and a second
 * {@code executeBatch()} has nothing to run) and at every {@code Statement.execute*(sql)} overload. Judging happens
 * there and not in a query-execution listener because datasource-proxy copies and clears a batch before its
 * listeners run. Outside, a {@link SealedJdbc} layer keeps the vendor objects from leaking: {@code unwrap},
 * {@code getMetaData().getConnection()}, {@code Statement.getConnection()} and {@code ResultSet.getStatement()} only
 * ever hand out guarded objects.
 */
public final class GuardedConnections {
    private GuardedConnections() {
    }

    /**
     * @param raw the vendor connection
     * @param guardUrl the {@code jdbc:guard:} URL it was opened with, reported by {@code DatabaseMetaData.getURL()}
     *     so tools that reconnect from it stay guarded
     * @param guard the judge for this connection's statements
     * @return the guarded connection; closing it closes the vendor connection
     */
    public static Connection wrap(Connection raw, String guardUrl, StatementGuard guard) {
        ProxyConfig config = ProxyConfig.Builder.create()
                .queryTransformer(info -> {
                    try {
                        guard.check(info.getQuery());
                    } catch (SQLException e) {
                        throw Sneaky.<RuntimeException>rethrow(e);
                    }
                    return info.getQuery();
                })
                .build();
        ConnectionInfo info = new ConnectionInfo();
        info.setDataSourceName("jdbc-guard");
        Connection inner = JdbcProxyFactory.DEFAULT.createConnection(raw, info, config);
        return SealedJdbc.connection(inner, guardUrl, guard.context());
    }

    /** Throws a checked exception through an interface that does not declare it; JDBC methods all declare it. */
    static final class Sneaky {
        private Sneaky() {
        }

        @SuppressWarnings("unchecked")
        static <T extends Throwable> T rethrow(Throwable e) throws T {
            throw (T) e;
        }
    }
}
