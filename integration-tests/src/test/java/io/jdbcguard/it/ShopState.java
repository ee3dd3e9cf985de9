package io.jdbcguard.it;

import java.util.List;

/**
 * Everything the tests look at in {@code shop}, read through a raw connection: two equal states prove that nothing
 * reached the server in between.
 *
 * @param tables the names of the tables, sorted
 * @param userColumns the columns of {@code users}, in table order
 * @param users the rows of {@code users} by id, as strings
 * @param orders the rows of {@code orders} by id, as strings
 */
public record ShopState(List<String> tables, List<String> userColumns, List<List<String>> users,
        List<List<String>> orders) {
}
