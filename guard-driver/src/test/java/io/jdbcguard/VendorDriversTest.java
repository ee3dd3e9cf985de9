package io.jdbcguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VendorDriversTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:mysql://app:s3cret@db:3306/shop",
        "jdbc:postgresql://db/shop?user=app&password=s3cret",
        "jdbc:mysql://address=(host=db)(port=3306)(user=app)(password=s3cret)/shop",
        "jdbc:mariadb://db/shop;password=s3cret",
        "jdbc:postgresql://db/shop?sslpassword=s3cret&ssl=true"})
    void redactedUrlsNeverHoldAPassword(String url) {
        assertThat(VendorDrivers.redact(url)).doesNotContain("s3cret").startsWith("jdbc:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:nosuchdb://app:s3cret@db/shop?password=s3cret"})
    void aMissingDriverIsNamedWithoutThePassword(String url) {
        SQLException error = catchThrowableOfType(SQLException.class, () -> VendorDrivers.find(url));

        assertThat(error.getSQLState()).isEqualTo("08001");
        assertThat(error.getMessage()).doesNotContain("s3cret").contains("vendor driver jar");
    }
}
