package org.trustmall.commerce.orders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementException;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Page;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.TextInput;
import org.trustmall.commerce.accounts.PersonalDataStore;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.commerce.chain.LedgerNames;
import org.trustmall.commerce.chain.PersonCommitments;
import org.trustmall.commerce.db.Sql;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.payments.PaymentProvider;
import org.trustmall.commerce.promotions.CouponCode;
import org.trustmall.commerce.promotions.CouponRedemptions;
import org.trustmall.commerce.risk.RiskScreening;
import org.trustmall.commerce.risk.RiskValidations;
import org.trustmall.commerce.settlement.SettlementRecords;
import org.trustmall.contracts.escrow.EscrowContract;
import org.trustmall.contracts.shipment.EventKind;
import org.trustmall.contracts.shipment.ShipmentContract;
import org.trustmall.ledger.encoding.CborMap;

/**
 * {@link OrderService} over the commerce database and the ledger.
 *
 * <p>Every step that moves money or records a promise calls the ledger first and then changes the order in one
 * database transaction that also records the ledger transaction's id; if the ledger call fails, the database is left
 * as it was. Steps on one order are serialised in this process (a lock per order), and each state change is a
 * conditional update from the state it was checked in, so a racing change fails rather than overwrites.
 *
 * <p>Checkout reserves stock with one conditional decrement per SKU ({@code stock >= quantity}) inside the checkout
 * transaction, in SKU order so concurrent checkouts never deadlock; any shortfall rolls the whole checkout back.
 * A coupon is redeemed in the same transaction, before the stock (see {@link CouponRedemptions} for why its limits
 * hold), and cancelling gives it back before the stock returns, in the same order. Thread-safe.
 */
public final class SqlOrderService implements OrderService {
    static final String ESCROW_LOCK = "escrow.lock";
    static final String SHIPMENT_CREATE = "shipment.create";
    static final String SHIPMENT_EVENT = "shipment.event";
    static final String ESCROW_MARK_DELIVERED = "escrow.mark-delivered";
    static final String ESCROW_RELEASE = "escrow.release";
    static final String ESCROW_RELEASE_EXPIRED = "escrow.release-expired";
    static final String ESCROW_REFUND = "escrow.refund";
    private static final String IDEMPOTENCY_FIELD = "Idempotency-Key";
    private static final int CHECKOUT_ATTEMPTS = 5;

    private final Jdbi jdbi;
    private final PersonalDataStore personal;
    private final LedgerGateway ledger;
    private final PaymentProvider payments;
    private final PersonCommitments commitments;
    private final RateTable rates;
    private final Duration escrowTimeout;
    private final InstantSource clock;
    private final CouponRedemptions coupons;
    private final OrderLocks locks;
    private final RiskScreening risk;
    private final SecureRandom random = new SecureRandom();

    public SqlOrderService(Jdbi jdbi, PersonalDataStore personal, LedgerGateway ledger, PaymentProvider payments,
                           PersonCommitments commitments, RateTable rates, Duration escrowTimeout,
                           InstantSource clock, CouponRedemptions coupons) {
        this(jdbi, personal, ledger, payments, commitments, rates, escrowTimeout, clock, coupons, new OrderLocks());
    }

    /** As above, serialising steps on an order with {@code locks}, shared with every service that changes orders. */
    public SqlOrderService(Jdbi jdbi, PersonalDataStore personal, LedgerGateway ledger, PaymentProvider payments,
                           PersonCommitments commitments, RateTable rates, Duration escrowTimeout,
                           InstantSource clock, CouponRedemptions coupons, OrderLocks locks) {
        this(jdbi, personal, ledger, payments, commitments, rates, escrowTimeout, clock, coupons, locks, null);
    }

