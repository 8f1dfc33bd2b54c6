package org.trustmall.commerce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.orders.OrderService;

/**
 * Personal data lives in the personal-data tables only, and only as ciphertext: never in the clear in accounts,
 * orders, the outbox or any other table — not even in the personal-data tables themselves.
 */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class PersonalDataPlacementTest {
    private static final String EMAIL = "li.lei@example.com";
    private static final OrderService.ShippingAddress ADDRESS = new OrderService.ShippingAddress("Li Lei",
            "88 Xidan North Street", "Flat 1203", "Beijing", "BJ", "100032", "CN", "+86 138 0013 8000");
    /** Tables that exist to hold (sealed) personal data, or messages addressed to a person. */
    private static final Set<String> PERSONAL_TABLES = Set.of("personal_data", "personal_emails", "email_index",
            "outbox");

    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;
    private TestCommerce t;

    @BeforeEach
    void open() {
        t = TestCommerce.open(kind, dir);
    }

    @AfterEach
    void close() {
        if (t != null) {
            t.close();
        }
    }

    @Test
    void emailsNamesPhonesAndAddressesAppearInNoOtherTable() throws Exception {
        AccountService.Account account = t.accounts().register(new AccountService.Registration(" Li.Lei@Example.com ",
                TestCommerce.PASSWORD, Role.BUYER, "lilei"));
        Actor buyer = new Actor(account.id(), Role.BUYER, "s");
        t.accounts().login(EMAIL, TestCommerce.PASSWORD, "198.51.100.7");
        assertThrows(CommerceException.Unauthenticated.class,
                () -> t.accounts().login(EMAIL, "wrong password!", "198.51.100.7"));
        t.accounts().requestPasswordReset(EMAIL, "198.51.100.7");
        Actor shop = t.merchant("shop");
        t.product(shop, "Tea", "TEA", Money.of(100, "CNY"), 5);
        t.commerce().carts().add(buyer, "TEA", 1);
        OrderService.Order order = t.commerce().orders().checkout(buyer, new OrderService.CheckoutRequest(ADDRESS),
                "k").get(0);

        List<String> secrets = List.of(EMAIL, "li lei", "lilei", "xidan", "flat 1203", "138 0013", "100032",
                "198.51.100.7");
        Jdbi jdbi = t.jdbi();
        List<String> tables = jdbi.withHandle(h -> {
            List<String> out = new ArrayList<>();
            try (ResultSet rs = h.getConnection().getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    if (schema != null && schema.toLowerCase(Locale.ROOT).equals(currentSchema(h))) {
                        out.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
                    }
                }
            }
            return out;
        });
        assertTrue(tables.containsAll(List.of("accounts", "orders", "order_lines", "sessions", "auth_attempts",
                "password_resets", "personal_data")), tables.toString());
        for (String table : tables) {
            if (table.startsWith("flyway")) {
                continue;
            }
            jdbi.useHandle(h -> {
                try (ResultSet rs = h.getConnection().createStatement().executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData md = rs.getMetaData();
                    for (int c = 1; c <= md.getColumnCount() && !PERSONAL_TABLES.contains(table); c++) {
                        String column = md.getColumnName(c).toLowerCase(Locale.ROOT);
                        for (String word : List.of("email", "phone", "address", "line1", "postcode")) {
                            assertTrue(!column.contains(word), table + "." + column + " looks like personal data");
                        }
                    }
                    while (rs.next()) {
                        for (int c = 1; c <= md.getColumnCount(); c++) {
                            String value = String.valueOf(rs.getObject(c)).toLowerCase(Locale.ROOT);
                            for (String s : secrets) {
                                assertTrue(!value.contains(s), table + "." + md.getColumnName(c) + " holds '" + s
                                        + "'");
                            }
                        }
                    }
                }
            });
        }
        // Yet the platform reads them back, for those entitled to them.
        assertEquals("lilei", t.accounts().get(buyer, account.id()).displayName());
        assertEquals("88 Xidan North Street", t.commerce().orders().shippingAddress(buyer, order.id())
                .get("line1"));
        assertEquals(account.id(), t.accounts().login("LI.LEI@example.com ", TestCommerce.PASSWORD, "198.51.100.7")
                .accountId());
    }

    private String currentSchema(org.jdbi.v3.core.Handle h) {
        return h.createQuery("SELECT CURRENT_SCHEMA").mapTo(String.class).one().toLowerCase(Locale.ROOT);
    }

    @Test
    void aCheckoutThatFailsKeepsNoPersonalData() {
        Actor buyer = t.buyer("ann");
        Actor shop = t.merchant("shop");
        t.product(shop, "Tea", "TEA", Money.of(100, "CNY"), 1);
        t.commerce().carts().add(buyer, "TEA", 1);
        t.jdbi().useHandle(h -> h.createUpdate("UPDATE variants SET stock = 0 WHERE sku = 'TEA'").execute());
        assertThrows(CommerceException.Conflict.class, () -> t.commerce().orders().checkout(buyer,
                new OrderService.CheckoutRequest(ADDRESS), "k"));
        long kept = t.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM personal_data WHERE subject "
                + "LIKE 'order:%'").mapTo(Long.class).one());
        assertEquals(0, kept, "the address was rolled back with the order");
    }

    @Test
    void aRegistrationRefusedForItsEmailLeavesNoAccountBehind() {
        t.buyer("ann");
        long before = t.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM accounts").mapTo(Long.class).one());
        assertThrows(CommerceException.Conflict.class, () -> t.accounts().register(new AccountService.Registration(
                "ANN@example.com", TestCommerce.PASSWORD, Role.MERCHANT, "Ann again")));
        long after = t.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM accounts").mapTo(Long.class).one());
        assertEquals(before, after);
    }
}
