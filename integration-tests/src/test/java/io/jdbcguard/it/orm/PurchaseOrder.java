package io.jdbcguard.it.orm;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** An order of a {@link Customer} in the ORM application. */
@Entity
@Table(name = "orm_order")
public class PurchaseOrder {
    @Id
    private long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "customer_id")
    private Customer customer;

    @Column(precision = 10, scale = 2)
    private BigDecimal total;

    @Column(length = 20)
    private String status;

    /** For JPA. */
    protected PurchaseOrder() {
    }

    /**
     * @param id the assigned key
     * @param customer who ordered
     * @param total the amount
     * @param status e.g. {@code NEW}
     */
    public PurchaseOrder(long id, Customer customer, BigDecimal total, String status) {
        this.id = id;
        this.customer = customer;
        this.total = total;
        this.status = status;
    }

    /** @return the key */
    public long getId() {
        return id;
    }

    /** @return who ordered */
    public Customer getCustomer() {
        return customer;
    }

    /** @return the amount */
    public BigDecimal getTotal() {
        return total;
    }

    /** @return the status */
    public String getStatus() {
        return status;
    }
}
