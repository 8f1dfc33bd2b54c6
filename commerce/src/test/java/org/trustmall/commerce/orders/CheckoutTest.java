package org.trustmall.commerce.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.cart.CartService;
import org.trustmall.commerce.catalogue.CatalogueService;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.orders.OrderService.CheckoutRequest;
import org.trustmall.commerce.orders.OrderService.Order;
import org.trustmall.commerce.orders.OrderService.ShippingAddress;

/** Checkout up to the created orders: no payment, so no ledger. */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class CheckoutTest {
    static final ShippingAddress BEIJING = new ShippingAddress("Li Lei", "1 Chang'an Avenue", null, "Beijing", "BJ",
            "100000", "CN", "+86 10 1234 5678");

    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;
    private TestCommerce t;
    private OrderService orders;
    private CartService carts;
    private Actor ann;
    private Actor bob;
    private Actor teaShop;
    private Actor lampShop;

    @BeforeEach
    void open() {
        t = TestCommerce.open(kind, dir);
        orders = t.commerce().orders();
        carts = t.commerce().carts();
        ann = t.buyer("ann");
        bob = t.buyer("bob");
        teaShop = t.merchant("tea-shop");
        lampShop = t.merchant("lamp-shop");
        t.product(teaShop, "Mug", "MUG", Money.of(2_500, "CNY"), 10);
        t.product(teaShop, "Tea", "TEA", Money.of(4_000, "CNY"), 3);
        t.product(teaShop, "Cable", "CABLE", Money.of(999, "USD"), 50);
        t.product(lampShop, "Lamp", "LAMP", Money.of(12_345, "CNY"), 5);
    }

    @AfterEach
    void close() {
        if (t != null) {
            t.close();
        }
    }

    private int stock(String sku) {
        return t.jdbi().withHandle(h -> h.createQuery("SELECT stock FROM variants WHERE sku = :s").bind("s", sku)
                .mapTo(Integer.class).one());
    }

    @Test
    void theCartSplitsIntoOneOrderPerMerchantAndCurrencyPricedByTheRateTable() {
        carts.add(ann, "MUG", 2);
        carts.add(ann, "LAMP", 1);
        carts.add(ann, "TEA", 1);
        carts.add(ann, "CABLE", 3);
        List<Order> made = orders.checkout(ann, new CheckoutRequest(BEIJING), null);
        assertEquals(3, made.size());

        // Tea shop in CNY to Beijing: 2 × 25.00 + 40.00; shipping 6.00 + 3 × 1.00; VAT 13 % of 90.00.
        Order tea = made.get(0);
        assertEquals(teaShop.accountId(), tea.merchantId());
        assertEquals(List.of("MUG", "TEA"), tea.lines().stream().map(OrderService.Line::sku).toList());
        assertEquals(Money.of(9_000, "CNY"), tea.subtotal());
        assertEquals(Money.of(900, "CNY"), tea.shipping());
        assertEquals(Money.of(1_170, "CNY"), tea.tax());
        assertEquals(Money.of(11_070, "CNY"), tea.total());
        assertEquals("CN", tea.country());
        assertEquals("CN-BJ", tea.region());
        assertEquals(OrderState.CREATED, tea.state());

        // Lamp shop: 123.45 + shipping 6.00 + 1.00; VAT 16.0485 rounds to 16.05.
        Order lamp = made.get(1);
        assertEquals(lampShop.accountId(), lamp.merchantId());
        assertEquals(Money.of(700, "CNY"), lamp.shipping());
        assertEquals(Money.of(1_605, "CNY"), lamp.tax());
        assertEquals(Money.of(14_650, "CNY"), lamp.total());

        // The USD cable has no Chinese USD rate: the world's USD rate applies (19.99 + 3 × 4.99, no tax).
        Order cable = made.get(2);
        assertEquals(teaShop.accountId(), cable.merchantId());
        assertEquals(Money.of(2_997, "USD"), cable.subtotal());
        assertEquals(Money.of(3_496, "USD"), cable.shipping());
        assertEquals(Money.of(0, "USD"), cable.tax());
        assertEquals(Money.of(6_493, "USD"), cable.total());

        assertEquals(List.of(), carts.get(ann).items(), "the cart is emptied");
        assertEquals(8, stock("MUG"));
        assertEquals(2, stock("TEA"));
        assertEquals(4, stock("LAMP"));
        assertEquals(47, stock("CABLE"));
    }

    @Test
    void pricesAreSnapshotAtCheckoutAndLaterEditsDoNotChangeTheOrder() {
        carts.add(ann, "MUG", 1);
        Order before = orders.checkout(ann, new CheckoutRequest(BEIJING), null).get(0);
        CatalogueService.Product mug = t.commerce().catalogue().search(new CatalogueService.SearchQuery("mug", null,
                0, 1)).items().get(0);
        t.commerce().catalogue().update(teaShop, mug.id(), new CatalogueService.ProductPatch("Big Mug", null, null,
                null, List.of(new CatalogueService.VariantChange("MUG", Money.of(9_900, "CNY"), null)), null));
        Order after = orders.get(ann, before.id());
        assertEquals(Money.of(2_500, "CNY"), after.lines().get(0).unitPrice());
        assertEquals("Mug", after.lines().get(0).title());
        assertEquals(before.total(), after.total());
    }

    @Test
    void theSameKeyAndRequestReturnTheFirstOrdersAndTakeStockOnce() {
        carts.add(ann, "MUG", 2);
        List<Order> first = orders.checkout(ann, new CheckoutRequest(BEIJING), "key-1");
        carts.add(ann, "MUG", 1);
        List<Order> again = orders.checkout(ann, new CheckoutRequest(BEIJING), "key-1");
        assertEquals(first.stream().map(Order::id).toList(), again.stream().map(Order::id).toList());
        assertEquals(8, stock("MUG"));
        assertEquals(1, carts.get(ann).items().size(), "the retry did not check out the new cart");
    }

    @Test
    void concurrentRetriesWithOneKeyCheckOutOnce() throws Exception {
        carts.add(ann, "MUG", 2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<List<Long>>> tries = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                tries.add(pool.submit(() -> {
                    try {
                        return orders.checkout(ann, new CheckoutRequest(BEIJING), "retry-key").stream()
                                .map(Order::id).toList();
                    } catch (CommerceException.Conflict inProgress) {
                        // Only a retry racing the first attempt may be told to retry later.
                        assertEquals("Idempotency-Key", inProgress.field(), inProgress.getMessage());
                        return null;
                    }
                }));
            }
            java.util.Set<List<Long>> answers = new java.util.HashSet<>();
            for (var f : tries) {
                List<Long> ids = f.get();
                if (ids != null) {
                    answers.add(ids);
                }
            }
            assertEquals(1, answers.size(), answers.toString());
            assertEquals(8, stock("MUG"));
            assertEquals(1, orders.list(ann, 0, 10).total());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSameKeyWithAnotherRequestIsAConflictButKeysBelongToOneAccount() {
        carts.add(ann, "MUG", 1);
        orders.checkout(ann, new CheckoutRequest(BEIJING), "key-1");
        carts.add(ann, "MUG", 1);
        ShippingAddress shanghai = new ShippingAddress("Li Lei", "2 Nanjing Road", null, "Shanghai", "SH", null,
                "CN", null);
        CommerceException.Conflict c = assertThrows(CommerceException.Conflict.class,
                () -> orders.checkout(ann, new CheckoutRequest(shanghai), "key-1"));
        assertEquals("Idempotency-Key", c.field());
        carts.add(bob, "MUG", 1);
        Order bobs = orders.checkout(bob, new CheckoutRequest(shanghai), "key-1").get(0);
        assertEquals(bob.accountId(), bobs.buyerId());
        assertEquals("CN-SH", bobs.region());
    }

    @Test
    void aShortfallOnAnySkuReservesNothingAndNamesTheSku() {
        carts.add(ann, "MUG", 2);
        carts.add(ann, "TEA", 3);
        carts.add(bob, "TEA", 1);
        orders.checkout(bob, new CheckoutRequest(BEIJING), null);
        CommerceException.Conflict c = assertThrows(CommerceException.Conflict.class,
                () -> orders.checkout(ann, new CheckoutRequest(BEIJING), null));
        assertEquals("sku", c.field());
        assertTrue(c.getMessage().contains("TEA"), c.getMessage());
        assertEquals(10, stock("MUG"));
        assertEquals(2, stock("TEA"));
        assertEquals(2, carts.get(ann).items().size(), "the cart is kept");
        assertEquals(0, orders.list(ann, 0, 10).total());
    }

    @Test
    void anEmptyCartIsAConflict() {
        assertThrows(CommerceException.Conflict.class, () -> orders.checkout(ann, new CheckoutRequest(BEIJING), null));
    }

    @Test
    void anInvalidAddressIsRejectedNamingTheField() {
        carts.add(ann, "MUG", 1);
        ShippingAddress noCity = new ShippingAddress("Li Lei", "1 Road", null, " ", null, null, "CN", null);
        assertEquals("address.city", assertThrows(CommerceException.InvalidInput.class,
                () -> orders.checkout(ann, new CheckoutRequest(noCity), null)).field());
        ShippingAddress badCountry = new ShippingAddress("Li Lei", "1 Road", null, "X", null, null, "China", null);
        assertEquals("address.country", assertThrows(CommerceException.InvalidInput.class,
                () -> orders.checkout(ann, new CheckoutRequest(badCountry), null)).field());
        assertThrows(CommerceException.Forbidden.class,
                () -> orders.checkout(teaShop, new CheckoutRequest(BEIJING), null));
    }

    @Test
    void theShippingAddressIsPersonalDataOfTheOrderAndNotInTheOrderRow() {
        carts.add(ann, "LAMP", 1);
        Order o = orders.checkout(ann, new CheckoutRequest(BEIJING), null).get(0);
        Map<String, String> address = orders.shippingAddress(ann, o.id());
        assertEquals("Li Lei", address.get("name"));
        assertEquals("1 Chang'an Avenue", address.get("line1"));
        assertEquals("+86 10 1234 5678", address.get("phone"));
        assertNull(address.get("line2"));
    }
}
