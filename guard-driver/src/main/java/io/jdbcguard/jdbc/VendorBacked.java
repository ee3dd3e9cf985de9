package io.jdbcguard.jdbc;

/**
 * A JDBC object handed out by a guarded connection in place of the vendor's own. Only this package sees the vendor
 * object, to give it back to the vendor driver as an argument (a sealed {@code Array} passed to
 * {@code setArray}, a sealed {@code Savepoint} passed to {@code rollback}).
 */
interface VendorBacked {
    /** @return the vendor's object this one stands for */
    Object vendorObject();
}
