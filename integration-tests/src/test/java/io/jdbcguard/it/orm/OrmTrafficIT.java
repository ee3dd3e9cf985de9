package io.jdbcguard.it.orm;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdbcguard.it.Database;
import io.jdbcguard.it.GuardSettings;
import io.jdbcguard.it.ShopFixture;
import io.jdbcguard.it.Target;
import io.jdbcguard.it.TestDatabases;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.SchemaToolingSettings;
import org.hibernate.dialect.MariaDBDialect;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #11: a small JPA/Hibernate 7 application's traffic, through {@code jdbc:guard:} URLs and
 * {@code io.jdbcguard.GuardDriver}, from origin {@code developer} against production on PostgreSQL and MariaDB (both
 * drivers), is never blocked: the schema update of an existing schema ({@code hibernate.hbm2ddl.auto=update}, which
 * adds a column and widens one: {@code ALTER COLUMN ... SET DATA TYPE} on PostgreSQL, {@code MODIFY COLUMN} on
 * MariaDB), batched inserts ({@code hibernate.jdbc.batch_size}), the {@link CustomerRepository}'s
 * derived-style, JPQL and Criteria queries with {@code LIKE} (on MariaDB {@code like replace(?,'\\','\\\\')}), joins
 * and paging, pessimistic locks with {@code NOWAIT} and {@code SKIP LOCKED} (Hibernate's MariaDB dialect writes a
 * plain {@code FOR UPDATE} for the latter), bulk UPDATE and DELETE with WHERE, optimistic-lock updates, native upserts and Hibernate's
 * own {@code StatelessSession.upsert}. Each statement Hibernate generates is recorded, to show the forms were sent.
 */
class OrmTrafficIT {
    /** Version 1 of the application's schema, already in production. */
    private static final List<String> VERSION_1 = List.of(
            "CREATE TABLE orm_customer (id bigint PRIMARY KEY, name varchar(40), version int NOT NULL)",
            "CREATE TABLE orm_order (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES orm_customer (id),"
                    + " total numeric(10,2), status varchar(20))");
    private static final int CUSTOMERS = 30;
    private static final int ORDERS_PER_CUSTOMER = 2;
    private static final int BATCH_SIZE = 20;

    @RegisterExtension
    final GuardSettings guard = new GuardSettings();

