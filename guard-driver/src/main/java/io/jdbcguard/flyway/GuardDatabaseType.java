package io.jdbcguard.flyway;

import java.sql.Connection;
import java.sql.Driver;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.callback.CallbackExecutor;
import org.flywaydb.core.internal.database.DatabaseExecutionStrategy;
import org.flywaydb.core.internal.database.base.BaseDatabaseType;
import org.flywaydb.core.internal.database.base.Database;
import org.flywaydb.core.internal.jdbc.ExecutionTemplate;
import org.flywaydb.core.internal.jdbc.JdbcConnectionFactory;
import org.flywaydb.core.internal.jdbc.StatementInterceptor;
import org.flywaydb.core.internal.parser.Parser;
import org.flywaydb.core.internal.parser.ParsingContext;
import org.flywaydb.core.internal.sqlscript.SqlScriptExecutorFactory;
import org.flywaydb.core.internal.sqlscript.SqlScriptFactory;

/**
 * A Flyway database type that makes Flyway accept a {@code jdbc:guard:<vendor>:} URL and open it with
 * {@code io.jdbcguard.GuardDriver}, while everything else is done by Flyway's own database type for the vendor.
 *
 * <p>Flyway 13 consults database types twice. For URL configuration ({@code url} in the CLI, Maven and Gradle,
 * {@code Flyway.configure().dataSource(url, user, password)}) its {@code DriverDataSource} asks every type's
 * {@link #handlesJDBCUrl(String)} and takes the driver class and the default connection properties from the first
 * that accepts the URL; without a type accepting the guard prefix Flyway refuses the URL. Once connected, its
 * {@code JdbcConnectionFactory} picks the type again from the connection's metadata product name; this type declines
 * that question ({@link #handlesDatabaseProductNameAndVersion}), so the vendor type (registered by its own Flyway
 * module) builds the {@code Database}, parser and schema history exactly as without the guard.
 *
 * <p>The vendor type lives in an optional Flyway module ({@code flyway-database-postgresql}, {@code flyway-mysql}).
 * It is loaded by name, never linked: Flyway's plugin {@code ServiceLoader} loads every listed class, so a subclass of
 * a missing vendor class would break Flyway for every database. When the vendor type is absent this type reports
 * {@link #isEnabled()} {@code false}, accepts no URL and Flyway skips it.
 */
public abstract class GuardDatabaseType extends BaseDatabaseType {

    /** The guard's URL prefix in front of the vendor URL, e.g. {@code jdbc:guard:postgresql://host/db}. */
    public static final String GUARD_URL_PREFIX = "jdbc:guard:";

    /** The driver class Flyway instantiates for a guard URL. */
    public static final String GUARD_DRIVER_CLASS = "io.jdbcguard.GuardDriver";

    private final String vendorUrlPrefix;
    private final BaseDatabaseType vendor;

    /**
     * Creates the type for one vendor.
     *
     * @param vendorTypeClassName fully qualified name of Flyway's database type for the vendor, loaded through the class
     *                            loader of this class; when it cannot be loaded or instantiated the type is disabled
     * @param vendorUrlPrefix     the vendor URL prefix this type accepts behind {@code jdbc:guard:}, e.g.
     *                            {@code jdbc:postgresql:}
     */
    protected GuardDatabaseType(String vendorTypeClassName, String vendorUrlPrefix) {
        this.vendorUrlPrefix = vendorUrlPrefix;
        this.vendor = loadVendorType(vendorTypeClassName);
    }

    private static BaseDatabaseType loadVendorType(String className) {
        try {
            Class<?> type = Class.forName(className, true, GuardDatabaseType.class.getClassLoader());
            return (BaseDatabaseType) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException absent) {
            return null;
        }
    }

    /**
     * Returns the vendor URL behind a guard URL.
     *
     * @param url a JDBC URL, guard or not
     * @return {@code url} without the {@code guard:} segment, or {@code url} unchanged when it is no guard URL
     */
    static String vendorUrl(String url) {
        if (url != null && url.startsWith(GUARD_URL_PREFIX)) {
            return "jdbc:" + url.substring(GUARD_URL_PREFIX.length());
        }
        return url;
    }

    /** @return whether Flyway's database type for the vendor is on the class path; Flyway skips disabled plugins */
    @Override
    public boolean isEnabled() {
        return vendor != null;
    }

    /** @return the vendor type's name followed by {@code (jdbc-guard)} */
    @Override
    public String getName() {
        return (vendor == null ? vendorUrlPrefix : vendor.getName()) + " (jdbc-guard)";
    }

    /** @return the vendor type's priority, so the guard type sorts like the vendor it stands for */
    @Override
    public int getPriority() {
        return vendor == null ? 0 : vendor.getPriority();
    }

    /** @return no engine names: lookups by engine name belong to the vendor type */
    @Override
    public List<String> getSupportedEngines() {
        return List.of();
    }

