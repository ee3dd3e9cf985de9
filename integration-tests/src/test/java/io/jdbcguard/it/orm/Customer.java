package io.jdbcguard.it.orm;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A customer of the ORM application, version 2 of its schema: {@code email} is new and {@code name} is longer than
 * in the existing table, so Hibernate's schema update adds a column and (on PostgreSQL) changes a type.
 */
@Entity
@Table(name = "orm_customer")
public class Customer {
    @Id
    private long id;

    @Column(length = 100)
    private String name;

    @Column(length = 100)
    private String email;

    @Version
    private int version;

    /** For JPA. */
    protected Customer() {
    }

    /**
     * @param id the assigned key
     * @param name the name
     * @param email the e-mail address
     */
    public Customer(long id, String name, String email) {
        this.id = id;
        this.name = name;
        this.email = email;
    }

    /** @return the key */
    public long getId() {
        return id;
    }

    /** @return the name */
    public String getName() {
        return name;
    }

    /** @param name the new name */
    public void setName(String name) {
        this.name = name;
    }

    /** @return the e-mail address */
    public String getEmail() {
        return email;
    }
}
