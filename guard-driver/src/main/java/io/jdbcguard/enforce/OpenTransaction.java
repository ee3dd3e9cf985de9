package io.jdbcguard.enforce;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Whether the server holds a transaction open on a connection that JDBC sees in auto-commit mode: one the caller began
 * by statement ({@code BEGIN}, {@code START TRANSACTION}), as a developer does in an IDE's console to look before
 * committing. The guard must then neither open a transaction of its own nor end one (a {@code COMMIT} would commit
 * the caller's work, a {@code ROLLBACK} undo it), and measures under a savepoint instead.
 *
 * <p>Read from what the vendor driver last heard from the server, so it costs no round trip: pgjdbc's
 * {@code BaseConnection.getTransactionState()} (the status byte of PostgreSQL's {@code ReadyForQuery} message,
 * <a href="https://www.postgresql.org/docs/15/protocol-message-formats.html">Message Formats</a>), MariaDB
 * Connector/J's {@code Context.getServerStatus()} and MySQL Connector/J's {@code ServerSession.inTransactionOnServer()}
 * (the {@code SERVER_STATUS_IN_TRANS} flag of the OK packet, {@code include/mysql_com.h}). A connection reached through
 * a pool's proxy is unwrapped to the vendor's. When the driver is none of these, the guard cannot tell and behaves as
 * if no transaction were open (the behaviour of a plain auto-commit connection).
 */
final class OpenTransaction {
    private static final System.Logger LOG = System.getLogger(OpenTransaction.class.getName());
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.publicLookup();

    /** The vendor connection, unwrapped, or null when the driver is unknown. */
    private final Object vendor;
    /** From the vendor connection to whether a transaction is open. */
    private final MethodHandle open;

    private OpenTransaction(Object vendor, MethodHandle open) {
        this.vendor = vendor;
        this.open = open;
    }

    /**
     * @param raw the vendor connection, or a pool's proxy of it
     * @return the probe of its transaction state
     */
    static OpenTransaction of(Connection raw) {
        ClassLoader loader = raw.getClass().getClassLoader();
        try {
            Class<?> pg = type("org.postgresql.core.BaseConnection", loader);
            if (pg != null && raw.isWrapperFor(pg)) {
                Class<?> state = Class.forName("org.postgresql.core.TransactionState", false, pg.getClassLoader());
                MethodHandle get = LOOKUP.findVirtual(pg, "getTransactionState", MethodType.methodType(state));
                return probe(raw.unwrap(pg), MethodHandles.filterReturnValue(
                        get.asType(MethodType.methodType(Enum.class, pg)), MethodHandles.lookup().findStatic(
                                OpenTransaction.class, "notIdle", MethodType.methodType(boolean.class, Enum.class))));
            }
            Class<?> mariadb = type("org.mariadb.jdbc.Connection", loader);
            if (mariadb != null && raw.isWrapperFor(mariadb)) {
                Class<?> context = Class.forName("org.mariadb.jdbc.client.Context", false, mariadb.getClassLoader());
                MethodHandle status = MethodHandles.filterReturnValue(
                        LOOKUP.findVirtual(mariadb, "getContext", MethodType.methodType(context)),
                        LOOKUP.findVirtual(context, "getServerStatus", MethodType.methodType(int.class)));
                return probe(raw.unwrap(mariadb), MethodHandles.filterReturnValue(status,
                        MethodHandles.lookup().findStatic(OpenTransaction.class, "inTransaction",
                                MethodType.methodType(boolean.class, int.class))));
            }
            Class<?> mysql = type("com.mysql.cj.MysqlConnection", loader);
            if (mysql != null && raw.isWrapperFor(mysql)) {
                ClassLoader own = mysql.getClassLoader();
                Class<?> session = Class.forName("com.mysql.cj.Session", false, own);
                Class<?> serverSession = Class.forName("com.mysql.cj.protocol.ServerSession", false, own);
                MethodHandle open = MethodHandles.filterReturnValue(MethodHandles.filterReturnValue(
                        LOOKUP.findVirtual(mysql, "getSession", MethodType.methodType(session)),
                        LOOKUP.findVirtual(session, "getServerSession", MethodType.methodType(serverSession))),
                        LOOKUP.findVirtual(serverSession, "inTransactionOnServer",
                                MethodType.methodType(boolean.class)));
                return probe(raw.unwrap(mysql), open);
            }
        } catch (ReflectiveOperationException | SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "jdbc-guard cannot read the transaction state of "
                    + raw.getClass().getName(), e);
        }
        return new OpenTransaction(null, null);
    }

    private static OpenTransaction probe(Object vendor, MethodHandle open) {
        return new OpenTransaction(vendor, open.asType(MethodType.methodType(boolean.class, Object.class)));
    }

    private static Class<?> type(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** pgjdbc's {@code TransactionState}: {@code IDLE}, {@code OPEN} or {@code FAILED}. */
    private static boolean notIdle(Enum<?> state) {
        return !"IDLE".equals(state.name());
    }

    /** MariaDB Connector/J's {@code ServerStatus.IN_TRANSACTION}. */
    private static boolean inTransaction(int status) {
        return (status & 1) != 0;
    }

    /**
     * @return whether the server last said a transaction is open; false when the driver is unknown
     */
    boolean open() {
        if (vendor == null) {
            return false;
        }
        try {
            return (boolean) open.invokeExact(vendor);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