    /**
     * @param url the configured JDBC URL
     * @return whether {@code url} is {@code jdbc:guard:} followed by this type's vendor URL prefix (case-sensitive, as
     * {@code GuardDriver.acceptsURL}) and the vendor type is present
     */
    @Override
    public boolean handlesJDBCUrl(String url) {
        return vendor != null
                && url != null
                && url.startsWith(GUARD_URL_PREFIX)
                && vendorUrl(url).startsWith(vendorUrlPrefix);
    }

    /** @return {@value #GUARD_DRIVER_CLASS}, whatever the URL */
    @Override
    public String getDriverClass(String url, ClassLoader classLoader) {
        return GUARD_DRIVER_CLASS;
    }

    /** @return {@code null}: there is no fallback driver that would keep the guard */
    @Override
    public String getBackupDriverClass(String url, ClassLoader classLoader) {
        return null;
    }

    /**
     * Declines connection-based detection, which the vendor type answers from the same metadata.
     *
     * @return {@code false}
     */
    @Override
    public boolean handlesDatabaseProductNameAndVersion(String databaseProductName, String databaseProductVersion,
                                                        Connection connection) {
        return false;
    }

    @Override
    public int getNullType() {
        return vendor.getNullType();
    }

    @Override
    public boolean supportsReadOnlyTransactions() {
        return vendor.supportsReadOnlyTransactions();
    }

    @Override
    public Pattern getJDBCCredentialsPattern() {
        return vendor == null ? super.getJDBCCredentialsPattern() : vendor.getJDBCCredentialsPattern();
    }

    @Override
    public List<Pattern> getJDBCCredentialsPatterns() {
        return vendor == null ? super.getJDBCCredentialsPatterns() : vendor.getJDBCCredentialsPatterns();
    }

    @Override
    public Database<?> createDatabase(Configuration configuration, JdbcConnectionFactory jdbcConnectionFactory,
                                   StatementInterceptor statementInterceptor) {
        return vendor.createDatabase(configuration, jdbcConnectionFactory, statementInterceptor);
    }

    @Override
    public Parser createParser(Configuration configuration, ResourceProvider resourceProvider,
                               ParsingContext parsingContext) {
        return vendor.createParser(configuration, resourceProvider, parsingContext);
    }

    @Override
    public SqlScriptFactory createSqlScriptFactory(Configuration configuration, ParsingContext parsingContext) {
        return vendor.createSqlScriptFactory(configuration, parsingContext);
    }

    @Override
    public SqlScriptExecutorFactory createSqlScriptExecutorFactory(JdbcConnectionFactory jdbcConnectionFactory,
                                                                   CallbackExecutor<Event> callbackExecutor,
                                                                   StatementInterceptor statementInterceptor) {
        return vendor.createSqlScriptExecutorFactory(jdbcConnectionFactory, callbackExecutor, statementInterceptor);
    }

    @Override
    public DatabaseExecutionStrategy createExecutionStrategy(Connection connection) {
        return vendor.createExecutionStrategy(connection);
    }

    @Override
    public ExecutionTemplate createTransactionalExecutionTemplate(Connection connection, boolean rollbackOnException) {
        return vendor.createTransactionalExecutionTemplate(connection, rollbackOnException);
    }

    /** Sets the vendor's default connection properties, computed from the vendor URL behind {@code url}. */
    @Override
    public void setDefaultConnectionProps(String url, Properties props, ClassLoader classLoader) {
        vendor.setDefaultConnectionProps(vendorUrl(url), props, classLoader);
    }

    @Override
    public void setConfigConnectionProps(Configuration config, Properties props, ClassLoader classLoader) {
        vendor.setConfigConnectionProps(config, props, classLoader);
    }

    @Override
    public void setOverridingConnectionProps(Map<String, String> props) {
        vendor.setOverridingConnectionProps(props);
    }

    @Override
    public void setEarlyConnectionProps() {
        vendor.setEarlyConnectionProps();
    }

    /** Lets the vendor type shut down an embedded database; it sees the vendor URL behind {@code url}. */
    @Override
    public void shutdownDatabase(String url, Driver driver) {
        vendor.shutdownDatabase(vendorUrl(url), driver);
    }

    @Override
    public boolean externalAuthPropertiesRequired(String url, String username, String password) {
        return vendor.externalAuthPropertiesRequired(vendorUrl(url), username, password);
    }

    /** @return the vendor's external authentication properties (e.g. from {@code .pgpass}) for the vendor URL */
    @Override
    public Properties getExternalAuthProperties(String url, String username) {
        return vendor.getExternalAuthProperties(vendorUrl(url), username);
    }

    @Override
    public Connection alterConnectionAsNeeded(Connection connection, Configuration configuration) {
        return vendor.alterConnectionAsNeeded(connection, configuration);
    }

    @Override
    public String instantiateClassExtendedErrorMessage() {
        return "Put the jdbc-guard jar and the vendor JDBC driver on Flyway's class path.";
    }

    @Override
    public List<String> getSpecialResourceFilenames(Configuration configuration) {
        return vendor.getSpecialResourceFilenames(configuration);
    }
}
