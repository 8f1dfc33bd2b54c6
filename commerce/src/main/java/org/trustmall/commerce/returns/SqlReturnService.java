package org.trustmall.commerce.returns;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.TextInput;
import org.trustmall.commerce.accounts.PersonalDataStore;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.commerce.chain.LedgerNames;
import org.trustmall.commerce.db.Sql;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.orders.OrderLocks;
import org.trustmall.commerce.orders.OrderRecords;
import org.trustmall.commerce.orders.OrderService;
import org.trustmall.commerce.orders.OrderState;
import org.trustmall.commerce.payments.PaymentProvider;
import org.trustmall.commerce.personal.PersonalSealer;
import org.trustmall.commerce.settlement.SettlementRecords;
import org.trustmall.contracts.escrow.EscrowContract;
import org.trustmall.contracts.shipment.EventKind;
import org.trustmall.contracts.shipment.ShipmentContract;
import org.trustmall.ledger.encoding.CborMap;

/**
 * {@link ReturnService} over the commerce database and the ledger, in the orders' house style: checks first, the
 * ledger call, then one database transaction that changes state conditionally and records the ledger transaction.
 * Steps on a return hold its order's lock (shared with the order and dispute services).
 *
 * <p>A refund goes to the payment provider first (idempotency key {@code return:<id>}, so a retry never pays twice),
 * then {@code escrow.refund}, then the database through {@link SettlementRecords}. Before refunding, the escrow's
 * refunded total must equal the database's: if an earlier attempt reached the ledger but not the database, the
 * return is refused as a {@code Conflict} for reconciliation rather than refunded twice. Thread-safe.
 */
public final class SqlReturnService implements ReturnService {
    static final String SHIPMENT_CREATE = "return.shipment.create";
    static final String SHIPMENT_EVENT = "return.shipment.event";
    static final String ESCROW_REFUND = "escrow.refund";
    private static final List<String> EVENT_KINDS = List.of("picked_up", "in_transit", "delivered");
    private static final int MAX_LINES = 50;

    private final Jdbi jdbi;
    private final LedgerGateway ledger;
    private final PaymentProvider payments;
    private final OrderLocks locks;
    private final Duration returnWindow;
    private final InstantSource clock;
    /** The buyer's reason is a private message: sealed with the buyer's key. */
    private final PersonalSealer sealer;
    static final String REASON = "return/reason";

