package org.trustmall.commerce.orders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.FailingLedger;
import org.trustmall.commerce.MutableClock;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.TestLedger;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.orders.OrderService.CheckoutRequest;
import org.trustmall.commerce.orders.OrderService.Order;
import org.trustmall.commerce.orders.OrderService.PaymentRequest;
import org.trustmall.commerce.orders.OrderService.ShipRequest;
import org.trustmall.commerce.orders.OrderService.ShipmentEventRequest;
import org.trustmall.commerce.payments.PaymentProvider;
import org.trustmall.commerce.payments.SimulatedPaymentProvider;
import org.trustmall.contracts.escrow.EscrowContract;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.encoding.CborMap;

/** Orders from payment to completion on a real ledger running the escrow and shipment contracts. */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class OrderLifecycleTest {
    static final String VISA = "4242 4242 4242 4242";

    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;
    private MutableClock clock;
    private TestLedger chain;
    private TestCommerce t;
    private OrderService orders;
    private CountingProvider payments;
    private FailingLedger ledger;
    private Actor ann;
    private Actor bob;
    private Actor shop;
    private Actor otherShop;
    private Actor admin;

    /** Counts charges and refunds that reach the provider. */
    static final class CountingProvider implements PaymentProvider {
        final SimulatedPaymentProvider inner = new SimulatedPaymentProvider();
        final AtomicInteger charges = new AtomicInteger();
        final AtomicInteger refunds = new AtomicInteger();

        @Override
        public Result charge(String cardNumber, Money amount, String idempotencyKey) {
            charges.incrementAndGet();
            return inner.charge(cardNumber, amount, idempotencyKey);
        }

        @Override
        public Result refund(String paymentId, Money amount, String idempotencyKey) {
            refunds.incrementAndGet();
            return inner.refund(paymentId, amount, idempotencyKey);
        }

        @Override
        public Result payout(String beneficiary, Money amount, String idempotencyKey) {
            return inner.payout(beneficiary, amount, idempotencyKey);
        }
    }

    @BeforeEach
    void open() {
        clock = new MutableClock();
        chain = TestLedger.open(dir.resolve("chain"), clock);
        payments = new CountingProvider();
        ledger = new FailingLedger(chain.gateway());
        t = TestCommerce.builder(kind, dir.resolve("commerce")).ledger(ledger).payments(payments).clock(clock)
                .config(c -> c.withEscrowTimeout(Duration.ofDays(3))).open();
        orders = t.commerce().orders();
        ann = t.buyer("ann");
        bob = t.buyer("bob");
        shop = t.merchant("shop");
        otherShop = t.merchant("other-shop");
        admin = t.admin("admin");
        t.product(shop, "Headphones", "HP-1", Money.of(39_900, "CNY"), 5);
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

    private Order order(Actor buyer, int quantity) {
        t.commerce().carts().add(buyer, "HP-1", quantity);
        return orders.checkout(buyer, new CheckoutRequest(CheckoutTest.BEIJING), null).get(0);
    }

    private Order paid(Actor buyer) {
        return orders.pay(buyer, order(buyer, 1).id(), new PaymentRequest(VISA), null);
    }

    private Order delivered(Actor buyer) {
        Order o = paid(buyer);
        orders.ship(shop, o.id(), new ShipRequest("SF Express", "SF123"));
        orders.addShipmentEvent(shop, o.id(), new ShipmentEventRequest("picked_up", "Shenzhen", null));
        return orders.addShipmentEvent(shop, o.id(), new ShipmentEventRequest("delivered", "Beijing", null));
    }

    private CborMap escrow(long orderId) {
        return chain.ledger().query(EscrowContract.ID, EscrowContract.GET,
                EscrowContract.getArgs("order:" + orderId));
    }

    private int stock() {
        return t.jdbi().withHandle(h -> h.createQuery("SELECT stock FROM variants WHERE sku = 'HP-1'")
                .mapTo(Integer.class).one());
    }

    private static List<String> kinds(Order o) {
        return o.ledger().stream().map(OrderService.LedgerRef::kind).toList();
    }

    @Test
    void anOrderGoesFromCreatedToCompletedAndListsEveryLedgerTransaction() {
        Order created = order(ann, 2);
        assertEquals(OrderState.CREATED, created.state());
        Order paid = orders.pay(ann, created.id(), new PaymentRequest(VISA), "pay-1");
        assertEquals(OrderState.PAID, paid.state());
        CborMap locked = escrow(created.id());
        assertEquals("LOCKED", locked.text("state"));
        assertEquals(paid.total().minor(), locked.integer("amount"));
        assertEquals("CNY", locked.text("currency"));
        assertEquals("merchant:" + shop.accountId(), locked.text("merchant"));
        assertEquals(Duration.ofDays(3).toMillis(), locked.integer("timeout_ms"));

        Order shipped = orders.ship(shop, created.id(), new ShipRequest("SF Express", "SF1234567890"));
        assertEquals(OrderState.SHIPPED, shipped.state());
        assertEquals("SF1234567890", shipped.shipment().trackingNumber());
        orders.addShipmentEvent(shop, created.id(), new ShipmentEventRequest("picked_up", "Shenzhen",
                Instant.parse("2026-01-02T03:04:05Z")));
        orders.addShipmentEvent(admin, created.id(), new ShipmentEventRequest("in_transit", "Wuhan hub", null));
        Order delivered = orders.addShipmentEvent(shop, created.id(), new ShipmentEventRequest("delivered",
                "Beijing", null));
        assertEquals(OrderState.DELIVERED, delivered.state());
        assertEquals(List.of("picked_up", "in_transit", "delivered"), delivered.shipment().events().stream()
                .map(OrderService.ShipmentEvent::kind).toList());
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), delivered.shipment().events().get(0).occurredAt());

        Order completed = orders.confirm(ann, created.id());
        assertEquals(OrderState.COMPLETED, completed.state());
        assertEquals(List.of("escrow.lock", "risk-decision.record", "shipment.create", "shipment.event",
                "shipment.event", "shipment.event", "escrow.mark-delivered", "escrow.release"), kinds(completed));
        for (OrderService.LedgerRef ref : completed.ledger()) {
            var record = chain.ledger().transaction(Hash.fromHex(ref.transactionId()));
            assertTrue(record.isPresent(), ref::toString);
            assertEquals(ref.height(), record.get().height());
            assertTrue(record.get().result().ok(), ref::toString);
            assertEquals(ref.kind(), record.get().transaction().contract() + "." + record.get().transaction()
                    .method());
        }
        CborMap released = escrow(created.id());
        assertEquals("RELEASED", released.text("state"));
        assertEquals("confirmed", released.text("release_reason"));
        assertEquals(3, stock());
    }

    @Test
    void theBuyerAppearsOnTheLedgerOnlyAsACommitment() throws Exception {
        Order o = paid(ann);
        // Under the buyer's own secret in the vault: erasing them destroys the link.
        byte[] expected = t.commerce().privacy().commitment(ann.accountId());
        assertFalse(java.util.Arrays.equals(expected, t.commerce().privacy().commitment(bob.accountId())));
        assertArrayEquals(expected, escrow(o.id()).bytes("buyer"));
        assertEquals(32, expected.length);
        byte[] args = chain.ledger().transaction(Hash.fromHex(o.ledger().get(0).transactionId())).orElseThrow()
                .transaction().args();
        String text = new String(args, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(!text.contains("ann") && !text.contains("Li Lei") && !text.contains("account:"), text);
    }

    @Test
    void payingIsIdempotentByKeyAndChargesOnce() {
        Order o = order(ann, 1);
        Order first = orders.pay(ann, o.id(), new PaymentRequest(VISA), "pay-key");
        Order again = orders.pay(ann, o.id(), new PaymentRequest(VISA), "pay-key");
        assertEquals(first, again);
        assertEquals(1, payments.charges.get());
        assertEquals(List.of("escrow.lock", "risk-decision.record"), kinds(again));
        CommerceException.Conflict other = assertThrows(CommerceException.Conflict.class,
                () -> orders.pay(ann, o.id(), new PaymentRequest("5555 5555 5555 4444"), "pay-key"));
        assertEquals("Idempotency-Key", other.field());
        CommerceException.Conflict twice = assertThrows(CommerceException.Conflict.class,
                () -> orders.pay(ann, o.id(), new PaymentRequest(VISA), "another-key"));
        assertTrue(twice.getMessage().contains("paid"), twice.getMessage());
    }

    @Test
    void aDeclinedCardLeavesTheOrderCreatedAndTheLedgerUntouched() {
        Order o = order(ann, 1);
        t.commerce().riskModels().deployed(); // registers the fraud model on first use, before what is counted
        long logSize = chain.ledger().logSize();
        CommerceException.PaymentDeclined d = assertThrows(CommerceException.PaymentDeclined.class,
                () -> orders.pay(ann, o.id(), new PaymentRequest("4000 0000 0000 0002"), "k1"));
        assertEquals("card_declined", d.code());
        assertEquals("insufficient_funds", assertThrows(CommerceException.PaymentDeclined.class,
                () -> orders.pay(ann, o.id(), new PaymentRequest("4000000000009995"), "k2")).code());
        assertEquals("invalid_number", assertThrows(CommerceException.PaymentDeclined.class,
                () -> orders.pay(ann, o.id(), new PaymentRequest("4242424242424241"), "k3")).code());
        Order after = orders.get(ann, o.id());
        assertEquals(OrderState.CREATED, after.state());
        assertEquals(List.of(), after.ledger());
        assertEquals(logSize, chain.ledger().logSize());
        assertEquals(OrderState.PAID, orders.pay(ann, o.id(), new PaymentRequest(VISA), "k4").state());
    }

    @Test
    void cancellingACreatedOrderReturnsItsStock() {
        Order o = order(ann, 2);
        assertEquals(3, stock());
        Order cancelled = orders.cancel(ann, o.id(), "changed my mind");
        assertEquals(OrderState.CANCELLED, cancelled.state());
        assertEquals(5, stock());
        assertEquals(List.of(), cancelled.ledger());
    }

    @Test
    void cancellingAPaidOrderRefundsThePaymentAndTheEscrow() {
        Order o = paid(ann);
        Order refunded = orders.cancel(shop, o.id(), "out of stock after all");
        assertEquals(OrderState.REFUNDED, refunded.state());
        assertEquals(List.of("escrow.lock", "risk-decision.record", "escrow.refund"), kinds(refunded));
        assertEquals(1, payments.refunds.get());
        assertEquals("REFUNDED", escrow(o.id()).text("state"));
        assertEquals(o.total().minor(), escrow(o.id()).integer("refunded"));
        assertEquals(5, stock());
        assertTrue(chain.ledger().transaction(Hash.fromHex(refunded.ledger().get(1).transactionId())).isPresent());
    }

    @Test
    void illegalTransitionsAreConflictsNamingTheState() {
        Order created = order(ann, 1);
        assertConflictNaming("created", () -> orders.ship(shop, created.id(), new ShipRequest("SF", "1")));
        assertConflictNaming("created", () -> orders.confirm(ann, created.id()));
        assertConflictNaming("created", () -> orders.addShipmentEvent(shop, created.id(),
                new ShipmentEventRequest("picked_up", null, null)));
        Order p = paid(bob);
        assertConflictNaming("paid", () -> orders.confirm(bob, p.id()));
        orders.ship(shop, p.id(), new ShipRequest("SF", "2"));
        assertConflictNaming("shipped", () -> orders.cancel(bob, p.id(), null));
        assertConflictNaming("shipped", () -> orders.confirm(bob, p.id()));
        assertConflictNaming("shipped", () -> orders.ship(shop, p.id(), new ShipRequest("SF", "3")));
        CommerceException.Conflict early = assertThrows(CommerceException.Conflict.class,
                () -> orders.addShipmentEvent(shop, p.id(), new ShipmentEventRequest("delivered", null, null)));
        assertTrue(early.getMessage().contains("picked up"), early.getMessage());
        orders.addShipmentEvent(shop, p.id(), new ShipmentEventRequest("picked_up", null, null));
        orders.addShipmentEvent(shop, p.id(), new ShipmentEventRequest("delivered", null, null));
        assertConflictNaming("delivered", () -> orders.addShipmentEvent(shop, p.id(),
                new ShipmentEventRequest("in_transit", null, null)));
        assertConflictNaming("delivered", () -> orders.cancel(shop, p.id(), null));
        orders.confirm(bob, p.id());
        assertConflictNaming("completed", () -> orders.confirm(bob, p.id()));
        assertEquals("kind", assertThrows(CommerceException.InvalidInput.class, () -> orders.addShipmentEvent(shop,
                p.id(), new ShipmentEventRequest("lost", null, null))).field());
    }

    private static void assertConflictNaming(String state, org.junit.jupiter.api.function.Executable call) {
        CommerceException.Conflict c = assertThrows(CommerceException.Conflict.class, call);
        assertTrue(c.getMessage().contains(" is " + state), c.getMessage());
    }

    @Test
    void escrowOfAnUnconfirmedDeliveryIsReleasedOnceItsTimeoutPassesInLedgerTime() {
        Order o = delivered(ann);
        Order other = paid(bob);
        assertEquals(0, orders.releaseExpiredEscrows());
        clock.advance(Duration.ofDays(3).minusMinutes(1));
        assertEquals(0, orders.releaseExpiredEscrows());
        clock.advance(Duration.ofMinutes(2));
        assertEquals(1, orders.releaseExpiredEscrows());
        Order completed = orders.get(ann, o.id());
        assertEquals(OrderState.COMPLETED, completed.state());
        assertEquals("escrow.release-expired", kinds(completed).get(kinds(completed).size() - 1));
        assertEquals("timeout", escrow(o.id()).text("release_reason"));
        assertEquals(OrderState.PAID, orders.get(bob, other.id()).state(), "undelivered orders stay in escrow");
        assertEquals(0, orders.releaseExpiredEscrows());
    }

    @Test
    void whenTheLedgerCallFailsTheOrderIsLeftAsItWas() {
        Order o = paid(ann);
        ledger.failing = "shipment.create";
        assertThrows(CommerceException.class, () -> orders.ship(shop, o.id(), new ShipRequest("SF", "1")));
        assertEquals(o, orders.get(ann, o.id()));
        ledger.failing = "escrow.lock";
        Order next = order(bob, 1);
        assertThrows(CommerceException.class, () -> orders.pay(bob, next.id(), new PaymentRequest(VISA), "k"));
        assertEquals(OrderState.CREATED, orders.get(bob, next.id()).state());
        assertEquals(1, payments.refunds.get(), "the charge whose escrow failed was refunded");
        ledger.failing = null;
        assertEquals(OrderState.PAID, orders.pay(bob, next.id(), new PaymentRequest(VISA), "k2").state());
    }

    @Test
    void aDeliveryWhoseEscrowStepFailedIsResumedNotRecordedTwice() {
        Order o = paid(ann);
        orders.ship(shop, o.id(), new ShipRequest("SF", "1"));
        orders.addShipmentEvent(shop, o.id(), new ShipmentEventRequest("picked_up", null, null));
        ledger.failing = "escrow.mark-delivered";
        assertThrows(CommerceException.class, () -> orders.addShipmentEvent(shop, o.id(),
                new ShipmentEventRequest("delivered", null, null)));
        assertEquals(OrderState.SHIPPED, orders.get(ann, o.id()).state());
        ledger.failing = null;
        Order delivered = orders.addShipmentEvent(shop, o.id(), new ShipmentEventRequest("delivered", null, null));
        assertEquals(OrderState.DELIVERED, delivered.state());
        assertEquals(2, delivered.shipment().events().size());
        assertEquals(List.of("escrow.lock", "risk-decision.record", "shipment.create", "shipment.event",
                "shipment.event", "escrow.mark-delivered"), kinds(delivered));
    }

    @Test
    void ordersListedByStateAreOnlyThoseNowInItAmongWhatEachMaySee() {
        Order annPaid = paid(ann);
        Order annCreated = order(ann, 1);
        Order bobPaid = paid(bob);
        assertEquals(List.of(bobPaid.id(), annPaid.id()), orders.list(admin, OrderState.PAID, 0, 10).items().stream()
                .map(Order::id).toList());
        assertEquals(List.of(annCreated.id()), orders.list(admin, OrderState.CREATED, 0, 10).items().stream()
                .map(Order::id).toList());
        assertEquals(3, orders.list(admin, null, 0, 10).total());
        assertEquals(List.of(annPaid.id()), orders.list(ann, OrderState.PAID, 0, 10).items().stream()
                .map(Order::id).toList());
        assertEquals(0, orders.list(bob, OrderState.CREATED, 0, 10).total());
        assertEquals(2, orders.list(shop, OrderState.PAID, 0, 10).total());
        assertEquals(0, orders.list(otherShop, OrderState.PAID, 0, 10).total());
        orders.cancel(ann, annCreated.id(), null);
        assertEquals(0, orders.list(admin, OrderState.CREATED, 0, 10).total(), "the state now, not at checkout");
        assertEquals(1, orders.list(admin, OrderState.CANCELLED, 0, 10).total());
    }

    @Test
    void buyersAndMerchantsReachOnlyTheirOwnOrders() {
        Order anns = paid(ann);
        long id = anns.id();
        // Another buyer: the order does not exist for them.
        assertThrows(CommerceException.NotFound.class, () -> orders.get(bob, id));
        assertThrows(CommerceException.NotFound.class, () -> orders.pay(bob, id, new PaymentRequest(VISA), null));
        assertThrows(CommerceException.NotFound.class, () -> orders.confirm(bob, id));
        assertThrows(CommerceException.NotFound.class, () -> orders.cancel(bob, id, null));
        assertEquals(0, orders.list(bob, 0, 10).total());
        // Another merchant likewise.
        assertThrows(CommerceException.NotFound.class, () -> orders.get(otherShop, id));
        assertThrows(CommerceException.NotFound.class, () -> orders.ship(otherShop, id, new ShipRequest("SF", "1")));
        assertEquals(0, orders.list(otherShop, 0, 10).total());
        // Those who see the order may still not do what is not theirs to do.
        assertThrows(CommerceException.Forbidden.class, () -> orders.ship(ann, id, new ShipRequest("SF", "1")));
        assertThrows(CommerceException.Forbidden.class, () -> orders.ship(admin, id, new ShipRequest("SF", "1")));
        Actor arbiter = t.account("arbiter", Role.ARBITER);
        assertEquals(id, orders.get(arbiter, id).id());
        assertThrows(CommerceException.Forbidden.class, () -> orders.cancel(arbiter, id, null));
        assertEquals(id, orders.get(admin, id).id());
        assertEquals(1, orders.list(admin, 0, 10).total());
        assertEquals(1, orders.list(shop, 0, 10).total());
        assertEquals(List.of(id), orders.list(ann, 0, 10).items().stream().map(Order::id).toList());
        orders.ship(shop, id, new ShipRequest("SF", "1"));
        assertThrows(CommerceException.Forbidden.class, () -> orders.addShipmentEvent(ann, id,
                new ShipmentEventRequest("picked_up", null, null)));
        orders.addShipmentEvent(shop, id, new ShipmentEventRequest("picked_up", null, null));
        orders.addShipmentEvent(shop, id, new ShipmentEventRequest("delivered", null, null));
        assertThrows(CommerceException.Forbidden.class, () -> orders.confirm(shop, id));
        assertThrows(CommerceException.Forbidden.class, () -> orders.confirm(admin, id));
        assertEquals(OrderState.COMPLETED, orders.confirm(ann, id).state());
    }

    @Test
    void aMerchantCannotEditAnotherMerchantsProduct() {
        var p = t.commerce().catalogue().search(new org.trustmall.commerce.catalogue.CatalogueService.SearchQuery(
                "headphones", null, 0, 1)).items().get(0);
        assertThrows(CommerceException.Forbidden.class, () -> t.commerce().catalogue().update(otherShop, p.id(),
                new org.trustmall.commerce.catalogue.CatalogueService.ProductPatch("Mine now", null, null, null,
                        null, null)));
    }
}
