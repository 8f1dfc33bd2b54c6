package org.trustmall.commerce.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import org.trustmall.commerce.chain.LedgerNames;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.orders.OrderService.CheckoutRequest;
import org.trustmall.commerce.orders.OrderService.Order;
import org.trustmall.commerce.orders.OrderService.PaymentRequest;
import org.trustmall.commerce.orders.OrderService.ShipRequest;
import org.trustmall.commerce.orders.OrderService.ShipmentEventRequest;
import org.trustmall.commerce.orders.OrderService.ShippingAddress;
import org.trustmall.commerce.orders.OrderService;
import org.trustmall.commerce.payments.PaymentProvider;
import org.trustmall.commerce.payments.SimulatedPaymentProvider;
import org.trustmall.contracts.escrow.EscrowContract;

/** Merchant balances, payouts and the reconciliation of the database against the ledger, on a real ledger. */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class PayoutReconciliationTest {
    private static final String VISA = "4242 4242 4242 4242";
    private static final ShippingAddress BEIJING = new ShippingAddress("Li Lei", "1 Chang'an Avenue", null,
            "Beijing", "BJ", "100000", "CN", "+86 10 1234 5678");

    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;
    private MutableClock clock;
    private TestLedger chain;
    private TestCommerce t;
    private OrderService orders;
    private PayoutService payouts;
    private final RefusingPayouts provider = new RefusingPayouts();
    private Actor shop;
    private Actor otherShop;
    private final List<Actor> buyers = new ArrayList<>();

    /** The simulated provider, whose payouts a test can make the bank refuse. */
    static final class RefusingPayouts implements PaymentProvider {
        final SimulatedPaymentProvider inner = new SimulatedPaymentProvider();
        volatile boolean refuse;

        @Override
        public Result charge(String cardNumber, Money amount, String idempotencyKey) {
            return inner.charge(cardNumber, amount, idempotencyKey);
        }

        @Override
        public Result refund(String paymentId, Money amount, String idempotencyKey) {
            return inner.refund(paymentId, amount, idempotencyKey);
        }

        @Override
        public Result payout(String beneficiary, Money amount, String idempotencyKey) {
            return inner.payout(refuse ? SimulatedPaymentProvider.CLOSED_ACCOUNT : beneficiary, amount,
                    idempotencyKey);
        }
    }

    @BeforeEach
    void open() {
        clock = new MutableClock();
        chain = TestLedger.open(dir.resolve("chain"), clock);
        t = TestCommerce.builder(kind, dir.resolve("commerce")).ledger(chain.gateway()).payments(provider)
                .clock(clock).config(c -> c.withEscrowTimeout(Duration.ofDays(3))).open();
        orders = t.commerce().orders();
        payouts = t.commerce().payouts();
        shop = t.merchant("shop");
        otherShop = t.merchant("other-shop");
        for (int i = 0; i < 3; i++) {
            buyers.add(t.buyer("buyer" + i));
        }
        t.product(shop, "Headphones", "HP-1", Money.of(39_900, "CNY"), 1000);
        t.product(otherShop, "Kettle", "KT-1", Money.of(12_345, "CNY"), 1000);
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

    private Order paid(Actor buyer, String sku, int quantity) {
        t.commerce().carts().add(buyer, sku, quantity);
        Order o = orders.checkout(buyer, new CheckoutRequest(BEIJING), null).get(0);
        return orders.pay(buyer, o.id(), new PaymentRequest(VISA), null);
    }

    private Actor merchantOf(Order o) {
        return o.merchantId() == shop.accountId() ? shop : otherShop;
    }

    private void deliver(Order o) {
        Actor m = merchantOf(o);
        orders.ship(m, o.id(), new ShipRequest("SF Express", "SF" + o.id()));
        orders.addShipmentEvent(m, o.id(), new ShipmentEventRequest("picked_up", "Shenzhen", null));
        orders.addShipmentEvent(m, o.id(), new ShipmentEventRequest("delivered", "Beijing", null));
    }

    private long ledgerBalance(Actor merchant) {
        return chain.gateway().query(EscrowContract.ID, EscrowContract.BALANCE, EscrowContract.balanceArgs(
                LedgerNames.merchant(merchant.accountId()), "CNY")).integer("balance");
    }

    private long balance(Actor merchant) {
        return payouts.statement(merchant, merchant.accountId(), "CNY", 0, 10).balance().minor();
    }

    private void assertReconciled() {
        PayoutService.Report r = payouts.reconcile();
        assertTrue(r.reconciled(), () -> "differences: " + r.differences());
        assertEquals(ledgerBalance(shop), balance(shop));
        assertEquals(ledgerBalance(otherShop), balance(otherShop));
    }

    @Test
    void aConfirmedOrderCreditsTheMerchantWhoPaysOutPartOfItAndTheStatementMatchesTheLedger() {
        Order o = paid(buyers.get(0), "HP-1", 2);
        deliver(o);
        orders.confirm(buyers.get(0), o.id());
        PayoutService.Statement s = payouts.statement(shop, shop.accountId(), "CNY", 0, 10);
        assertEquals(o.total(), s.balance());
        assertEquals("release", s.entries().items().get(0).kind());
        assertEquals(o.id(), s.entries().items().get(0).orderId());

        PayoutService.Payout p = payouts.requestPayout(shop, "CNY", 50_000L);
        assertEquals("paid", p.state());
        assertEquals(o.total().minor() - 50_000, balance(shop));
        assertEquals(balance(shop), ledgerBalance(shop));

        CommerceException.Conflict tooMuch = assertThrows(CommerceException.Conflict.class,
                () -> payouts.requestPayout(shop, "CNY", o.total().minor()));
        assertEquals("amount", tooMuch.field());
        assertThrows(CommerceException.Forbidden.class,
                () -> payouts.statement(otherShop, shop.accountId(), "CNY", 0, 10));
        assertThrows(CommerceException.Forbidden.class, () -> payouts.requestPayout(buyers.get(0), "CNY", 1L));
        PayoutService.Payout rest = payouts.requestPayout(shop, "CNY", null);
        assertEquals(o.total().minor() - 50_000, rest.amount().minor());
        assertEquals(0, balance(shop));
        assertReconciled();
    }

    @Test
    void aPayoutTheBankRefusesIsReversedOnTheLedgerAndTheBalanceIsRestored() {
        Order o = paid(buyers.get(1), "KT-1", 1);
        deliver(o);
        orders.confirm(buyers.get(1), o.id());
        provider.refuse = true;
        PayoutService.Payout p = payouts.requestPayout(otherShop, "CNY", null);
        assertEquals("failed", p.state());
        assertTrue(p.failure().contains("account_closed"), p.failure());
        assertEquals(o.total().minor(), balance(otherShop));
        assertEquals(o.total().minor(), ledgerBalance(otherShop));
        assertEquals(List.of("reversal", "payout", "release"), payouts.statement(otherShop, otherShop.accountId(),
                "CNY", 0, 10).entries().items().stream().map(PayoutService.Entry::kind).toList());
        assertReconciled();
    }

    @Test
    void aSchedulePaysOutTheWholeBalanceOncePerInterval() {
        Order o = paid(buyers.get(2), "HP-1", 1);
        deliver(o);
        orders.confirm(buyers.get(2), o.id());
        payouts.schedule(shop, "CNY", 7, 1_000);
        assertEquals(0, payouts.runScheduledPayouts(), "not due yet");
        clock.advance(Duration.ofDays(8));
        assertEquals(1, payouts.runScheduledPayouts());
        assertEquals(0, payouts.runScheduledPayouts(), "once per interval");
        assertEquals(0, balance(shop));
        assertEquals("schedule", payouts.payouts(shop, shop.accountId(), 0, 10).items().get(0).trigger());
        assertReconciled();
    }

    @Test
    void reconciliationPassesAfterARandomRunAndFailsWhenOneLedgerBackedAmountIsChangedInTheDatabase() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        String why = "seed " + seed;
        for (int i = 0; i < 14; i++) {
            Actor buyer = buyers.get(random.nextInt(buyers.size()));
            Order o = paid(buyer, random.nextBoolean() ? "HP-1" : "KT-1", 1 + random.nextInt(3));
            switch (i < 2 ? i : random.nextInt(4)) {
                case 0 -> orders.cancel(buyer, o.id(), "changed my mind");
                case 1 -> {
                    deliver(o);
                    orders.confirm(buyer, o.id());
                }
                case 2 -> deliver(o); // released by timeout below
                default -> { } // stays paid, its escrow held
            }
            if (random.nextInt(3) == 0) {
                Actor m = random.nextBoolean() ? shop : otherShop;
                long b = balance(m);
                if (b > 0) {
                    provider.refuse = random.nextInt(4) == 0;
                    payouts.requestPayout(m, "CNY", 1 + (long) random.nextInt((int) Math.min(b, Integer.MAX_VALUE)));
                    provider.refuse = false;
                }
            }
        }
        clock.advance(Duration.ofDays(4));
        orders.releaseExpiredEscrows();
        PayoutService.Report clean = payouts.reconcile();
        assertTrue(clean.reconciled(), () -> why + ": " + clean.differences());
        assertTrue(clean.orders() >= 14, why);

        // One ledger-backed amount changed in the database, each in turn, is found; undoing it reconciles again.
        String[][] tampers = {
            {"UPDATE orders SET total_minor = total_minor + 1 WHERE id = (SELECT MIN(id) FROM orders)",
                "UPDATE orders SET total_minor = total_minor - 1 WHERE id = (SELECT MIN(id) FROM orders)"},
            {"UPDATE merchant_entries SET amount_minor = amount_minor - 1 WHERE id = (SELECT MIN(id) FROM merchant_entries)",
                "UPDATE merchant_entries SET amount_minor = amount_minor + 1 WHERE id = (SELECT MIN(id) FROM merchant_entries)"},
            {"UPDATE refunds SET amount_minor = amount_minor - 1 WHERE id = (SELECT MIN(id) FROM refunds)",
                "UPDATE refunds SET amount_minor = amount_minor + 1 WHERE id = (SELECT MIN(id) FROM refunds)"},
            {"UPDATE payouts SET amount_minor = amount_minor + 1 WHERE id = (SELECT MIN(id) FROM payouts)",
                "UPDATE payouts SET amount_minor = amount_minor - 1 WHERE id = (SELECT MIN(id) FROM payouts)"}};
        for (String[] tamper : tampers) {
            int n = t.jdbi().withHandle(h -> h.createUpdate(tamper[0]).execute());
            PayoutService.Report r = payouts.reconcile();
            t.jdbi().useHandle(h -> h.createUpdate(tamper[1]).execute());
            if (n == 1) {
                assertFalse(r.reconciled(), () -> why + ": not found after " + tamper[0]);
            }
        }
        assertTrue(payouts.reconcile().reconciled(), why + ": undone");
    }
}
