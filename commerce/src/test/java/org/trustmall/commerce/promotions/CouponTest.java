package org.trustmall.commerce.promotions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.MutableClock;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.TestLedger;
import org.trustmall.commerce.cart.CartService;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.orders.OrderService.CheckoutRequest;
import org.trustmall.commerce.orders.OrderService.Order;
import org.trustmall.commerce.orders.OrderService.ShippingAddress;
import org.trustmall.commerce.orders.OrderService;
import org.trustmall.commerce.orders.OrderState;
import org.trustmall.commerce.promotions.PromotionService.Coupon;
import org.trustmall.commerce.promotions.PromotionService.CouponInput;
import org.trustmall.contracts.escrow.EscrowContract;

/** Coupons from issue to redemption at checkout, on a real ledger (for paying and refunding) and either database. */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class CouponTest {
    /** Beijing: shipping 6.00 + 1.00 per item, VAT 13 %, in CNY. */
    static final ShippingAddress BEIJING = new ShippingAddress("Li Lei", "1 Chang'an Avenue", null, "Beijing", "BJ",
            "100000", "CN", "+86 10 1234 5678");

    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;
    private MutableClock clock;
    private TestLedger chain;
    private TestCommerce t;
    private PromotionService promotions;
    private OrderService orders;
    private CartService carts;
    private Actor ann;
    private Actor bob;
    private Actor teaShop;
    private Actor lampShop;

    @BeforeEach
    void open() {
        clock = new MutableClock();
        chain = TestLedger.open(dir.resolve("chain"), clock);
        t = TestCommerce.builder(kind, dir.resolve("commerce")).ledger(chain.gateway()).clock(clock).open();
        promotions = t.commerce().promotions();
        orders = t.commerce().orders();
        carts = t.commerce().carts();
        ann = t.buyer("ann");
        bob = t.buyer("bob");
        teaShop = t.merchant("tea-shop");
        lampShop = t.merchant("lamp-shop");
        t.product(teaShop, "Mug", "MUG", Money.of(2_500, "CNY"), 10);
        t.product(teaShop, "Cable", "CABLE", Money.of(999, "USD"), 10);
        t.product(lampShop, "Lamp", "LAMP", Money.of(12_345, "CNY"), 10);
    }

    @AfterEach
    void close() {
        if (t != null) {
            t.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    private static CouponInput percent(String code, int percent) {
        return new CouponInput(code, percent, null, "CNY", null, null, null, null, null);
    }

    private static CouponInput amount(String code, long minor, String currency) {
        return new CouponInput(code, null, minor, currency, null, null, null, null, null);
    }

    private static CouponInput limited(String code, Integer total, Integer perAccount) {
        return new CouponInput(code, 10, null, "CNY", null, null, null, total, perAccount);
    }

    private List<Order> checkout(Actor buyer, String coupon) {
        return orders.checkout(buyer, new CheckoutRequest(BEIJING, coupon), null);
    }

    private CommerceException.Conflict refused(Executable e) {
        CommerceException.Conflict c = assertThrows(CommerceException.Conflict.class, e);
        assertEquals("couponCode", c.field(), c::getMessage);
        return c;
    }

    private int stock(String sku) {
        return t.jdbi().withHandle(h -> h.createQuery("SELECT stock FROM variants WHERE sku = :s").bind("s", sku)
                .mapTo(Integer.class).one());
    }

    @Test
    void aPercentCouponTakesItsShareOffTheMerchantsGoodsOnlyAndTaxIsOnWhatIsPaid() {
        promotions.create(teaShop, percent("spring-15", 15));
        carts.add(ann, "MUG", 2);
        carts.add(ann, "LAMP", 1);
        List<Order> made = checkout(ann, "Spring-15");

        Order tea = made.get(0);
        assertEquals(Money.of(5_000, "CNY"), tea.subtotal());
        assertEquals(Money.of(750, "CNY"), tea.discount());
        assertEquals("SPRING-15", tea.couponCode());
        assertEquals(Money.of(800, "CNY"), tea.shipping());
        // VAT 13 % of the 42.50 paid for the goods: 5.525 rounds to 5.53.
        assertEquals(Money.of(553, "CNY"), tea.tax());
        assertEquals(Money.of(4_250 + 800 + 553, "CNY"), tea.total());
        assertEquals(tea, orders.get(ann, tea.id()), "the discount is part of the stored snapshot");

        Order lamp = made.get(1);
        assertEquals(Money.zero("CNY"), lamp.discount(), "another merchant's goods are not discounted");
        assertNull(lamp.couponCode());
        assertEquals(1, promotions.get(teaShop, "SPRING-15").redeemed());
    }

    @Test
    void theEscrowLocksTheDiscountedTotal() {
        promotions.create(teaShop, amount("TENOFF", 1_000, "CNY"));
        carts.add(ann, "MUG", 1);
        Order o = checkout(ann, "tenoff").get(0);
        assertEquals(Money.of(1_500 + 700 + 195, "CNY"), o.total());
        Order paid = orders.pay(ann, o.id(), new OrderService.PaymentRequest("4242 4242 4242 4242"), null);
        assertEquals(OrderState.PAID, paid.state());
        long locked = chain.gateway().query(EscrowContract.ID, EscrowContract.GET,
                EscrowContract.getArgs("order:" + o.id())).integer("amount");
        assertEquals(o.total().minor(), locked);
    }

    @Test
    void aFixedAmountIsCappedAtTheMerchantsGoods() {
        promotions.create(teaShop, amount("BIGOFF", 1_000_000, "CNY"));
        carts.add(ann, "MUG", 1);
        Order o = checkout(ann, "BIGOFF").get(0);
        assertEquals(Money.of(2_500, "CNY"), o.discount());
        assertEquals(Money.zero("CNY"), o.tax());
        assertEquals(o.shipping(), o.total(), "only shipping is left to pay");
    }

    @Test
    void anAmountCouponAppliesOnlyToGoodsInItsCurrency() {
        promotions.create(teaShop, amount("USD-5", 500, "USD"));
        carts.add(ann, "MUG", 1);
        String why = refused(() -> checkout(ann, "USD-5")).getMessage();
        assertTrue(why.contains("priced in USD"), why);

        carts.add(ann, "CABLE", 2);
        List<Order> made = checkout(ann, "USD-5");
        assertEquals(Money.zero("CNY"), made.get(0).discount());
        assertEquals(Money.of(500, "USD"), made.get(1).discount());
        assertEquals("USD-5", made.get(1).couponCode());
    }

    @Test
    void aCouponOfAnotherMerchantDoesNotApplyAndNothingIsReserved() {
        promotions.create(lampShop, percent("LAMPS", 20));
        carts.add(ann, "MUG", 3);
        refused(() -> checkout(ann, "LAMPS"));
        assertEquals(10, stock("MUG"));
        assertEquals(1, carts.get(ann).items().size(), "the cart is left as it was");
        assertEquals(0, orders.list(ann, 0, 10).total());
        assertEquals(0, promotions.get(lampShop, "LAMPS").redeemed());
    }

    @Test
    void aCouponBelowItsMinimumSpendIsRefused() {
        promotions.create(teaShop, new CouponInput("MIN60", 10, null, "CNY", 6_000L, null, null, null, null));
        carts.add(ann, "MUG", 2);
        String why = refused(() -> checkout(ann, "MIN60")).getMessage();
        assertTrue(why.contains("6000 CNY"), why);
        assertEquals(10, stock("MUG"));

        carts.add(ann, "MUG", 1);
        assertEquals(Money.of(750, "CNY"), checkout(ann, "MIN60").get(0).discount(), "75.00 reaches 60.00");
    }

    @Test
    void aCouponIsOnlyRedeemedWithinItsWindow() {
        Instant from = clock.instant().plus(Duration.ofDays(1));
        promotions.create(teaShop, new CouponInput("LATER", 10, null, "CNY", null, from,
                from.plus(Duration.ofDays(1)), null, null));
        carts.add(ann, "MUG", 1);
        assertTrue(refused(() -> checkout(ann, "LATER")).getMessage().contains("valid from"));

        clock.advance(Duration.ofDays(1));
        assertEquals(Money.of(250, "CNY"), checkout(ann, "LATER").get(0).discount(), "it opens at validFrom");

        clock.advance(Duration.ofDays(1));
        carts.add(bob, "MUG", 1);
        assertTrue(refused(() -> checkout(bob, "LATER")).getMessage().contains("expired"),
                "it closes at validUntil");
    }

    @Test
    void anAccountCannotRedeemACouponMoreOftenThanItsPerAccountLimit() {
        promotions.create(teaShop, limited("ONCE", null, null));
        promotions.create(teaShop, limited("TWICE", null, 2));
        for (int i = 0; i < 2; i++) {
            carts.add(ann, "MUG", 1);
            checkout(ann, "TWICE");
        }
        carts.add(ann, "MUG", 1);
        assertTrue(refused(() -> checkout(ann, "TWICE")).getMessage().contains("2 times"));
        checkout(ann, "ONCE");
        carts.add(ann, "MUG", 1);
        refused(() -> checkout(ann, "ONCE"));
        carts.add(bob, "MUG", 1);
        assertEquals("ONCE", checkout(bob, "ONCE").get(0).couponCode(), "the limit is per account");
    }

    @Test
    void aCouponIsNeverRedeemedBeyondItsTotalLimit() {
        promotions.create(teaShop, limited("FIRST-ONE", 1, null));
        carts.add(ann, "MUG", 1);
        checkout(ann, "FIRST-ONE");
        carts.add(bob, "MUG", 1);
        assertTrue(refused(() -> checkout(bob, "FIRST-ONE")).getMessage().contains("fully redeemed"));
        assertEquals(9, stock("MUG"));
        assertEquals(1, promotions.get(teaShop, "FIRST-ONE").redeemed());
    }

    @Test
    void cancellingACreatedOrderGivesItsRedemptionBack() {
        promotions.create(teaShop, limited("ONLY-ONE", 1, null));
        carts.add(ann, "MUG", 1);
        Order o = checkout(ann, "ONLY-ONE").get(0);
        Order cancelled = orders.cancel(ann, o.id(), "changed my mind");
        assertEquals(Money.of(250, "CNY"), cancelled.discount(), "the order keeps its discount as history");
        assertEquals(0, promotions.get(teaShop, "ONLY-ONE").redeemed());

        carts.add(ann, "MUG", 1);
        assertEquals("ONLY-ONE", checkout(ann, "ONLY-ONE").get(0).couponCode(), "the same account may use it again");
    }

    @Test
    void refundingAPaidOrderGivesItsRedemptionBack() {
        promotions.create(teaShop, limited("REFUNDABLE", 1, null));
        carts.add(ann, "MUG", 1);
        Order o = checkout(ann, "REFUNDABLE").get(0);
        orders.pay(ann, o.id(), new OrderService.PaymentRequest("4242 4242 4242 4242"), null);
        assertEquals(OrderState.REFUNDED, orders.cancel(ann, o.id(), null).state());
        assertEquals(0, promotions.get(teaShop, "REFUNDABLE").redeemed());
        carts.add(bob, "MUG", 1);
        checkout(bob, "REFUNDABLE");
        assertEquals(1, promotions.get(teaShop, "REFUNDABLE").redeemed());
    }

    @Test
    void aWithdrawnCouponCannotBeRedeemedButItsOrdersKeepTheirDiscount() {
        promotions.create(teaShop, percent("GONE", 10));
        carts.add(ann, "MUG", 1);
        Order o = checkout(ann, "GONE").get(0);
        Coupon withdrawn = promotions.deactivate(teaShop, "gone");
        assertFalse(withdrawn.active());
        assertEquals(withdrawn, promotions.deactivate(teaShop, "GONE"), "withdrawing twice changes nothing");
        carts.add(bob, "MUG", 1);
        assertTrue(refused(() -> checkout(bob, "GONE")).getMessage().contains("withdrawn"));
        assertEquals(Money.of(250, "CNY"), orders.get(ann, o.id()).discount());
    }

    @Test
    void anUnknownCodeIsAConflictAndAMalformedOneIsInvalidInput() {
        carts.add(ann, "MUG", 1);
        assertTrue(refused(() -> checkout(ann, "NO-SUCH")).getMessage().contains("no coupon"));
        assertEquals("couponCode", assertThrows(CommerceException.InvalidInput.class,
                () -> checkout(ann, "no spaces allowed")).field());
        assertEquals(1, carts.get(ann).items().size());
    }

    @Test
    void theIdempotencyKeyCoversTheCouponCode() {
        promotions.create(teaShop, percent("KEYED", 10));
        carts.add(ann, "MUG", 1);
        List<Order> first = orders.checkout(ann, new CheckoutRequest(BEIJING, "keyed"), "key-1");
        assertEquals(first, orders.checkout(ann, new CheckoutRequest(BEIJING, "KEYED"), "key-1"),
                "a retry returns the first orders");
        assertEquals(1, promotions.get(teaShop, "KEYED").redeemed(), "and redeems nothing again");
        assertEquals("Idempotency-Key", assertThrows(CommerceException.Conflict.class,
                () -> orders.checkout(ann, new CheckoutRequest(BEIJING), "key-1")).field());
    }

    @Test
    void codesAreCaseInsensitiveAndUniqueAcrossThePlatform() {
        Coupon c = promotions.create(teaShop, percent("Tea_Time-1", 5));
        assertEquals("TEA_TIME-1", c.code());
        assertEquals(teaShop.accountId(), c.merchantId());
        assertEquals(1, c.perAccountLimit(), "one per account unless said otherwise");
        assertNull(c.totalLimit());
        assertTrue(c.active());
        CommerceException.Conflict taken = assertThrows(CommerceException.Conflict.class,
                () -> promotions.create(lampShop, percent("tea_time-1", 5)));
        assertEquals("code", taken.field());
    }

    @Test
    void badCouponsAreRefusedNamingTheField() {
        Instant now = clock.instant();
        List<Object[]> cases = List.of(
                new Object[] {"code", new CouponInput("AB", 10, null, "CNY", null, null, null, null, null)},
                new Object[] {"code", new CouponInput("SPRİNG", 10, null, "CNY", null, null, null, null, null)},
                new Object[] {"percentOff", new CouponInput("BOTH", 10, 100L, "CNY", null, null, null, null, null)},
                new Object[] {"percentOff", new CouponInput("NONE", null, null, "CNY", null, null, null, null, null)},
                new Object[] {"percentOff", new CouponInput("PCT0", 0, null, "CNY", null, null, null, null, null)},
                new Object[] {"percentOff", new CouponInput("P101", 101, null, "CNY", null, null, null, null, null)},
                new Object[] {"amountOff", new CouponInput("AMT0", null, 0L, "CNY", null, null, null, null, null)},
                new Object[] {"currency", new CouponInput("CUR", 10, null, "cny", null, null, null, null, null)},
                new Object[] {"minimumSpend", new CouponInput("MIN", 10, null, "CNY", -1L, null, null, null, null)},
                new Object[] {"validUntil", new CouponInput("WIN", 10, null, "CNY", null, now,
                        now.minusSeconds(1), null, null)},
                new Object[] {"validUntil", new CouponInput("PAST", 10, null, "CNY", null,
                        now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)), null, null)},
                new Object[] {"totalLimit", new CouponInput("TOT", 10, null, "CNY", null, null, null, 0, null)},
                new Object[] {"perAccountLimit", new CouponInput("PER", 10, null, "CNY", null, null, null, null,
                        1_001)});
        for (Object[] c : cases) {
            CommerceException.InvalidInput e = assertThrows(CommerceException.InvalidInput.class,
                    () -> promotions.create(teaShop, (CouponInput) c[1]), () -> "expected " + c[0]);
            assertEquals(c[0], e.field(), e::getMessage);
        }
        assertEquals(0, promotions.listOwn(teaShop, 0, 10).total(), "nothing was stored");
    }

    @Test
    void onlyTheIssuingMerchantSeesOrWithdrawsItsCoupons() {
        promotions.create(teaShop, percent("MINE", 10));
        promotions.create(teaShop, percent("ALSO-MINE", 10));
        assertEquals(List.of("ALSO-MINE", "MINE"), promotions.listOwn(teaShop, 0, 10).items().stream()
                .map(Coupon::code).toList(), "newest first");
        assertEquals(0, promotions.listOwn(lampShop, 0, 10).total());
        assertThrows(CommerceException.NotFound.class, () -> promotions.get(lampShop, "MINE"));
        assertThrows(CommerceException.NotFound.class, () -> promotions.deactivate(lampShop, "MINE"));
        assertThrows(CommerceException.Forbidden.class, () -> promotions.create(ann, percent("BUYERS", 10)));
        assertThrows(CommerceException.Forbidden.class, () -> promotions.listOwn(ann, 0, 10));
        assertTrue(promotions.get(teaShop, "MINE").active());
    }

    @Test
    void aPreviewTellsTheBuyerWhatTheCouponWouldTakeOffWithoutRedeemingIt() {
        promotions.create(teaShop, limited("PEEK", 1, null));
        carts.add(ann, "MUG", 2);
        carts.add(ann, "LAMP", 1);
        PromotionService.Applies applies = assertInstanceOf(PromotionService.Applies.class,
                promotions.preview(ann, "peek"));
        assertEquals(new PromotionService.Applies("PEEK", teaShop.accountId(), Money.of(5_000, "CNY"),
                Money.of(500, "CNY")), applies);
        assertEquals(0, promotions.get(teaShop, "PEEK").redeemed());

        checkout(ann, "PEEK");
        carts.add(bob, "MUG", 1);
        PromotionService.Refused full = assertInstanceOf(PromotionService.Refused.class,
                promotions.preview(bob, "PEEK"));
        assertTrue(full.reason().contains("fully redeemed"), full.reason());
        assertInstanceOf(PromotionService.Refused.class, promotions.preview(bob, "NOPE"));
    }
}
