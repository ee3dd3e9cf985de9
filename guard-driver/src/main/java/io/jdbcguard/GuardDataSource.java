package io.jdbcguard;

import io.jdbcguard.decision.Decisions;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Guards any existing {@link DataSource}, for applications that build data sources in code (for example a HikariCP
 * pool configured with the vendor URL): {@code DataSource guarded = new GuardDataSource(pool);}.
 *
 * <p>Each {@link #getConnection()} borrows a connection from the wrapped data source and decides on the same path as
 * {@link GuardDriver} ({@link Decisions}): origin from this machine, target from the hosts of the connection's own
 * {@code DatabaseMetaData.getURL()} and from the server's marker and fingerprint. A borrowed connection is closed
 * (returned to the pool) on every failure path. The result is either the borrowed
 * connection itself (no rule applies to the pair) or a guarded view of it; closing either returns it to the pool.
 * It shares the driver's {@link DriverState} ({@link GuardDriver#state()}); its first connection starts the warm-up
 * ({@link DriverState#startWarmUp()}) unless a connect of the driver did.
 */
public final class GuardDataSource implements DataSource {
    private static final DriverState STATE = GuardDriver.state();
    private static final Decisions DECISIONS = Decisions.standard(STATE);

    private final DataSource delegate;

    /**
     * @param delegate the data source to guard; its connections must be PostgreSQL, MySQL or MariaDB ones
     * @throws NullPointerException if {@code delegate} is null
     */
    public GuardDataSource(DataSource delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * @return a connection from the wrapped data source, guarded if the policy enforces rules for its pair
     * @throws SQLException as {@link GuardDriver#connect} for policy and database errors, or what the wrapped data
     *     source throws
     */
    @Override
    public Connection getConnection() throws SQLException {
        STATE.startWarmUp();
        return DECISIONS.guard(delegate.getConnection());
    }

    /**
     * @param username the user
     * @param password the password
     * @return as {@link #getConnection()}, borrowing with these credentials
     * @throws SQLException as {@link #getConnection()}
     */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        STATE.startWarmUp();
        return DECISIONS.guard(delegate.getConnection(username, password));
    }

    /** @return the wrapped data source's log writer */
    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    /** @param out passed to the wrapped data source */
    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    /** @param seconds passed to the wrapped data source */
    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    /** @return the wrapped data source's login timeout, in seconds */
    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    /** @return the {@code io.jdbcguard} logger */
    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return Logger.getLogger("io.jdbcguard");
    }

    /**
     * @param iface an interface
     * @return this data source if it implements {@code iface}; the wrapped data source is not handed out, since
     *     its connections are unguarded
     * @throws SQLException SQLState {@code 42501} for any other interface
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("jdbc-guard does not hand out the wrapped data source (" + iface.getName()
                + "): its connections would be unguarded.", GuardViolationException.SQLSTATE);
    }

    /**
     * @param iface an interface
     * @return true if this data source implements it
     */
    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
