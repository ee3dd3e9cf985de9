package io.jdbcguard.it.orm;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaDelete;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.Root;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The repository of the ORM application: the queries a Spring Data JPA repository derives from its method names,
 * written as the JPQL and Criteria Spring Data generates (<a
 * href="https://docs.spring.io/spring-data/jpa/reference/jpa/query-methods.html">JPA Query Methods</a>), plus the
 * locks, bulk changes and upserts applications write by hand.
 */
public final class CustomerRepository {
    /** Jakarta Persistence's lock timeout hint, in milliseconds: 0 is {@code NOWAIT}. */
    private static final String LOCK_TIMEOUT = "jakarta.persistence.lock.timeout";
    /** Hibernate's lock timeout meaning {@code SKIP LOCKED} ({@code org.hibernate.Timeouts.SKIP_LOCKED_MILLI}). */
    private static final int SKIP_LOCKED = -2;

    private final EntityManager entityManager;

    /** @param entityManager the application's entity manager, in a transaction for changes and locks */
    public CustomerRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** {@code findByNameStartingWith}: Spring Data's {@code like ... escape} with the prefix's wildcards escaped. */
    public List<Customer> findByNameStartingWith(String prefix) {
        String escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return entityManager.createQuery("select c from Customer c where c.name like :name escape '\\' order by c.id",
                Customer.class).setParameter("name", escaped + "%").getResultList();
    }

    /** {@code findByCustomerNameContaining(name, PageRequest.of(page, size))}: a join, LIKE and a page. */
    public List<PurchaseOrder> findByCustomerNameContaining(String part, int page, int size) {
        return entityManager.createQuery("select o from PurchaseOrder o join fetch o.customer c"
                        + " where c.name like :name order by o.id", PurchaseOrder.class)
                .setParameter("name", "%" + part + "%").setFirstResult(page * size).setMaxResults(size)
                .getResultList();
    }

    /** A Criteria query: orders of customers whose e-mail matches, above a total, first {@code limit}. */
    public List<PurchaseOrder> findByEmailLikeAndTotalAbove(String emailPattern, BigDecimal total, int limit) {
        CriteriaBuilder cb = entityManager.getCriteriaBuilder();
        CriteriaQuery<PurchaseOrder> query = cb.createQuery(PurchaseOrder.class);
        Root<PurchaseOrder> order = query.from(PurchaseOrder.class);
        Join<PurchaseOrder, Customer> customer = order.join("customer");
        query.select(order).where(cb.like(customer.get("email"), emailPattern),
                cb.greaterThan(order.get("total"), total)).orderBy(cb.desc(order.get("total")));
        return entityManager.createQuery(query).setMaxResults(limit).getResultList();
    }

    /** {@code @Lock(PESSIMISTIC_WRITE)} with a lock timeout of 0: {@code FOR UPDATE NOWAIT}. */
    public Customer lockNoWait(long id) {
        return entityManager.find(Customer.class, id, LockModeType.PESSIMISTIC_WRITE, Map.of(LOCK_TIMEOUT, 0));
    }

    /** A work queue: the first unlocked customers, {@code FOR UPDATE SKIP LOCKED}. */
    public List<Customer> lockNextSkipLocked(int count) {
        return entityManager.createQuery("select c from Customer c order by c.id", Customer.class)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).setHint(LOCK_TIMEOUT, SKIP_LOCKED).setMaxResults(count)
                .getResultList();
    }

    /** {@code @Lock(PESSIMISTIC_READ)}: {@code FOR SHARE}. */
    public List<PurchaseOrder> lockOrdersShared(long customerId) {
        return entityManager.createQuery("select o from PurchaseOrder o where o.customer.id = :id", PurchaseOrder.class)
                .setParameter("id", customerId).setLockMode(LockModeType.PESSIMISTIC_READ).setHint(LOCK_TIMEOUT, 0)
                .getResultList();
    }

    /** A bulk JPQL UPDATE with WHERE. */
    public int archiveOrdersBelow(BigDecimal total) {
        return entityManager.createQuery("update PurchaseOrder o set o.status = 'ARCHIVED' where o.total < :total")
                .setParameter("total", total).executeUpdate();
    }

    /** A bulk Criteria DELETE with WHERE. */
    public int deleteOrdersWithStatus(String status) {
        CriteriaBuilder cb = entityManager.getCriteriaBuilder();
        CriteriaDelete<PurchaseOrder> delete = cb.createCriteriaDelete(PurchaseOrder.class);
        Root<PurchaseOrder> order = delete.from(PurchaseOrder.class);
        delete.where(cb.equal(order.get("status"), status));
        return entityManager.createQuery(delete).executeUpdate();
    }

    /** A native upsert: {@code ON CONFLICT DO UPDATE} (PostgreSQL) or {@code ON DUPLICATE KEY UPDATE} (MySQL). */
    public int upsert(long id, String name, String email, boolean postgresql) {
        String sql = "INSERT INTO orm_customer (id, name, email, version) VALUES (?1, ?2, ?3, 0) " + (postgresql
                ? "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email"
                : "ON DUPLICATE KEY UPDATE name = VALUES(name), email = VALUES(email)");
        return entityManager.createNativeQuery(sql).setParameter(1, id).setParameter(2, name).setParameter(3, email)
                .executeUpdate();
    }
}