    public SqlReturnService(Jdbi jdbi, LedgerGateway ledger, PaymentProvider payments, OrderLocks locks,
                            Duration returnWindow, InstantSource clock, PersonalSealer sealer) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.payments = Objects.requireNonNull(payments, "payments");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.returnWindow = Objects.requireNonNull(returnWindow, "returnWindow");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The ledger's order id of return {@code returnId}'s shipment back to the merchant. */
    public static String ledgerReturnId(long returnId) {
        return "return:" + returnId;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // ---- rows ----

    private record OrderRow(long id, long buyerId, long merchantId, OrderState state, String currency, long subtotal,
                            long discount, long tax, long total, long refunded, String paymentId) {
        Money money(long minor) {
            return Money.of(minor, currency);
        }
    }

    private record ReturnRow(long id, long orderId, ReturnState state) {
    }

    private static OrderRow orderRow(Handle h, long orderId) {
        return h.createQuery("SELECT id, buyer_id, merchant_id, state, currency, subtotal_minor, discount_minor, "
                        + "tax_minor, total_minor, refunded_minor, payment_id FROM orders WHERE id = :id")
                .bind("id", orderId)
                .map((rs, ctx) -> new OrderRow(rs.getLong("id"), rs.getLong("buyer_id"), rs.getLong("merchant_id"),
                        OrderState.fromWire(rs.getString("state")), rs.getString("currency").strip(),
                        rs.getLong("subtotal_minor"), rs.getLong("discount_minor"), rs.getLong("tax_minor"),
                        rs.getLong("total_minor"),
                        rs.getLong("refunded_minor"), rs.getString("payment_id")))
                .findOne().orElse(null);
    }

    /** The order if the actor may see it; {@code NotFound} otherwise. */
    private static OrderRow visibleOrder(Handle h, Actor actor, long orderId, String kind, long id) {
        OrderRow row = orderRow(h, orderId);
        if (row == null || !sees(actor, row)) {
            throw new CommerceException.NotFound(kind, String.valueOf(id));
        }
        return row;
    }

    private static boolean sees(Actor actor, OrderRow row) {
        return switch (actor.role()) {
            case BUYER -> row.buyerId() == actor.accountId();
            case MERCHANT -> row.merchantId() == actor.accountId();
            case ADMIN, ARBITER -> true;
            case AGENT -> false;
        };
    }

    private static boolean isBuyer(Actor a, OrderRow row) {
        return a.is(Role.BUYER) && a.accountId() == row.buyerId();
    }

    private static boolean isMerchant(Actor a, OrderRow row) {
        return a.is(Role.MERCHANT) && a.accountId() == row.merchantId();
    }

    private static ReturnRow returnRow(Handle h, long returnId) {
        return h.createQuery("SELECT id, order_id, state FROM returns WHERE id = :id").bind("id", returnId)
                .map((rs, ctx) -> new ReturnRow(rs.getLong("id"), rs.getLong("order_id"),
                        state(rs.getString("state"))))
                .findOne().orElseThrow(() -> new CommerceException.NotFound("return", String.valueOf(returnId)));
    }

    private static ReturnState state(String wire) {
        return ReturnState.valueOf(wire.strip().toUpperCase(Locale.ROOT));
    }

    /** Runs {@code step} on return {@code returnId} under its order's lock, with the return as it is now. */
    private <T> T onReturn(Actor actor, long returnId, StepOnReturn<T> step) {
        Objects.requireNonNull(actor, "actor");
        long orderId = jdbi.withHandle(h -> returnRow(h, returnId)).orderId();
        return locks.locked(orderId, () -> {
            ReturnRow r = jdbi.withHandle(h -> returnRow(h, returnId));
            OrderRow o = jdbi.withHandle(h -> visibleOrder(h, actor, orderId, "return", returnId));
            return step.apply(r, o);
        });
    }

    @FunctionalInterface
    private interface StepOnReturn<T> {
        T apply(ReturnRow r, OrderRow o);
    }

    // ---- requesting ----

    @Override
    public Return request(Actor buyer, long orderId, ReturnRequest request) {
        Objects.requireNonNull(buyer, "buyer");
        if (request == null) {
            throw new CommerceException.InvalidInput("lines", "is required");
        }
        String reason = TextInput.paragraph("reason", request.reason(), 1000);
        List<LineRequest> lines = request.lines();
        if (lines == null || lines.isEmpty() || lines.size() > MAX_LINES) {
            throw new CommerceException.InvalidInput("lines", "must name 1-" + MAX_LINES + " order lines");
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            LineRequest l = lines.get(i);
            if (l == null) {
                throw new CommerceException.InvalidInput("lines[" + i + "]", "is required");
            }
            if (l.lineNo() < 0 || !seen.add(l.lineNo())) {
                throw new CommerceException.InvalidInput("lines[" + i + "].lineNo", l.lineNo() < 0
                        ? "must be 0 or more" : "names line " + l.lineNo() + " twice");
            }
            if (l.quantity() < 1) {
                throw new CommerceException.InvalidInput("lines[" + i + "].quantity", "must be 1 or more");
            }
        }
        return locks.locked(orderId, () -> {
            OrderRow o = jdbi.withHandle(h -> visibleOrder(h, buyer, orderId, "order", orderId));
            if (!isBuyer(buyer, o)) {
                throw new CommerceException.Forbidden("only the buyer of order " + orderId + " returns its goods");
            }
            if (o.state() != OrderState.DELIVERED && o.state() != OrderState.COMPLETED) {
                throw new CommerceException.Conflict("state", "order " + orderId + " is " + o.state().wire()
                        + "; a return needs a delivered or completed order");
            }
            requireWithinWindow(orderId);
            Instant now = now();
            long id = jdbi.inTransaction(h -> {
                Map<Integer, Integer> bought = bought(h, orderId);
                Map<Integer, Integer> taken = unitsInReturns(h, orderId, false);
                for (int i = 0; i < lines.size(); i++) {
                    LineRequest l = lines.get(i);
                    Integer q = bought.get(l.lineNo());
                    if (q == null) {
                        throw new CommerceException.InvalidInput("lines[" + i + "].lineNo", "order " + orderId
                                + " has lines 0-" + (bought.size() - 1));
                    }
                    if (l.quantity() > q) {
                        throw new CommerceException.InvalidInput("lines[" + i + "].quantity", "line " + l.lineNo()
                                + " of order " + orderId + " has " + q + " units");
                    }
                    int left = q - taken.getOrDefault(l.lineNo(), 0);
                    if (l.quantity() > left) {
                        throw new CommerceException.Conflict("lines[" + i + "].quantity", left == 0
                                ? "every unit of line " + l.lineNo() + " is already being returned or was returned"
                                : "only " + left + " units of line " + l.lineNo() + " may still be returned");
                    }
                }
                long rid = h.createUpdate("INSERT INTO returns (order_id, state, reason, requested_at, updated_at) "
                                + "VALUES (:o, 'requested', :r, :now, :now)")
                        .bind("o", orderId).bind("r", sealer.seal(buyer.accountId(), REASON, reason))
                        .bind("now", Sql.at(now))
                        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
                for (LineRequest l : lines) {
                    h.createUpdate("INSERT INTO return_lines (return_id, line_no, quantity) VALUES (:r, :n, :q)")
                            .bind("r", rid).bind("n", l.lineNo()).bind("q", l.quantity()).execute();
                }
                return rid;
            });
            return get(buyer, id);
        });
    }

    /** The return window is counted from delivery as the escrow recorded it, in ledger time. */
    private void requireWithinWindow(long orderId) {
        CborMap escrow = ledger.query(EscrowContract.ID, EscrowContract.GET,
                EscrowContract.getArgs(LedgerNames.order(orderId)));
        if (!escrow.has("delivered_at")) {
            throw new CommerceException.Conflict("state", "order " + orderId + " was never delivered; there is "
                    + "nothing to return");
        }
        Instant closes = Instant.ofEpochMilli(escrow.integer("delivered_at")).plus(returnWindow);
        if (now().isAfter(closes)) {
            throw new CommerceException.Conflict("state", "the return window of order " + orderId + " closed at "
                    + closes + " (" + returnWindow.toDays() + " days after delivery)");
        }
    }

    /** Units bought per line number. */
    private static Map<Integer, Integer> bought(Handle h, long orderId) {
        Map<Integer, Integer> out = new LinkedHashMap<>();
        h.createQuery("SELECT line_no, quantity FROM order_lines WHERE order_id = :o ORDER BY line_no")
                .bind("o", orderId).map((rs, ctx) -> Map.entry(rs.getInt("line_no"), rs.getInt("quantity")))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * Units per line in the order's returns: those not refused (being returned or returned) or, with
     * {@code returnedOnly}, those already returned and refunded.
     */
    private static Map<Integer, Integer> unitsInReturns(Handle h, long orderId, boolean returnedOnly) {
        Map<Integer, Integer> out = new LinkedHashMap<>();
        h.createQuery("SELECT l.line_no, SUM(l.quantity) AS q FROM return_lines l JOIN returns r ON r.id = l.return_id "
                        + "WHERE r.order_id = :o AND " + (returnedOnly ? "r.state = 'returned'"
                        : "r.state <> 'refused'") + " GROUP BY l.line_no")
                .bind("o", orderId).map((rs, ctx) -> Map.entry(rs.getInt("line_no"), rs.getInt("q")))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    // ---- the merchant's decision and the way back ----

    @Override
    public Return decide(Actor merchant, long returnId, Decision decision) {
        if (decision == null) {
            throw new CommerceException.InvalidInput("approve", "is required");
        }
        String why = decision.reason() == null || decision.reason().isBlank() ? null
                : TextInput.paragraph("reason", decision.reason(), 1000);
        if (!decision.approve() && why == null) {
            throw new CommerceException.InvalidInput("reason", "a refusal needs a reason the buyer can dispute");
        }
        return onReturn(merchant, returnId, (r, o) -> {
            if (!isMerchant(merchant, o)) {
                throw new CommerceException.Forbidden("only the merchant of order " + o.id() + " decides its returns");
            }
            requireState(r, ReturnState.REQUESTED, "a decision");
            requireNotDisputed(o);
            ReturnState to = decision.approve() ? ReturnState.APPROVED : ReturnState.REFUSED;
            Instant now = now();
            jdbi.useTransaction(h -> moveReturn(h, returnId, ReturnState.REQUESTED, to, now,
                    Map.of("decision_reason", why == null ? "" : why)));
            return get(merchant, returnId);
        });
    }

    @Override
    public Return ship(Actor buyer, long returnId, OrderService.ShipRequest request) {
        String carrier = TextInput.paragraph("carrier", request == null ? null : request.carrier(), 64);
        String tracking = TextInput.paragraph("trackingNumber", request == null ? null : request.trackingNumber(), 64);
        return onReturn(buyer, returnId, (r, o) -> {
            if (!isBuyer(buyer, o)) {
                throw new CommerceException.Forbidden("only the buyer of order " + o.id() + " ships its return");
            }
            requireState(r, ReturnState.APPROVED, "shipping it back");
            requireNotDisputed(o);
            LedgerGateway.Committed created = ledger.submit(ShipmentContract.ID, ShipmentContract.CREATE,
                    CborMap.parse(ShipmentContract.createArgs(ledgerReturnId(returnId), carrier, tracking)));
            Instant now = now();
            jdbi.useTransaction(h -> {
                moveReturn(h, returnId, ReturnState.APPROVED, ReturnState.SHIPPED, now,
                        Map.of("carrier", carrier, "tracking_number", tracking));
                addRef(h, returnId, SHIPMENT_CREATE, created);
            });
            return get(buyer, returnId);
        });
    }

    @Override
    public Return addShipmentEvent(Actor actor, long returnId, OrderService.ShipmentEventRequest event) {
        String kind = event == null || event.kind() == null ? "" : event.kind().strip();
        if (!EVENT_KINDS.contains(kind)) {
            throw new CommerceException.InvalidInput("kind", "must be one of " + String.join(", ", EVENT_KINDS));
        }
        String location = event.location() == null || event.location().isBlank() ? null
                : TextInput.paragraph("location", event.location(), 200);
        Instant claimed = event.occurredAt() == null ? null : event.occurredAt().truncatedTo(ChronoUnit.MILLIS);
        if (claimed != null && claimed.toEpochMilli() < 0) {
            throw new CommerceException.InvalidInput("occurredAt", "must be after 1970");
        }
        return onReturn(actor, returnId, (r, o) -> {
            if (!isMerchant(actor, o) && !actor.is(Role.ADMIN)) {
                throw new CommerceException.Forbidden("only the merchant of order " + o.id()
                        + " or an admin reports the return's shipment events");
            }
            List<String> previous = jdbi.withHandle(h -> h.createQuery("SELECT kind FROM return_shipment_events "
                    + "WHERE return_id = :r ORDER BY event_no").bind("r", returnId).mapTo(String.class).list());
            // A delivery recorded whose refund failed is resumed, not recorded twice.
            boolean resume = r.state() == ReturnState.SHIPPED && kind.equals("delivered")
                    && previous.contains("delivered");
            if (!resume) {
                requireEventAllowed(r, previous, kind);
                if (kind.equals("delivered")) {
                    requireNotDisputed(o);
                }
                LedgerGateway.Committed recorded = ledger.submit(ShipmentContract.ID, ShipmentContract.EVENT,
                        CborMap.parse(ShipmentContract.eventArgs(ledgerReturnId(returnId),
                                EventKind.fromWireName(kind).orElseThrow(), location,
                                claimed == null ? null : claimed.toEpochMilli())));
                Instant now = now();
                jdbi.useTransaction(h -> {
                    h.createUpdate("INSERT INTO return_shipment_events (return_id, event_no, kind, location, "
                                    + "occurred_at) VALUES (:r, :n, :k, :l, :at)")
                            .bind("r", returnId).bind("n", previous.size() + 1).bind("k", kind).bind("l", location)
                            .bind("at", Sql.at(claimed != null ? claimed : now)).execute();
                    moveReturn(h, returnId, ReturnState.SHIPPED, ReturnState.SHIPPED, now, Map.of());
                    addRef(h, returnId, SHIPMENT_EVENT, recorded);
                });
            }
            if (kind.equals("delivered")) {
                refund(returnId, jdbi.withHandle(h -> orderRow(h, o.id())));
            }
            return get(actor, returnId);
        });
    }

    private static void requireEventAllowed(ReturnRow r, List<String> previous, String kind) {
        if (r.state() == ReturnState.RETURNED || previous.contains("delivered")) {
            throw new CommerceException.Conflict("state", "return " + r.id() + " was delivered to the merchant; no "
                    + "shipment events may follow");
        }
        if (r.state() != ReturnState.SHIPPED) {
            throw new CommerceException.Conflict("state", "return " + r.id() + " is " + r.state().wire()
                    + "; shipment events need a shipped return");
        }
        boolean pickedUp = previous.contains("picked_up");
        if (kind.equals("picked_up") && pickedUp) {
            throw new CommerceException.Conflict("kind", "return " + r.id() + " was already picked up; picked_up "
                    + "comes once");
        }
        if (!kind.equals("picked_up") && !pickedUp) {
            throw new CommerceException.Conflict("kind", "return " + r.id() + " has not been picked up; picked_up "
                    + "comes first");
        }
    }

    // ---- the refund ----

    private record ReturnedLine(int lineNo, long unitPrice, int quantity) {
    }

    /** Refunds return {@code returnId}, whose goods the merchant has received; under the order's lock. */
    private void refund(long returnId, OrderRow o) {
        requireNotDisputed(o);
        long amount = jdbi.withHandle(h -> {
            List<ReturnedLine> these = h.createQuery("SELECT l.line_no, o.unit_price_minor, l.quantity "
                            + "FROM return_lines l JOIN order_lines o ON o.order_id = :o AND o.line_no = l.line_no "
                            + "WHERE l.return_id = :r ORDER BY l.line_no")
                    .bind("o", o.id()).bind("r", returnId)
                    .map((rs, ctx) -> new ReturnedLine(rs.getInt("line_no"), rs.getLong("unit_price_minor"),
                            rs.getInt("quantity")))
                    .list();
            Map<Integer, Integer> bought = bought(h, o.id());
            Map<Integer, Integer> before = unitsInReturns(h, o.id(), true);
            long goodsBefore = h.createQuery("SELECT COALESCE(SUM(l.quantity * o.unit_price_minor), 0) "
                            + "FROM return_lines l JOIN returns r ON r.id = l.return_id "
                            + "JOIN order_lines o ON o.order_id = r.order_id AND o.line_no = l.line_no "
                            + "WHERE r.order_id = :o AND r.state = 'returned'")
                    .bind("o", o.id()).mapTo(Long.class).one();
            long goods = 0;
            Map<Integer, Integer> after = new LinkedHashMap<>(before);
            for (ReturnedLine l : these) {
                goods = Math.addExact(goods, Math.multiplyExact(l.unitPrice(), l.quantity()));
                after.merge(l.lineNo(), l.quantity(), Integer::sum);
            }
            boolean everythingBack = bought.entrySet().stream()
                    .allMatch(b -> after.getOrDefault(b.getKey(), 0).intValue() == b.getValue());
            return new ReturnRefunds(o.subtotal(), o.discount(), o.tax(), o.total()).refund(goodsBefore, goods, everythingBack,
                    o.refunded());
        });
        Instant now = now();
        if (amount == 0) {
            // Everything was refunded already (a dispute's verdict, say): the goods are back, nothing is owed.
            jdbi.useTransaction(h -> moveReturn(h, returnId, ReturnState.SHIPPED, ReturnState.RETURNED, now,
                    Map.of("refund_minor", 0L, "returned_at", Sql.at(now))));
            return;
        }
        String order = LedgerNames.order(o.id());
        CborMap escrow = ledger.query(EscrowContract.ID, EscrowContract.GET, EscrowContract.getArgs(order));
        if (escrow.integer("refunded") != o.refunded()) {
            throw new CommerceException.Conflict("state", "the ledger shows " + escrow.integer("refunded")
                    + " refunded for order " + o.id() + " and the database " + o.refunded()
                    + "; the order needs reconciling before it refunds again");
        }
        PaymentProvider.Result paid = payments.refund(o.paymentId(), o.money(amount), "return:" + returnId);
        if (paid instanceof PaymentProvider.Declined d) {
            throw new CommerceException.PaymentDeclined(d.code(), "the refund was refused: " + d.reason());
        }
        String refundId = ((PaymentProvider.Approved) paid).paymentId();
        LedgerGateway.Committed refunded = ledger.submit(EscrowContract.ID, EscrowContract.REFUND,
                CborMap.parse(EscrowContract.refundArgs(order, amount)));
        boolean afterRelease = "RELEASED".equals(refunded.result().text("state"));
        jdbi.useTransaction(h -> {
            moveReturn(h, returnId, ReturnState.SHIPPED, ReturnState.RETURNED, now,
                    Map.of("refund_minor", amount, "returned_at", Sql.at(now)));
            addRef(h, returnId, ESCROW_REFUND, refunded);
            OrderRecords.addRef(h, o.id(), ESCROW_REFUND, refunded);
            SettlementRecords.refund(h, o.id(), amount, SettlementRecords.RETURN, afterRelease, refundId, refunded,
                    now);
            if (o.refunded() + amount == o.total()) {
                OrderRecords.move(h, o.id(), o.state(), OrderState.REFUNDED, now, Map.of());
            }
        });
    }

    private static void requireNotDisputed(OrderRow o) {
        if (o.state() == OrderState.DISPUTED) {
            throw new CommerceException.Conflict("state", "order " + o.id() + " is disputed; its returns wait until "
                    + "the dispute ends");
        }
    }

    private static void requireState(ReturnRow r, ReturnState needed, String action) {
        if (r.state() != needed) {
            throw new CommerceException.Conflict("state", "return " + r.id() + " is " + r.state().wire() + "; "
                    + action + " needs a " + needed.wire() + " return");
        }
    }

    /** The conditional state change of a return (from {@code from} only), with extra columns set alongside. */
    private static void moveReturn(Handle h, long returnId, ReturnState from, ReturnState to, Instant now,
                                   Map<String, Object> columns) {
        StringBuilder sql = new StringBuilder("UPDATE returns SET state = :to, updated_at = :now");
        if (from == ReturnState.REQUESTED) {
            sql.append(", decided_at = :now");
        }
        columns.keySet().forEach(c -> sql.append(", ").append(c).append(" = :").append(c));
        sql.append(" WHERE id = :id AND state = :from");
        var update = h.createUpdate(sql.toString()).bind("to", to.wire()).bind("now", Sql.at(now))
                .bind("id", returnId).bind("from", from.wire());
        columns.forEach(update::bind);
        if (update.execute() != 1) {
            throw new CommerceException.Conflict("state", "return " + returnId + " changed meanwhile; reload it");
        }
    }

    private static void addRef(Handle h, long returnId, String kind, LedgerGateway.Committed c) {
        OrderRecords.addLedgerRef(h, "return_ledger_refs", "return_id", returnId, kind, c);
    }

    // ---- reading ----

    @Override
    public Return get(Actor actor, long returnId) {
        Objects.requireNonNull(actor, "actor");
        return jdbi.withHandle(h -> {
            ReturnRow r = returnRow(h, returnId);
            visibleOrder(h, actor, r.orderId(), "return", returnId);
            return load(h, List.of(returnId), actor).get(0);
        });
    }

    @Override
    public List<Return> forOrder(Actor actor, long orderId) {
        Objects.requireNonNull(actor, "actor");
        return jdbi.withHandle(h -> {
            visibleOrder(h, actor, orderId, "order", orderId);
            return load(h, actor, h.createQuery("SELECT id FROM returns WHERE order_id = :o ORDER BY id")
                    .bind("o", orderId).mapTo(Long.class).list());
        });
    }

    private List<Return> load(Handle h, Actor viewer, List<Long> ids) {
        return load(h, ids, viewer);
    }

    private List<Return> load(Handle h, List<Long> ids, Actor viewer) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, List<ReturnLine>> lines = new LinkedHashMap<>();
        h.createQuery("SELECT l.return_id, l.line_no, l.quantity, o.sku, o.title, o.unit_price_minor, d.currency "
                        + "FROM return_lines l JOIN returns r ON r.id = l.return_id "
                        + "JOIN orders d ON d.id = r.order_id "
                        + "JOIN order_lines o ON o.order_id = r.order_id AND o.line_no = l.line_no "
                        + "WHERE l.return_id IN (<ids>) ORDER BY l.return_id, l.line_no")
                .bindList("ids", ids)
                .map((rs, ctx) -> Map.entry(rs.getLong("return_id"), new ReturnLine(rs.getInt("line_no"),
                        rs.getString("sku"), rs.getString("title"),
                        Money.of(rs.getLong("unit_price_minor"), rs.getString("currency").strip()),
                        rs.getInt("quantity"))))
                .forEach(e -> lines.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        Map<Long, List<OrderService.ShipmentEvent>> events = new LinkedHashMap<>();
        h.createQuery("SELECT return_id, kind, location, occurred_at FROM return_shipment_events "
                        + "WHERE return_id IN (<ids>) ORDER BY return_id, event_no")
                .bindList("ids", ids)
                .map((rs, ctx) -> Map.entry(rs.getLong("return_id"), new OrderService.ShipmentEvent(
                        rs.getString("kind"), rs.getString("location"), Sql.instant(rs, "occurred_at"))))
                .forEach(e -> events.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        Map<Long, List<OrderService.LedgerRef>> refs = new LinkedHashMap<>();
        h.createQuery("SELECT return_id, kind, transaction_id, height FROM return_ledger_refs "
                        + "WHERE return_id IN (<ids>) ORDER BY return_id, ref_no")
                .bindList("ids", ids)
                .map((rs, ctx) -> Map.entry(rs.getLong("return_id"), new OrderService.LedgerRef(rs.getString("kind"),
                        rs.getString("transaction_id").strip(), rs.getLong("height"))))
                .forEach(e -> refs.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        Map<Long, Return> byId = new LinkedHashMap<>();
        h.createQuery("SELECT r.*, o.buyer_id, o.merchant_id, o.currency FROM returns r "
                        + "JOIN orders o ON o.id = r.order_id WHERE r.id IN (<ids>)")
                .bindList("ids", ids)
                .map((rs, ctx) -> {
                    long id = rs.getLong("id");
                    String carrier = rs.getString("carrier");
                    long refund = rs.getLong("refund_minor");
                    boolean refunded = !rs.wasNull();
                    String decision = rs.getString("decision_reason");
                    long buyerId = rs.getLong("buyer_id");
                    String reason = sealer.reveal(buyerId, REASON, rs.getString("reason"),
                            PersonalDataStore.Access.forViewer(viewer, buyerId, "return"));
                    return new Return(id, rs.getLong("order_id"), buyerId, rs.getLong("merchant_id"),
                            state(rs.getString("state")), lines.getOrDefault(id, List.of()), reason,
                            decision == null || decision.isEmpty() ? null : decision,
                            refunded ? Money.of(refund, rs.getString("currency").strip()) : null,
                            carrier == null ? null : new OrderService.Shipment(carrier,
                                    rs.getString("tracking_number"), events.getOrDefault(id, List.of())),
                            refs.getOrDefault(id, List.of()), Sql.instant(rs, "requested_at"),
                            Sql.instant(rs, "updated_at"));
                })
                .forEach(r -> byId.put(r.id(), r));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

}
