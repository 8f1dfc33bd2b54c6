package org.trustmall.commerce;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.trustmall.commerce.chain.LedgerNames;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.orders.OrderService.Order;
import org.trustmall.commerce.orders.OrderService;
import org.trustmall.commerce.payments.PaymentProvider;
import org.trustmall.commerce.payments.SimulatedPaymentProvider;
import org.trustmall.contracts.escrow.EscrowContract;
import org.trustmall.ledger.encoding.CborMap;

/**
 * A small market on a real ledger and a real database, for tests of what happens after payment: buyers ann and bob,
 * merchant shop, an admin, two products (HP-1 at 399.00 CNY, CASE-1 at 19.99 CNY), orders to Beijing (13 % tax,
 * shipping 6.00 + 1.00 per item), a ledger clock the test moves, a ledger whose calls can be made to fail, and a
 * payment provider that counts refunds.
 */
public final class Marketplace implements AutoCloseable {
    public static final String VISA = "4242 4242 4242 4242";
    public static final OrderService.ShippingAddress BEIJING = new OrderService.ShippingAddress("Li Lei",
            "1 Chang'an Avenue", null, "Beijing", "BJ", "100000", "CN", "+86 10 1234 5678");

    public final MutableClock clock = new MutableClock();
    public final TestLedger chain;
    public final FailingLedger ledger;
    public final CountingProvider payments = new CountingProvider();
    public final TestCommerce t;
    public final Actor ann;
    public final Actor bob;
    public final Actor shop;
    public final Actor admin;
    private final List<Actor> arbiters = new ArrayList<>();

    /** Counts refunds that reach the provider (the same idempotency key may arrive more than once). */
    public static final class CountingProvider implements PaymentProvider {
        private final SimulatedPaymentProvider inner = new SimulatedPaymentProvider();
        public final AtomicInteger refunds = new AtomicInteger();

        @Override
        public Result charge(String cardNumber, Money amount, String idempotencyKey) {
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

    public Marketplace(TestDatabases.Kind kind, Path dir, UnaryOperator<CommerceConfig> config) {
        this(kind, dir, config, List.of());
    }

    /** A marketplace whose ledger also has {@code validators} as member organisations (see {@link TestLedger}). */
    public Marketplace(TestDatabases.Kind kind, Path dir, UnaryOperator<CommerceConfig> config,
                       List<String> validators) {
        chain = TestLedger.open(dir.resolve("chain"), clock, validators);
        ledger = new FailingLedger(chain.gateway());
        try {
            t = TestCommerce.builder(kind, dir.resolve("commerce")).ledger(ledger).payments(payments).clock(clock)
                    .config(c -> config.apply(c.withEscrowTimeout(Duration.ofDays(3)))).open();
        } catch (RuntimeException | Error e) { // a skipped PostgreSQL run aborts here
            chain.close();
            throw e;
        }
        ann = t.buyer("ann");
        bob = t.buyer("bob");
        shop = t.merchant("shop");
        admin = t.admin("admin");
        t.product(shop, "Headphones", "HP-1", Money.of(39_900, "CNY"), 50);
        t.product(shop, "Phone case", "CASE-1", Money.of(1_999, "CNY"), 50);
    }

    public Commerce commerce() {
        return t.commerce();
    }

    public OrderService orders() {
        return t.commerce().orders();
    }

    /** Arbiter accounts, created as {@code trustmall admin create-user --role arbiter} does. */
    public List<Actor> arbiters(int n) {
        while (arbiters.size() < n) {
            arbiters.add(t.account("arbiter" + (arbiters.size() + 1), Role.ARBITER));
        }
        return List.copyOf(arbiters.subList(0, n));
    }

    /** A created order of {@code headphones} HP-1 (line 0, if any) and {@code cases} CASE-1. */
    public Order order(Actor buyer, int headphones, int cases) {
        if (headphones > 0) {
            commerce().carts().add(buyer, "HP-1", headphones);
        }
        if (cases > 0) {
            commerce().carts().add(buyer, "CASE-1", cases);
        }
        return orders().checkout(buyer, new OrderService.CheckoutRequest(BEIJING), null).get(0);
    }

    public Order paid(Actor buyer, int headphones, int cases) {
        return orders().pay(buyer, order(buyer, headphones, cases).id(), new OrderService.PaymentRequest(VISA), null);
    }

    public Order shipped(Actor buyer, int headphones, int cases) {
        Order o = paid(buyer, headphones, cases);
        orders().ship(shop, o.id(), new OrderService.ShipRequest("SF Express", "SF" + o.id()));
        return orders().addShipmentEvent(shop, o.id(), new OrderService.ShipmentEventRequest("picked_up", null,
                null));
    }

    public Order delivered(Actor buyer, int headphones, int cases) {
        Order o = shipped(buyer, headphones, cases);
        return orders().addShipmentEvent(shop, o.id(), new OrderService.ShipmentEventRequest("delivered", null,
                null));
    }

    /** Delivered and confirmed: the escrow is released to the merchant. */
    public Order completed(Actor buyer, int headphones, int cases) {
        return orders().confirm(buyer, delivered(buyer, headphones, cases).id());
    }

    public Order reload(Order o) {
        return orders().get(admin, o.id());
    }

    public CborMap escrow(long orderId) {
        return chain.ledger().query(EscrowContract.ID, EscrowContract.GET,
                EscrowContract.getArgs(LedgerNames.order(orderId)));
    }

    /** The merchant's balance as the escrow contract keeps it. */
    public long merchantBalance() {
        return chain.ledger().query(EscrowContract.ID, EscrowContract.BALANCE, EscrowContract.balanceArgs(
                LedgerNames.merchant(shop.accountId()), "CNY")).integer("balance");
    }

    /** The merchant's statement balance as the database keeps it. */
    public long statementBalance() {
        return t.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(SUM(amount_minor), 0) FROM merchant_entries "
                + "WHERE merchant_id = :m").bind("m", shop.accountId()).mapTo(Long.class).one());
    }

    /** The order's refund rows: cause, source, amount. */
    public List<Map<String, Object>> refunds(long orderId) {
        return t.jdbi().withHandle(h -> h.createQuery("SELECT cause, source, amount_minor FROM refunds "
                + "WHERE order_id = :o ORDER BY id").bind("o", orderId).mapToMap().list());
    }

    @Override
    public void close() {
        try {
            t.close();
        } finally {
            chain.close();
        }
    }
}
