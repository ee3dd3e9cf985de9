package io.jdbcguard.jdbc;

/**
 * A JDBC object handed out by a guarded connection in place of the vendor's own (a delegate,
 * {@link DelegateFactory}). Only this package sees the vendor object, to give it back to the vendor driver as an
 * argument (a delegate {@code Array} passed to {@code setArray}, a delegate {@code Savepoint} passed to
 * {@code rollback}).
 */
interface VendorBacked {
    /** @return the vendor's object this one stands for */
    Object vendorObject();

    /**
     * @param value an argument for the vendor driver, possibly one of the delegates this layer handed out
     * @param type its JDBC type
     * @param <T> the type
     * @return the vendor's own object for a delegate, else the value
     */
    static <T> T vendorOf(T value, Class<T> type) {
        return value instanceof VendorBacked ? type.cast(((VendorBacked) value).vendorObject()) : value;
    }

    /**
     * As {@link #vendorOf}, for arguments of static type {@code Object} ({@code setObject}).
     *
     * @param value an argument for the vendor driver
     * @return the vendor's own object for a delegate, a copy as {@link #vendorOfEach} for an array, else the value
     */
    static Object vendorOfObject(Object value) {
        if (value instanceof VendorBacked) {
            return ((VendorBacked) value).vendorObject();
        }
        return value instanceof Object[] ? vendorOfEach((Object[]) value) : value;
    }

    /**
     * As {@link #vendorOf}, for each element of an array argument ({@code createArrayOf}, {@code createStruct}).
     *
     * @param values an array argument for the vendor driver, or null
     * @return the array itself when it holds no delegate (nor array), else a copy with each element as
     *     {@link #vendorOfObject}
     */
    static Object[] vendorOfEach(Object[] values) {
        if (values == null) {
            return null;
        }
        Object[] raw = values;
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof VendorBacked || values[i] instanceof Object[]) {
                if (raw == values) {
                    raw = values.clone();
                }
                raw[i] = vendorOfObject(values[i]);
            }
        }
        return raw;
    }
}