    @ParameterizedTest
    @EnumSource(Database.class)
    void repositoryTrafficFromDeveloperOnProductionIsNeverBlocked(Database database) throws SQLException {
        setUpVersion1(database);
        List<String> sent = new CopyOnWriteArrayList<>();
        boolean postgresql = database == Database.POSTGRESQL;

        try (SessionFactory factory = factory(database, sent)) {
            factory.inTransaction(session -> {
                for (long c = 1; c <= CUSTOMERS; c++) {
                    Customer customer = new Customer(c, String.format(Locale.ROOT, "customer_%02d", c),
                            "c" + c + (c % 2 == 0 ? "@example.com" : "@example.org"));
                    session.persist(customer);
                    for (long o = 0; o < ORDERS_PER_CUSTOMER; o++) {
                        session.persist(new PurchaseOrder(c * 10 + o, customer, BigDecimal.valueOf(c * 10 + o), "NEW"));
                    }
                }
            });
            factory.inTransaction(session -> {
                CustomerRepository repository = new CustomerRepository(session);
                assertThat(repository.findByNameStartingWith("customer_1")).hasSize(10);
                assertThat(repository.findByNameStartingWith("100%")).isEmpty();
                assertThat(repository.findByCustomerNameContaining("r_2", 1, 5)).extracting(PurchaseOrder::getId)
                        .containsExactly(221L, 230L, 231L, 240L, 241L);
                assertThat(repository.findByEmailLikeAndTotalAbove("%@example.com", BigDecimal.valueOf(250), 3))
                        .extracting(PurchaseOrder::getId).containsExactly(301L, 300L, 281L);
                repository.lockNoWait(1).setName("renamed");
                assertThat(repository.lockNextSkipLocked(3)).hasSize(3);
                assertThat(repository.lockOrdersShared(2)).hasSize(ORDERS_PER_CUSTOMER);
            });
            factory.inTransaction(session -> {
                CustomerRepository repository = new CustomerRepository(session);
                assertThat(repository.archiveOrdersBelow(BigDecimal.valueOf(50))).isEqualTo(8);
                assertThat(repository.deleteOrdersWithStatus("ARCHIVED")).isEqualTo(8);
                assertThat(repository.upsert(1, "upserted", "one@example.net", postgresql)).isPositive();
                assertThat(repository.upsert(CUSTOMERS + 1, "new", "new@example.net", postgresql)).isPositive();
            });
            factory.inStatelessTransaction(session -> session.upsert(new Customer(2, "merged", "two@example.net")));
        }

        assertThat(ShopFixture.query(database, Target.PRODUCTION, "SELECT id, name, email FROM orm_customer"
                + " WHERE id IN (1, 2, " + (CUSTOMERS + 1) + ") ORDER BY id")).containsExactly(
                        List.of("1", "upserted", "one@example.net"), List.of("2", "merged", "two@example.net"),
                        List.of(String.valueOf(CUSTOMERS + 1), "new", "new@example.net"));
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "orm_order"))
                .isEqualTo(CUSTOMERS * ORDERS_PER_CUSTOMER - 8);
        assertThat(ShopFixture.query(database, Target.PRODUCTION, "SELECT column_name, character_maximum_length"
                + " FROM information_schema.columns WHERE table_schema = '" + (postgresql ? "public" : "shop")
                + "' AND table_name = 'orm_customer' AND column_name IN ('name', 'email') ORDER BY column_name"))
                .containsExactly(List.of("email", "100"), List.of("name", "100"));
        String traffic = String.join("\n", sent).toLowerCase(Locale.ROOT);
        assertThat(traffic).contains(" like ", " join ", "nowait", "update orm_order", "from orm_order");
        assertThat(traffic).contains(postgresql ? new String[] {"skip locked", "for share", "offset", "on conflict"}
                : new String[] {"like replace(?,'\\\\','\\\\\\\\')", "lock in share mode", "limit ?,?",
                        "on duplicate key update"});
        assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "users")).isEqualTo(ShopFixture.USERS);
    }

    /**
     * Issue #28: Spring Data JPA's {@code SimpleJpaRepository.deleteAll()} ({@code for (T element : findAll())
     * delete(element)}) in one transaction, through Hibernate, on a table of 5,000 rows and one of 20: the flush sends
     * the deletes by key in batches of 20, each measured, and the batch that takes the table over the ceiling or
     * empties it is refused; Hibernate's transaction fails with the guard's refusal as a cause, and every row is there
     * afterwards.
     */
    @ParameterizedTest
    @EnumSource(Database.class)
    void aDeleteAllOfEveryRowIsRefusedAndNothingOfItStays(Database database) throws SQLException {
        for (int rows : new int[] {5000, 20}) {
            setUpVersion1(database);
            try (Connection connection = TestDatabases.raw(database, Target.PRODUCTION);
                    Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO orm_customer (id, name, version) VALUES (1, 'c', 0)");
                statement.execute("INSERT INTO orm_order (id, customer_id, total, status) SELECT seq, 1, 1, 'NEW'"
                        + " FROM " + (database == Database.POSTGRESQL ? "generate_series(1, " + rows + ") s(seq)"
                                : "seq_1_to_" + rows));
            }
            try (SessionFactory factory = factory(database, new CopyOnWriteArrayList<>())) {
                Throwable failed = org.assertj.core.api.Assertions.catchThrowable(() -> factory.inTransaction(
                        session -> session.createQuery("from PurchaseOrder", PurchaseOrder.class).getResultList()
                                .forEach(session::remove)));
                Throwable cause = failed;
                while (cause != null && !(cause instanceof io.jdbcguard.GuardViolationException)) {
                    cause = cause.getCause();
                }
                assertThat(cause).as(rows + " rows: the guard's refusal among the causes of " + failed).isNotNull();
                assertThat(((io.jdbcguard.GuardViolationException) cause).getRuleId()).isEqualTo("row-limit");
            }
            assertThat(ShopFixture.rowCount(database, Target.PRODUCTION, "orm_order")).isEqualTo(rows);
        }
    }

    /**
     * The application's session factory: the guard URL and driver, the dialect named as applications on MariaDB name
     * it (Connector/J reports the product as MySQL, and Hibernate's MySQL dialect writes {@code FOR UPDATE OF}, which
     * MariaDB rejects), schema update of the existing tables (stopping at
     * the first DDL statement that fails, so a blocked one fails the test instead of being logged), batched inserts.
     */
    private static SessionFactory factory(Database database, List<String> sent) {
        return new HibernatePersistenceConfiguration("orm-traffic")
                .managedClasses(Customer.class, PurchaseOrder.class)
                .jdbcDriver("io.jdbcguard.GuardDriver")
                .jdbcUrl(TestDatabases.guardUrl(database, Target.PRODUCTION))
                .jdbcCredentials(TestDatabases.APP_USER, TestDatabases.APP_USER)
                .jdbcPoolSize(2)
                .schemaToolingAction(Action.UPDATE)
                .property(SchemaToolingSettings.HBM2DDL_HALT_ON_ERROR, true)
                .property("hibernate.jdbc.batch_size", BATCH_SIZE)
                .property("hibernate.order_inserts", true)
                .property(AvailableSettings.DIALECT, database.isMysql() ? MariaDBDialect.class.getName()
                        : PostgreSQLDialect.class.getName())
                .statementInspector(sql -> {
                    sent.add(sql);
                    return sql;
                })
                .createEntityManagerFactory();
    }

    private static void setUpVersion1(Database database) throws SQLException {
        ShopFixture.reset(database, Target.PRODUCTION);
        try (Connection connection = TestDatabases.raw(database, Target.PRODUCTION);
                Statement statement = connection.createStatement()) {
            for (String sql : VERSION_1) {
                statement.execute(sql);
            }
        }
    }
}