    /**
     * As above, screening every payment with {@code riskOrNull} (see {@link RiskScreening}): the order is scored, the
     * decision recorded on the ledger, and a held order's escrow is not released until an admin reviews it. Null
     * screens nothing.
     */
    public SqlOrderService(Jdbi jdbi, PersonalDataStore personal, LedgerGateway ledger, PaymentProvider payments,
                           PersonCommitments commitments, RateTable rates, Duration escrowTimeout,
                           InstantSource clock, CouponRedemptions coupons, OrderLocks locks,
                           RiskScreening riskOrNull) {
        this.risk = riskOrNull;
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.personal = Objects.requireNonNull(personal, "personal");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.payments = Objects.requireNonNull(payments, "payments");
        this.commitments = Objects.requireNonNull(commitments, "commitments");
        this.rates = Objects.requireNonNull(rates, "rates");
        this.escrowTimeout = Objects.requireNonNull(escrowTimeout, "escrowTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.coupons = Objects.requireNonNull(coupons, "coupons");
        this.locks = Objects.requireNonNull(locks, "locks");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }



    // ---- checkout ----

    private record CartLine(long itemId, String sku, int quantity, long productId, String title, long merchantId,
                            Money unitPrice, boolean active) {
    }

    @Override
    public List<Order> checkout(Actor buyer, CheckoutRequest request, String idempotencyKey) {
        Objects.requireNonNull(buyer, "buyer");
        if (!buyer.is(Role.BUYER)) {
            throw new CommerceException.Forbidden("only buyers check out");
        }
        checkIdempotencyKey(idempotencyKey);
        if (request == null) {
            throw new CommerceException.InvalidInput("address", "is required");
        }
        Destination destination = Destination.of(request.address());
        String coupon = request.couponCode() == null ? null : CouponCode.normalise("couponCode",
                request.couponCode());
        List<String> hashed = new ArrayList<>(List.of("checkout", destination.country(),
                String.valueOf(destination.region()), destination.personalFields().toString()));
        if (coupon != null) {
            // Only with a coupon, so keys remembered before coupons existed still match their requests.
            hashed.addAll(List.of("coupon", coupon));
        }
        String requestHash = hash(hashed.toArray(String[]::new));
        for (int attempt = 1; ; attempt++) {
            try {
                List<Long> ids = jdbi.inTransaction(h -> checkoutInTransaction(h, buyer, destination, coupon,
                        idempotencyKey, requestHash));
                return load(ids);
            } catch (CommerceException.Conflict c) {
                if (idempotencyKey == null || IDEMPOTENCY_FIELD.equals(c.field())) {
                    throw c;
                }
                // A retry racing the first attempt may find the cart already emptied or the stock already taken by
                // it; if that attempt has committed meanwhile, its result is the answer.
                Optional<List<Long>> earlier = jdbi.withHandle(h -> idempotent(h, buyer, idempotencyKey,
                        requestHash)).map(SqlOrderService::orderIds);
                if (earlier.isPresent()) {
                    return load(earlier.get());
                }
                throw c;
            } catch (StatementException e) {
                if (idempotencyKey != null && Sql.isUniqueViolation(e)) {
                    // A concurrent request with the same key committed first: answer as it did.
                    Optional<List<Long>> earlier = jdbi.withHandle(h -> idempotent(h, buyer, idempotencyKey,
                            requestHash)).map(SqlOrderService::orderIds);
                    if (earlier.isPresent()) {
                        return load(earlier.get());
                    }
                    throw new CommerceException.Conflict(IDEMPOTENCY_FIELD,
                            "a request with this key is in progress; retry it");
                }
                if (Sql.isRetryable(e) && attempt < CHECKOUT_ATTEMPTS) {
                    continue;
                }
                throw e;
            }
        }
    }

    private List<Long> checkoutInTransaction(Handle h, Actor buyer, Destination destination, String coupon,
                                             String key, String requestHash) {
        if (key != null) {
            Optional<String> earlier = idempotent(h, buyer, key, requestHash);
            if (earlier.isPresent()) {
                return orderIds(earlier.get());
            }
        }
        List<CartLine> lines = h.createQuery("SELECT c.id AS item_id, c.sku, c.quantity, v.product_id, "
                        + "v.price_minor, v.currency, p.title, p.merchant_id, p.status FROM cart_items c "
                        + "JOIN variants v ON v.sku = c.sku JOIN products p ON p.id = v.product_id "
                        + "WHERE c.buyer_id = :b ORDER BY c.id")
                .bind("b", buyer.accountId())
                .map((rs, ctx) -> new CartLine(rs.getLong("item_id"), rs.getString("sku"), rs.getInt("quantity"),
                        rs.getLong("product_id"), rs.getString("title"), rs.getLong("merchant_id"),
                        Money.of(rs.getLong("price_minor"), rs.getString("currency").strip()),
                        "active".equals(rs.getString("status"))))
                .list();
        if (lines.isEmpty()) {
            throw new CommerceException.Conflict("cart", "the cart is empty");
        }
        for (CartLine l : lines) {
            if (!l.active()) {
                throw new CommerceException.Conflict("sku", "SKU " + l.sku() + " is no longer sold; remove it "
                        + "from the cart");
            }
        }
        // One order per merchant and currency, in the order the cart lists them.
        Map<String, List<CartLine>> groups = new LinkedHashMap<>();
        for (CartLine l : lines) {
            groups.computeIfAbsent(l.merchantId() + "|" + l.unitPrice().currency(), k -> new ArrayList<>()).add(l);
        }
        List<List<CartLine>> orderLines = new ArrayList<>(groups.values());
        List<RateTable.Rate> orderRates = new ArrayList<>();
        for (List<CartLine> group : orderLines) {
            String currency = group.get(0).unitPrice().currency();
            orderRates.add(rates.find(destination.country(), destination.region(), currency)
                    .orElseThrow(() -> new CommerceException.Conflict("address.country", "no shipping to "
                            + destination.country() + " for goods priced in " + currency)));
        }
        Instant now = now();
        CouponRedemptions.Redemption redemption = coupon == null ? null : coupons.redeem(h, coupon,
                buyer.accountId(), orderLines.stream().map(g -> new CouponRedemptions.Basket(g.get(0).merchantId(),
                        lineTotals(g).stream().reduce(Money::plus).orElseThrow())).toList(), now);
        reserveStock(h, lines);
        List<Long> ids = new ArrayList<>();
        for (int n = 0; n < orderLines.size(); n++) {
            List<CartLine> group = orderLines.get(n);
            RateTable.Rate rate = orderRates.get(n);
            boolean discounted = redemption != null && redemption.basket() == n;
            Totals totals = Totals.of(lineTotals(group), group.stream().mapToLong(CartLine::quantity).sum(), rate,
                    discounted ? redemption.discount() : Money.zero(rate.currency()));
            long orderId = h.createUpdate("INSERT INTO orders (buyer_id, merchant_id, state, currency, subtotal_minor, "
                            + "shipping_minor, tax_minor, total_minor, country, region, created_at, updated_at, "
                            + "discount_minor, coupon_code) VALUES (:b, :m, 'created', :c, :sub, :ship, :tax, :total, "
                            + ":country, :region, :now, :now, :discount, :coupon)")
                    .bind("b", buyer.accountId()).bind("m", group.get(0).merchantId())
                    .bind("c", totals.total().currency()).bind("sub", totals.subtotal().minor())
                    .bind("ship", totals.shipping().minor()).bind("tax", totals.tax().minor())
                    .bind("total", totals.total().minor()).bind("country", destination.country())
                    .bind("region", destination.region()).bind("now", Sql.at(now))
                    .bind("discount", totals.discount().minor()).bind("coupon", discounted ? coupon : null)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            for (int i = 0; i < group.size(); i++) {
                CartLine l = group.get(i);
                h.createUpdate("INSERT INTO order_lines (order_id, line_no, product_id, sku, title, unit_price_minor, "
                                + "quantity, line_total_minor) VALUES (:o, :n, :p, :sku, :t, :u, :q, :lt)")
                        .bind("o", orderId).bind("n", i).bind("p", l.productId()).bind("sku", l.sku())
                        .bind("t", l.title()).bind("u", l.unitPrice().minor()).bind("q", l.quantity())
                        .bind("lt", l.unitPrice().times(l.quantity()).minor()).execute();
            }
            if (discounted) {
                coupons.record(h, redemption, buyer.accountId(), orderId, now);
            }
            // Joins this transaction: the address is kept exactly when the order is.
            personal.put(buyer.accountId(), "order:" + orderId, destination.personalFields());
            if (risk != null) {
                risk.rememberAddress(h, orderId, destination.personalFields());
            }
            ids.add(orderId);
        }
        h.createUpdate("DELETE FROM cart_items WHERE id IN (<ids>)")
                .bindList("ids", lines.stream().map(CartLine::itemId).toList()).execute();
        if (key != null) {
            remember(h, buyer, key, requestHash, "orders:" + String.join(",", ids.stream().map(String::valueOf)
                    .toList()), now);
        }
        return ids;
    }

    private static List<Money> lineTotals(List<CartLine> group) {
        return group.stream().map(l -> l.unitPrice().times(l.quantity())).toList();
    }

    /** Takes the lines' quantities from stock, never below zero; a shortfall throws and rolls everything back. */
    private static void reserveStock(Handle h, List<CartLine> lines) {
        List<CartLine> bySku = lines.stream().sorted(Comparator.comparing(CartLine::sku)).toList();
        for (CartLine l : bySku) {
            int updated = h.createUpdate("UPDATE variants SET stock = stock - :q WHERE sku = :sku AND stock >= :q")
                    .bind("q", l.quantity()).bind("sku", l.sku()).execute();
            if (updated != 1) {
                int left = h.createQuery("SELECT stock FROM variants WHERE sku = :sku").bind("sku", l.sku())
                        .mapTo(Integer.class).findOne().orElse(0);
                throw new CommerceException.Conflict("sku", left == 0 ? "SKU " + l.sku() + " is sold out"
                        : "only " + left + " of SKU " + l.sku() + " left, " + l.quantity() + " wanted");
            }
        }
    }

    private static void restoreStock(Handle h, long orderId) {
        List<Map.Entry<String, Integer>> lines = h.createQuery("SELECT sku, quantity FROM order_lines "
                        + "WHERE order_id = :o ORDER BY sku")
                .bind("o", orderId).map((rs, ctx) -> Map.entry(rs.getString("sku"), rs.getInt("quantity"))).list();
        for (Map.Entry<String, Integer> l : lines) {
            h.createUpdate("UPDATE variants SET stock = stock + :q WHERE sku = :sku")
                    .bind("q", l.getValue()).bind("sku", l.getKey()).execute();
        }
    }

    // ---- idempotency ----

    private static void checkIdempotencyKey(String key) {
        if (key != null && (key.isEmpty() || key.length() > 200 || !key.chars().allMatch(c -> c > 32 && c < 127))) {
            throw new CommerceException.InvalidInput(IDEMPOTENCY_FIELD, "must be 1-200 visible ASCII characters");
        }
    }

    /** The outcome remembered for this key, if the same request was made; a Conflict if another was. */
    private static Optional<String> idempotent(Handle h, Actor actor, String key, String requestHash) {
        Optional<Map.Entry<String, String>> row = h.createQuery("SELECT request_hash, outcome FROM idempotency_keys "
                        + "WHERE account_id = :a AND idem_key = :k")
                .bind("a", actor.accountId()).bind("k", key)
                .map((rs, ctx) -> Map.entry(rs.getString("request_hash"), rs.getString("outcome"))).findOne();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (!row.get().getKey().equals(requestHash)) {
            throw new CommerceException.Conflict(IDEMPOTENCY_FIELD, "this key was already used for a different "
                    + "request");
        }
        return Optional.of(row.get().getValue());
    }

    private static void remember(Handle h, Actor actor, String key, String requestHash, String outcome, Instant now) {
        h.createUpdate("INSERT INTO idempotency_keys (account_id, idem_key, request_hash, outcome, created_at) "
                        + "VALUES (:a, :k, :h, :o, :now)")
                .bind("a", actor.accountId()).bind("k", key).bind("h", requestHash).bind("o", outcome)
                .bind("now", Sql.at(now)).execute();
    }

    private static List<Long> orderIds(String outcome) {
        String list = outcome.substring(outcome.indexOf(':') + 1);
        return list.isEmpty() ? List.of() : Arrays.stream(list.split(",")).map(Long::valueOf).toList();
    }

    private static String hash(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                byte[] b = p.getBytes(StandardCharsets.UTF_8);
                md.update((b.length + ":").getBytes(StandardCharsets.US_ASCII));
                md.update(b);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    // ---- reading ----

    private record OrderRow(long id, long buyerId, long merchantId, OrderState state, Money total,
                            String paymentId) {
    }

    @Override
    public Page<Order> list(Actor actor, OrderState state, int page, int size) {
        Objects.requireNonNull(actor, "actor");
        Page.check(page, size);
        String own = switch (actor.role()) {
            case BUYER -> "buyer_id = :me";
            case MERCHANT -> "merchant_id = :me";
            case ADMIN, ARBITER -> "";
            // Agents see no orders: only what a customer tells them in a handed-off conversation.
            case AGENT -> "1 = 0 AND buyer_id = :me";
        };
        boolean mine = !own.isEmpty();
        String where = own.isEmpty() && state == null ? ""
                : "WHERE " + own + (state == null ? "" : (mine ? " AND " : "") + "state = :state");
        long total = jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT COUNT(*) FROM orders " + where);
            return bindScope(q, actor, state, mine).mapTo(Long.class).one();
        });
        List<Long> ids = jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT id FROM orders " + where
                    + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                    .bind("limit", size).bind("offset", (long) page * size);
            return bindScope(q, actor, state, mine).mapTo(Long.class).list();
        });
        return new Page<>(load(ids), page, size, total);
    }

    private static Query bindScope(Query q, Actor actor, OrderState state, boolean mine) {
        if (mine) {
            q.bind("me", actor.accountId());
        }
        if (state != null) {
            q.bind("state", state.wire());
        }
        return q;
    }

    @Override
    public Order get(Actor actor, long orderId) {
        Objects.requireNonNull(actor, "actor");
        jdbi.withHandle(h -> visibleRow(h, actor, orderId));
        return load(List.of(orderId)).get(0);
    }

    /** The order if the actor may see it; {@code NotFound} otherwise, so others' orders do not seem to exist. */
    private static OrderRow visibleRow(Handle h, Actor actor, long orderId) {
        OrderRow row = h.createQuery("SELECT id, buyer_id, merchant_id, state, currency, total_minor, payment_id "
                        + "FROM orders WHERE id = :id")
                .bind("id", orderId)
                .map((rs, ctx) -> new OrderRow(rs.getLong("id"), rs.getLong("buyer_id"), rs.getLong("merchant_id"),
                        state(rs.getString("state")), Money.of(rs.getLong("total_minor"),
                        rs.getString("currency").strip()), rs.getString("payment_id")))
                .findOne().orElse(null);
        boolean visible = row != null && switch (actor.role()) {
            case BUYER -> row.buyerId() == actor.accountId();
            case MERCHANT -> row.merchantId() == actor.accountId();
            case ADMIN, ARBITER -> true;
            case AGENT -> false;
        };
        if (!visible) {
            throw new CommerceException.NotFound("order", String.valueOf(orderId));
        }
        return row;
    }

    private static boolean isBuyer(Actor a, OrderRow row) {
        return a.is(Role.BUYER) && a.accountId() == row.buyerId();
    }

    private static boolean isMerchant(Actor a, OrderRow row) {
        return a.is(Role.MERCHANT) && a.accountId() == row.merchantId();
    }

    private List<Order> load(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> {
            Map<Long, List<Line>> lines = new LinkedHashMap<>();
            h.createQuery("SELECT o.id, o.currency, l.product_id, l.sku, l.title, l.unit_price_minor, l.quantity, "
                            + "l.line_total_minor FROM order_lines l JOIN orders o ON o.id = l.order_id "
                            + "WHERE l.order_id IN (<ids>) ORDER BY l.order_id, l.line_no")
                    .bindList("ids", ids)
                    .map((rs, ctx) -> {
                        String c = rs.getString("currency").strip();
                        return Map.entry(rs.getLong("id"), new Line(rs.getLong("product_id"), rs.getString("sku"),
                                rs.getString("title"), Money.of(rs.getLong("unit_price_minor"), c),
                                rs.getInt("quantity"), Money.of(rs.getLong("line_total_minor"), c)));
                    })
                    .forEach(e -> lines.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            Map<Long, List<LedgerRef>> refs = new LinkedHashMap<>();
            h.createQuery("SELECT order_id, kind, transaction_id, height FROM order_ledger_refs "
                            + "WHERE order_id IN (<ids>) ORDER BY order_id, ref_no")
                    .bindList("ids", ids)
                    .map((rs, ctx) -> Map.entry(rs.getLong("order_id"), new LedgerRef(rs.getString("kind"),
                            rs.getString("transaction_id").strip(), rs.getLong("height"))))
                    .forEach(e -> refs.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            Map<Long, List<ShipmentEvent>> events = new LinkedHashMap<>();
            h.createQuery("SELECT order_id, kind, location, occurred_at FROM shipment_events "
                            + "WHERE order_id IN (<ids>) ORDER BY order_id, event_no")
                    .bindList("ids", ids)
                    .map((rs, ctx) -> Map.entry(rs.getLong("order_id"), new ShipmentEvent(rs.getString("kind"),
                            rs.getString("location"), Sql.instant(rs, "occurred_at"))))
                    .forEach(e -> events.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            Map<Long, Order> byId = new LinkedHashMap<>();
            h.createQuery("SELECT * FROM orders WHERE id IN (<ids>)")
                    .bindList("ids", ids)
                    .map((rs, ctx) -> order(rs, lines, refs, events))
                    .forEach(o -> byId.put(o.id(), o));
            return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
        });
    }

    private static Order order(ResultSet rs, Map<Long, List<Line>> lines, Map<Long, List<LedgerRef>> refs,
                               Map<Long, List<ShipmentEvent>> events) throws SQLException {
        long id = rs.getLong("id");
        String c = rs.getString("currency").strip();
        String carrier = rs.getString("carrier");
        Shipment shipment = carrier == null ? null : new Shipment(carrier, rs.getString("tracking_number"),
                events.getOrDefault(id, List.of()));
        return new Order(id, rs.getLong("buyer_id"), rs.getLong("merchant_id"), state(rs.getString("state")),
                lines.getOrDefault(id, List.of()), Money.of(rs.getLong("subtotal_minor"), c),
                Money.of(rs.getLong("shipping_minor"), c), Money.of(rs.getLong("tax_minor"), c),
                Money.of(rs.getLong("total_minor"), c), Money.of(rs.getLong("refunded_minor"), c),
                rs.getString("country").strip(), rs.getString("region"),
                shipment, refs.getOrDefault(id, List.of()), Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"), Money.of(rs.getLong("discount_minor"), c), rs.getString("coupon_code"));
    }

    private static OrderState state(String wire) {
        return OrderState.fromWire(wire);
    }

    // ---- the order's life ----

    @Override
    public Order pay(Actor buyer, long orderId, PaymentRequest request, String idempotencyKey) {
        Objects.requireNonNull(buyer, "buyer");
        checkIdempotencyKey(idempotencyKey);
        String card = request == null || request.cardNumber() == null ? "" : request.cardNumber().strip();
        if (card.isEmpty() || card.length() > 32 || !card.matches("[0-9 -]+")) {
            throw new CommerceException.InvalidInput("cardNumber", "must be a card number (digits, spaces, dashes)");
        }
        // The card number itself is never stored, nor an unkeyed hash of it: the request is its order and last four
        // digits. (Risk screening keeps only a keyed HMAC of it, to see a card shared across accounts.)
        String digits = card.replaceAll("[ -]", "");
        String requestHash = hash("pay", String.valueOf(orderId), digits.substring(Math.max(0, digits.length() - 4)));
        return locked(orderId, () -> {
            OrderRow row = jdbi.withHandle(h -> visibleRow(h, buyer, orderId));
            if (!isBuyer(buyer, row)) {
                throw new CommerceException.Forbidden("only the buyer pays for order " + orderId);
            }
            if (idempotencyKey != null && jdbi.withHandle(h -> idempotent(h, buyer, idempotencyKey, requestHash))
                    .isPresent()) {
                return get(buyer, orderId);
            }
            OrderRules.require(orderId, row.state(), OrderState.PAID, "payment", "a created order");
            String providerKey = "order:" + orderId + ":" + (idempotencyKey != null ? idempotencyKey
                    : HexFormat.of().toHexDigits(random.nextLong()));
            // Scored before the charge, from what was known before this attempt (as the model was trained).
            RiskScreening.Assessment assessment = risk == null ? null : risk.assess(orderId, digits,
                    new RiskScreening.Client(request.clientIp(), request.device()), now());
            PaymentProvider.Result result = payments.charge(card, row.total(), providerKey);
            if (result instanceof PaymentProvider.Declined d) {
                if (assessment != null) {
                    risk.declined(assessment);
                }
                throw new CommerceException.PaymentDeclined(d.code(), d.reason());
            }
            String paymentId = ((PaymentProvider.Approved) result).paymentId();
            LedgerGateway.Committed lock;
            try {
                lock = ledger.submit(EscrowContract.ID, EscrowContract.LOCK, CborMap.parse(EscrowContract.lockArgs(
                        LedgerNames.order(orderId), commitments.account(row.buyerId()), LedgerNames.merchant(row.merchantId()),
                        row.total().minor(), row.total().currency(), escrowTimeout.toMillis())));
            } catch (CommerceException e) {
                refundUnlessEscrowed(orderId, paymentId, row.total());
                throw e;
            }
            RiskScreening.Decided decided = null;
            if (assessment != null) {
                try {
                    decided = risk.decide(assessment);
                } catch (CommerceException e) {
                    // No order is paid without a decision on record: the money goes back.
                    ledger.submit(EscrowContract.ID, EscrowContract.REFUND,
                            CborMap.parse(EscrowContract.refundArgs(LedgerNames.order(orderId))));
                    payments.refund(paymentId, row.total(), "refund:" + paymentId);
                    throw e;
                }
            }
            RiskScreening.Decided decision = decided;
            Instant now = now();
            jdbi.useTransaction(h -> {
                move(h, orderId, OrderState.CREATED, OrderState.PAID, now, Map.of("payment_id", paymentId));
                addRef(h, orderId, ESCROW_LOCK, lock);
                if (decision != null) {
                    risk.save(h, decision, now);
                    addRef(h, orderId, RiskScreening.LEDGER_KIND, decision.committed());
                }
                if (idempotencyKey != null) {
                    remember(h, buyer, idempotencyKey, requestHash, "order:" + orderId, now);
                }
            });
            return get(buyer, orderId);
        });
    }

    /**
     * After a charge whose escrow lock failed: returns the money, unless the ledger shows the order's escrow locked
     * after all (an earlier attempt locked it and the database missed it), in which case the money is held there.
     */
    private void refundUnlessEscrowed(long orderId, String paymentId, Money amount) {
        try {
            ledger.query(EscrowContract.ID, EscrowContract.GET, EscrowContract.getArgs(LedgerNames.order(orderId)));
            return;
        } catch (CommerceException noEscrow) {
            // No escrow for the order: the charge must be undone.
        }
        payments.refund(paymentId, amount, "refund:" + paymentId);
    }

    @Override
    public Order ship(Actor merchant, long orderId, ShipRequest request) {
        Objects.requireNonNull(merchant, "merchant");
        String carrier = TextInput.line("carrier", request == null ? null : request.carrier(), 64);
        String tracking = TextInput.line("trackingNumber", request == null ? null : request.trackingNumber(), 64);
        return locked(orderId, () -> {
            OrderRow row = jdbi.withHandle(h -> visibleRow(h, merchant, orderId));
            if (!isMerchant(merchant, row)) {
                throw new CommerceException.Forbidden("only the merchant of order " + orderId + " ships it");
            }
            OrderRules.require(orderId, row.state(), OrderState.SHIPPED, "shipping", "a paid order");
            LedgerGateway.Committed created = ledger.submit(ShipmentContract.ID, ShipmentContract.CREATE,
                    CborMap.parse(ShipmentContract.createArgs(LedgerNames.order(orderId), carrier, tracking)));
            Instant now = now();
            jdbi.useTransaction(h -> {
                move(h, orderId, OrderState.PAID, OrderState.SHIPPED, now,
                        Map.of("carrier", carrier, "tracking_number", tracking));
                addRef(h, orderId, SHIPMENT_CREATE, created);
            });
            return get(merchant, orderId);
        });
    }

    @Override
    public Order addShipmentEvent(Actor actor, long orderId, ShipmentEventRequest event) {
        Objects.requireNonNull(actor, "actor");
        String kind = event == null || event.kind() == null ? "" : event.kind().strip();
        if (!OrderRules.EVENT_KINDS.contains(kind)) {
            throw new CommerceException.InvalidInput("kind", "must be one of " + String.join(", ",
                    OrderRules.EVENT_KINDS));
        }
        String location = event.location() == null || event.location().isBlank() ? null
                : TextInput.line("location", event.location(), 200);
        Instant claimed = event.occurredAt() == null ? null : event.occurredAt().truncatedTo(ChronoUnit.MILLIS);
        if (claimed != null && claimed.toEpochMilli() < 0) {
            throw new CommerceException.InvalidInput("occurredAt", "must be after 1970");
        }
        return locked(orderId, () -> {
            OrderRow row = jdbi.withHandle(h -> visibleRow(h, actor, orderId));
            if (!isMerchant(actor, row) && !actor.is(Role.ADMIN)) {
                throw new CommerceException.Forbidden("only the merchant of order " + orderId
                        + " or an admin reports its shipment events");
            }
            List<String> previous = jdbi.withHandle(h -> h.createQuery("SELECT kind FROM shipment_events "
                    + "WHERE order_id = :o ORDER BY event_no").bind("o", orderId).mapTo(String.class).list());
            // A delivery recorded on the shipment whose escrow step failed is resumed, not recorded twice.
            boolean resumeDelivery = row.state() == OrderState.SHIPPED && kind.equals("delivered")
                    && previous.contains("delivered");
            if (!resumeDelivery) {
                OrderRules.requireEventAllowed(orderId, row.state(), previous, kind);
                LedgerGateway.Committed recorded = ledger.submit(ShipmentContract.ID, ShipmentContract.EVENT,
                        CborMap.parse(ShipmentContract.eventArgs(LedgerNames.order(orderId),
                                EventKind.fromWireName(kind).orElseThrow(), location,
                                claimed == null ? null : claimed.toEpochMilli())));
                Instant now = now();
                jdbi.useTransaction(h -> {
                    h.createUpdate("INSERT INTO shipment_events (order_id, event_no, kind, location, occurred_at) "
                                    + "VALUES (:o, :n, :k, :l, :at)")
                            .bind("o", orderId).bind("n", previous.size() + 1).bind("k", kind).bind("l", location)
                            .bind("at", Sql.at(claimed != null ? claimed : now)).execute();
                    touch(h, orderId, OrderState.SHIPPED, now);
                    addRef(h, orderId, SHIPMENT_EVENT, recorded);
                });
            }
            if (kind.equals("delivered")) {
                LedgerGateway.Committed delivered = ledger.submit(EscrowContract.ID, EscrowContract.MARK_DELIVERED,
                        CborMap.parse(EscrowContract.markDeliveredArgs(LedgerNames.order(orderId))));
                Instant now = now();
                jdbi.useTransaction(h -> {
                    move(h, orderId, OrderState.SHIPPED, OrderState.DELIVERED, now, Map.of());
                    addRef(h, orderId, ESCROW_MARK_DELIVERED, delivered);
                });
            }
            return get(actor, orderId);
        });
    }

    @Override
    public Order confirm(Actor buyer, long orderId) {
        Objects.requireNonNull(buyer, "buyer");
        return locked(orderId, () -> {
            OrderRow row = jdbi.withHandle(h -> visibleRow(h, buyer, orderId));
            if (!isBuyer(buyer, row)) {
                throw new CommerceException.Forbidden("only the buyer confirms receipt of order " + orderId);
            }
            OrderRules.require(orderId, row.state(), OrderState.COMPLETED, "confirming receipt",
                    "a delivered order");
            RiskValidations.sync(jdbi, ledger, orderId);
            if (jdbi.withHandle(h -> RiskScreening.holds(h, orderId))) {
                throw new CommerceException.Conflict("state", "order " + orderId + " is held for a risk review; "
                        + "its payment is released once a reviewer has checked it");
            }
            LedgerGateway.Committed released = ledger.submit(EscrowContract.ID, EscrowContract.RELEASE,
                    CborMap.parse(EscrowContract.releaseArgs(LedgerNames.order(orderId))));
            Instant now = now();
            jdbi.useTransaction(h -> {
                move(h, orderId, OrderState.DELIVERED, OrderState.COMPLETED, now, Map.of());
                addRef(h, orderId, ESCROW_RELEASE, released);
                SettlementRecords.release(h, orderId, released, now);
            });
            return get(buyer, orderId);
        });
    }

    @Override
    public Order cancel(Actor actor, long orderId, String reason) {
        Objects.requireNonNull(actor, "actor");
        String why = reason == null || reason.isBlank() ? null : TextInput.line("reason", reason, 500);
        return locked(orderId, () -> {
            OrderRow row = jdbi.withHandle(h -> visibleRow(h, actor, orderId));
            if (!isBuyer(actor, row) && !isMerchant(actor, row)) {
                throw new CommerceException.Forbidden("only the buyer or the merchant of order " + orderId
                        + " cancels it");
            }
            Instant now = now();
            switch (row.state()) {
                case CREATED -> jdbi.useTransaction(h -> {
                    move(h, orderId, OrderState.CREATED, OrderState.CANCELLED, now, why == null ? Map.of()
                            : Map.of("cancel_reason", why));
                    coupons.release(h, orderId);
                    restoreStock(h, orderId);
                });
                case PAID -> {
                    PaymentProvider.Result refund = payments.refund(row.paymentId(), row.total(),
                            "refund:order:" + orderId);
                    if (refund instanceof PaymentProvider.Declined d) {
                        throw new CommerceException.PaymentDeclined(d.code(), "the refund was refused: "
                                + d.reason());
                    }
                    String refundId = ((PaymentProvider.Approved) refund).paymentId();
                    LedgerGateway.Committed refunded = ledger.submit(EscrowContract.ID, EscrowContract.REFUND,
                            CborMap.parse(EscrowContract.refundArgs(LedgerNames.order(orderId))));
                    Map<String, String> columns = new LinkedHashMap<>();
                    columns.put("refund_id", refundId);
                    if (why != null) {
                        columns.put("cancel_reason", why);
                    }
                    jdbi.useTransaction(h -> {
                        move(h, orderId, OrderState.PAID, OrderState.REFUNDED, now, columns);
                        coupons.release(h, orderId);
                        restoreStock(h, orderId);
                        addRef(h, orderId, ESCROW_REFUND, refunded);
                        SettlementRecords.refund(h, orderId, row.total().minor(), SettlementRecords.CANCEL, false,
                                refundId, refunded, now);
                    });
                }
                default -> throw new CommerceException.Conflict("state", "order " + orderId + " is "
                        + row.state().wire() + "; cancelling needs a created or paid order");
            }
            return get(actor, orderId);
        });
    }

    @Override
    public Map<String, String> shippingAddress(Actor actor, long orderId) {
        Objects.requireNonNull(actor, "actor");
        OrderRow row = jdbi.withHandle(h -> visibleRow(h, actor, orderId));
        PersonalDataStore.Access access;
        if (isBuyer(actor, row)) {
            access = PersonalDataStore.Access.self("order");
        } else if (isMerchant(actor, row)) {
            access = new PersonalDataStore.Access("merchant:" + actor.accountId(), "fulfilment");
        } else if (actor.is(Role.ADMIN)) {
            access = new PersonalDataStore.Access("admin:" + actor.accountId(), "support");
        } else {
            throw new CommerceException.Forbidden("only the buyer, the merchant of order " + orderId
                    + " and admins see its shipping address");
        }
        return personal.get(row.buyerId(), "order:" + orderId, access);
    }

    @Override
    public int releaseExpiredEscrows() {
        // Orders held by a risk decision wait for their review (the escrow contract would refuse them anyway),
        // including those the validators' votes have flagged since the last look.
        RiskValidations.syncOpen(jdbi, ledger);
        List<Long> delivered = jdbi.withHandle(h -> h.createQuery("SELECT id FROM orders WHERE state = 'delivered' "
                + "AND id NOT IN (SELECT order_id FROM risk_decisions WHERE holds) ORDER BY id").mapTo(Long.class)
                .list());
        if (delivered.isEmpty()) {
            return 0;
        }
        // Ledger time is the authority (the contract checks it); the local clock only stands in for the next
        // block's time on a ledger that has been quiet since the deadline passed.
        long now = Math.max(ledger.blockTime(), clock.millis());
        int released = 0;
        for (long orderId : delivered) {
            boolean done = locked(orderId, () -> releaseIfExpired(orderId, now));
            if (done) {
                released++;
            }
        }
        return released;
    }

    private boolean releaseIfExpired(long orderId, long now) {
        String state = jdbi.withHandle(h -> h.createQuery("SELECT state FROM orders WHERE id = :id")
                .bind("id", orderId).mapTo(String.class).one());
        if (!"delivered".equals(state)) {
            return false;
        }
        CborMap escrow;
        try {
            escrow = ledger.query(EscrowContract.ID, EscrowContract.GET,
                    EscrowContract.getArgs(LedgerNames.order(orderId)));
        } catch (CommerceException e) {
            return false;
        }
        if (!"LOCKED".equals(escrow.text("state")) || escrow.integer("release_after") > now) {
            return false;
        }
        LedgerGateway.Committed released;
        try {
            released = ledger.submit(EscrowContract.ID, EscrowContract.RELEASE_EXPIRED,
                    CborMap.parse(EscrowContract.releaseExpiredArgs(LedgerNames.order(orderId))));
        } catch (CommerceException notYet) {
            return false; // the ledger's time has not reached the deadline yet; a later run releases it
        }
        Instant at = now();
        jdbi.useTransaction(h -> {
            move(h, orderId, OrderState.DELIVERED, OrderState.COMPLETED, at, Map.of());
            addRef(h, orderId, ESCROW_RELEASE_EXPIRED, released);
            SettlementRecords.release(h, orderId, released, at);
        });
        return true;
    }

    // ---- shared steps ----

    /** The conditional state change: from {@code from} only; extra columns are set alongside. */
    private static void move(Handle h, long orderId, OrderState from, OrderState to, Instant now,
                             Map<String, String> columns) {
        OrderRecords.move(h, orderId, from, to, now, columns);
    }

    private static void touch(Handle h, long orderId, OrderState expected, Instant now) {
        if (h.createUpdate("UPDATE orders SET updated_at = :now WHERE id = :id AND state = :s")
                .bind("now", Sql.at(now)).bind("id", orderId).bind("s", expected.wire()).execute() != 1) {
            throw new CommerceException.Conflict("state", "order " + orderId + " is no longer "
                    + expected.wire() + "; reload it");
        }
    }

    private static void addRef(Handle h, long orderId, String kind, LedgerGateway.Committed c) {
        OrderRecords.addRef(h, orderId, kind, c);
    }

    private <T> T locked(long orderId, Supplier<T> step) {
        return locks.locked(orderId, step);
    }

}
