package org.trustmall.commerce.disputes;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceConfig;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Page;
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
import org.trustmall.contracts.dispute.DisputeContract;
import org.trustmall.contracts.dispute.Panel;
import org.trustmall.contracts.escrow.EscrowContract;
import org.trustmall.ledger.encoding.CborMap;

/**
 * {@link DisputeService} over the commerce database and the ledger, in the orders' house style: checks first (so
 * that refused calls stay off the ledger), the ledger call, then one database transaction that records it. Every
 * step holds the order's lock, shared with the order and return services.
 *
 * <p>The platform opens disputes and withdraws them with its service key; votes are signed with the key of signing
 * role {@code arbiter-<account id>} that the platform holds for each arbiter, so the contract itself rejects votes by
 * anyone not appointed, second votes and votes after the end. Carrying out a verdict: payment provider refund first
 * (idempotency key {@code dispute:<id>}, so retries never pay twice), then {@code escrow.settle}, then the database
 * (order, dispute, settlement records) in one transaction. Thread-safe.
 */
public final class SqlDisputeService implements DisputeService {
    static final String DISPUTE_OPEN = "dispute.open";
    static final String DISPUTE_VOTE = "dispute.vote";
    static final String DISPUTE_WITHDRAW = "dispute.withdraw";
    static final String ESCROW_SETTLE = "escrow.settle";
    static final String REASON = "dispute/reason";
    static final String EVIDENCE = "dispute/evidence";
    private static final System.Logger LOG = System.getLogger(SqlDisputeService.class.getName());
    private static final int MAX_EVIDENCE = 10;

    private final Jdbi jdbi;
    private final LedgerGateway ledger;
    private final PaymentProvider payments;
    private final OrderLocks locks;
    private final int panelSize;
    private final CommerceConfig.Threshold threshold;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();
    /** The buyer's words (reason, evidence) are a private message: sealed with the buyer's key. */
    private final PersonalSealer sealer;

    public SqlDisputeService(Jdbi jdbi, LedgerGateway ledger, PaymentProvider payments, OrderLocks locks,
                             int panelSize, CommerceConfig.Threshold threshold, InstantSource clock,
                             PersonalSealer sealer) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.payments = Objects.requireNonNull(payments, "payments");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.threshold = Objects.requireNonNull(threshold, "threshold");
        this.clock = Objects.requireNonNull(clock, "clock");
        new Panel(panelSize, threshold.numerator(), threshold.denominator()); // validates the pair
        this.panelSize = panelSize;
    }

    /** The ledger signing role of arbiter account {@code accountId}: votes are signed with its key. */
    public static String arbiterRole(long accountId) {
        return "arbiter-" + accountId;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // ---- rows ----

    private record OrderRow(long id, long buyerId, long merchantId, OrderState state, String currency, long total,
                            long refunded, String paymentId) {
        Money money(long minor) {
            return Money.of(minor, currency);
        }
    }

    private record DisputeRow(long id, long orderId, String ledgerId, DisputeState state, OrderState previous,
                              String outcome, long refund) {
    }

    private static Optional<OrderRow> orderRow(Handle h, long orderId) {
        return h.createQuery("SELECT id, buyer_id, merchant_id, state, currency, total_minor, refunded_minor, "
                        + "payment_id FROM orders WHERE id = :id")
                .bind("id", orderId)
                .map((rs, ctx) -> new OrderRow(rs.getLong("id"), rs.getLong("buyer_id"), rs.getLong("merchant_id"),
                        OrderState.fromWire(rs.getString("state")), rs.getString("currency").strip(),
                        rs.getLong("total_minor"), rs.getLong("refunded_minor"), rs.getString("payment_id")))
                .findOne();
    }

    private static Optional<DisputeRow> disputeRow(Handle h, long disputeId) {
        return h.createQuery("SELECT id, order_id, ledger_id, state, previous_state, outcome, refund_minor "
                        + "FROM disputes WHERE id = :id")
                .bind("id", disputeId)
                .map((rs, ctx) -> new DisputeRow(rs.getLong("id"), rs.getLong("order_id"), rs.getString("ledger_id"),
                        state(rs.getString("state")), OrderState.fromWire(rs.getString("previous_state")),
                        rs.getString("outcome"), rs.getLong("refund_minor")))
                .findOne();
    }

    private static DisputeState state(String wire) {
        return DisputeState.valueOf(wire.strip().toUpperCase(Locale.ROOT));
    }

    private static List<Long> panelOf(Handle h, long disputeId) {
        return h.createQuery("SELECT arbiter_id FROM dispute_arbiters WHERE dispute_id = :d ORDER BY seat")
                .bind("d", disputeId).mapTo(Long.class).list();
    }

    private static boolean sees(Handle h, Actor actor, OrderRow order, long disputeId) {
        return switch (actor.role()) {
            case BUYER -> order.buyerId() == actor.accountId();
            case MERCHANT -> order.merchantId() == actor.accountId();
            case ADMIN -> true;
            case ARBITER -> panelOf(h, disputeId).contains(actor.accountId());
            case AGENT -> false;
        };
    }

    /** Runs {@code step} on dispute {@code disputeId} under its order's lock, with both as they are now. */
    private <T> T onDispute(long disputeId, Step<T> step) {
        long orderId = jdbi.withHandle(h -> disputeRow(h, disputeId)).map(DisputeRow::orderId)
                .orElseThrow(() -> notFound(disputeId));
        return locks.locked(orderId, () -> {
            DisputeRow d = jdbi.withHandle(h -> disputeRow(h, disputeId)).orElseThrow();
            OrderRow o = jdbi.withHandle(h -> orderRow(h, orderId)).orElseThrow();
            return step.apply(d, o);
        });
    }

    @FunctionalInterface
    private interface Step<T> {
        T apply(DisputeRow d, OrderRow o);
    }

    private static CommerceException.NotFound notFound(long disputeId) {
        return new CommerceException.NotFound("dispute", String.valueOf(disputeId));
    }

    // ---- opening ----

    @Override
    public Dispute open(Actor buyer, long orderId, Claim claim) {
        Objects.requireNonNull(buyer, "buyer");
        if (claim == null) {
            throw new CommerceException.InvalidInput("reason", "is required");
        }
        String reason = TextInput.paragraph("reason", claim.reason(), 2000);
        List<String> evidence = claim.evidence() == null ? List.of() : claim.evidence();
        if (evidence.size() > MAX_EVIDENCE) {
            throw new CommerceException.InvalidInput("evidence", "at most " + MAX_EVIDENCE + " items");
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < evidence.size(); i++) {
            items.add(TextInput.paragraph("evidence[" + i + "]", evidence.get(i), 500));
        }
        return locks.locked(orderId, () -> {
            OrderRow o = jdbi.withHandle(h -> orderRow(h, orderId)).filter(r -> switch (buyer.role()) {
                case BUYER -> r.buyerId() == buyer.accountId();
                case MERCHANT -> r.merchantId() == buyer.accountId();
                case ADMIN, ARBITER -> true;
                case AGENT -> false;
            }).orElseThrow(() -> new CommerceException.NotFound("order", String.valueOf(orderId)));
            if (!buyer.is(Role.BUYER) || o.buyerId() != buyer.accountId()) {
                throw new CommerceException.Forbidden("only the buyer of order " + orderId + " disputes it");
            }
            Long refusedReturn = jdbi.withHandle(h -> eligibility(h, o));
            List<Long> panel = jdbi.withHandle(this::appoint);
            byte[] salt = new byte[Grounds.SALT_BYTES];
            random.nextBytes(salt);
            byte[] grounds = Grounds.of(salt, reason, items);
            String ledgerOrder = LedgerNames.order(orderId);
            withdrawOrphan(ledgerOrder);
            String ledgerId = "dispute:" + orderId + ":" + HexFormat.of().toHexDigits(random.nextLong());
            List<byte[]> keys = panel.stream().map(a -> ledger.roleKey(arbiterRole(a))).toList();
            LedgerGateway.Committed opened = ledger.submit(DisputeContract.ID, DisputeContract.OPEN,
                    CborMap.parse(DisputeContract.openArgs(ledgerId, ledgerOrder, grounds, keys,
                            threshold.numerator(), threshold.denominator())));
            Instant now = now();
            long id = jdbi.inTransaction(h -> {
                long did = h.createUpdate("INSERT INTO disputes (order_id, ledger_id, state, previous_state, "
                                + "return_id, reason, grounds, grounds_salt, threshold_num, threshold_den, opened_at, "
                                + "updated_at) VALUES (:o, :l, 'open', :prev, :ret, :reason, :g, :salt, :num, :den, "
                                + ":now, :now)")
                        .bind("o", orderId).bind("l", ledgerId).bind("prev", o.state().wire())
                        .bind("ret", refusedReturn).bind("reason", sealer.seal(o.buyerId(), REASON, reason))
                        .bind("g", HexFormat.of().formatHex(grounds)).bind("salt", HexFormat.of().formatHex(salt))
                        .bind("num", threshold.numerator()).bind("den", threshold.denominator())
                        .bind("now", Sql.at(now))
                        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
                for (int i = 0; i < items.size(); i++) {
                    h.createUpdate("INSERT INTO dispute_evidence (dispute_id, item_no, item) VALUES (:d, :n, :t)")
                            .bind("d", did).bind("n", i).bind("t", sealer.seal(o.buyerId(), EVIDENCE, items.get(i)))
                            .execute();
                }
                for (int i = 0; i < panel.size(); i++) {
                    h.createUpdate("INSERT INTO dispute_arbiters (dispute_id, arbiter_id, seat) VALUES (:d, :a, :s)")
                            .bind("d", did).bind("a", panel.get(i)).bind("s", i).execute();
                }
                OrderRecords.move(h, orderId, o.state(), OrderState.DISPUTED, now, Map.of());
                OrderRecords.addRef(h, orderId, DISPUTE_OPEN, opened);
                addRef(h, did, DISPUTE_OPEN, opened);
                return did;
            });
            return get(buyer, id);
        });
    }

    /**
     * Whether order {@code o} may be disputed now; throws a {@code Conflict} saying why not. Returns the refused
     * return the dispute is about (required for a completed order), or null.
     */
    private static Long eligibility(Handle h, OrderRow o) {
        Long refused = h.createQuery("SELECT r.id FROM returns r WHERE r.order_id = :o AND r.state = 'refused' "
                        + "AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.return_id = r.id "
                        + "AND d.state IN ('open', 'resolved', 'settled')) ORDER BY r.id DESC LIMIT 1")
                .bind("o", o.id()).mapTo(Long.class).findOne().orElse(null);
        switch (o.state()) {
            case PAID, SHIPPED, DELIVERED -> { }
            case COMPLETED -> {
                if (refused == null) {
                    throw new CommerceException.Conflict("state", "order " + o.id() + " is completed; a completed "
                            + "order is disputed only over a return its merchant refused");
                }
            }
            default -> throw new CommerceException.Conflict("state", "order " + o.id() + " is " + o.state().wire()
                    + "; a dispute needs a paid, shipped or delivered order");
        }
        Optional<Long> underWay = h.createQuery("SELECT id FROM returns WHERE order_id = :o "
                        + "AND state IN ('approved', 'shipped') ORDER BY id LIMIT 1")
                .bind("o", o.id()).mapTo(Long.class).findOne();
        if (underWay.isPresent()) {
            throw new CommerceException.Conflict("state", "return " + underWay.get() + " of order " + o.id()
                    + " is under way and will be refunded; dispute once it is finished");
        }
        if (o.refunded() >= o.total()) {
            throw new CommerceException.Conflict("state", "order " + o.id() + " was refunded in full");
        }
        return refused;
    }

    /**
     * The panel: {@code panelSize} arbiter accounts with the fewest undecided disputes, ties broken by account id,
     * so appointment is deterministic and spreads the work.
     */
    private List<Long> appoint(Handle h) {
        List<Long> chosen = h.createQuery("SELECT a.id, (SELECT COUNT(*) FROM dispute_arbiters x "
                        + "JOIN disputes d ON d.id = x.dispute_id WHERE x.arbiter_id = a.id "
                        + "AND d.state IN ('open', 'resolved')) AS busy FROM accounts a WHERE a.role = 'arbiter' "
                        + "ORDER BY busy, a.id LIMIT :n")
                .bind("n", panelSize).map((rs, ctx) -> rs.getLong("id")).list();
        if (chosen.size() < panelSize) {
            throw new CommerceException.Conflict("arbiters", "a dispute needs a panel of " + panelSize
                    + " arbiters and there are " + chosen.size() + " arbiter accounts; an operator must create more "
                    + "(trustmall admin create-user --role arbiter)");
        }
        return chosen;
    }

    /**
     * An open dispute over the order on the ledger that the database does not know is an attempt whose database
     * write failed after the ledger call; no one can vote on it, so it is withdrawn before a new one is opened.
     */
    private void withdrawOrphan(String ledgerOrder) {
        CborMap latest;
        try {
            latest = ledger.query(DisputeContract.ID, DisputeContract.FOR_ORDER,
                    DisputeContract.forOrderArgs(ledgerOrder));
        } catch (CommerceException none) {
            return; // the order has never been disputed
        }
        String id = latest.text("id");
        boolean known = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM disputes WHERE ledger_id = :l")
                .bind("l", id).mapTo(Integer.class).one()) > 0;
        if (!known && "OPEN".equals(latest.text("state"))) {
            ledger.submit(DisputeContract.ID, DisputeContract.WITHDRAW,
                    CborMap.parse(DisputeContract.withdrawArgs(id)));
        }
    }

    // ---- voting ----

    @Override
    public Dispute vote(Actor arbiter, long disputeId, VoteRequest vote) {
        Objects.requireNonNull(arbiter, "arbiter");
        if (vote == null || vote.outcome() == null) {
            throw new CommerceException.InvalidInput("outcome", "must be refund or release");
        }
        String outcome = vote.outcome();
        switch (outcome) {
            case "refund" -> {
                if (vote.amount() == null) {
                    throw new CommerceException.InvalidInput("amount", "a refund vote names the amount to refund");
                }
            }
            case "release" -> {
                if (vote.amount() != null) {
                    throw new CommerceException.InvalidInput("amount", "a release vote names no amount");
                }
            }
            default -> throw new CommerceException.InvalidInput("outcome", "must be refund or release");
        }
        if (!arbiter.is(Role.ARBITER)) {
            throw new CommerceException.Forbidden("only the dispute's appointed arbiters vote");
        }
        Dispute result = onDispute(disputeId, (d, o) -> {
            if (!jdbi.withHandle(h -> panelOf(h, disputeId)).contains(arbiter.accountId())) {
                throw new CommerceException.Forbidden("you are not an appointed arbiter of dispute " + disputeId);
            }
            if (d.state() != DisputeState.OPEN) {
                throw new CommerceException.Conflict("state", "dispute " + disputeId + " is " + d.state().wire()
                        + "; votes are no longer taken");
            }
            boolean voted = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM dispute_votes "
                    + "WHERE dispute_id = :d AND arbiter_id = :a").bind("d", disputeId).bind("a", arbiter.accountId())
                    .mapTo(Integer.class).one()) > 0;
            if (voted) {
                throw new CommerceException.Conflict("state", "you have already voted on dispute " + disputeId);
            }
            byte[] args;
            if (outcome.equals("refund")) {
                Money amount = vote.amount();
                if (!amount.currency().equals(o.currency())) {
                    throw new CommerceException.InvalidInput("amount.currency", "order " + o.id() + " was paid in "
                            + o.currency());
                }
                long open = o.total() - o.refunded();
                if (amount.minor() < 1 || amount.minor() > open) {
                    throw new CommerceException.InvalidInput("amount.amount", "a refund of 1 to " + open
                            + " (what is not yet refunded of order " + o.id() + ")");
                }
                args = DisputeContract.refundVoteArgs(d.ledgerId(), amount.minor());
            } else {
                args = DisputeContract.releaseVoteArgs(d.ledgerId());
            }
            LedgerGateway.Committed cast;
            try {
                cast = ledger.submitAs(arbiterRole(arbiter.accountId()), DisputeContract.ID, DisputeContract.VOTE,
                        CborMap.parse(args));
            } catch (CommerceException refused) {
                catchUpWithLedger(d, o);
                throw asVoteRefusal(refused);
            }
            Instant now = now();
            jdbi.useTransaction(h -> {
                h.createUpdate("INSERT INTO dispute_votes (dispute_id, arbiter_id, outcome, amount_minor, "
                                + "transaction_id, height, voted_at) VALUES (:d, :a, :o, :amt, :tx, :h, :now)")
                        .bind("d", disputeId).bind("a", arbiter.accountId()).bind("o", outcome)
                        .bind("amt", outcome.equals("refund") ? vote.amount().minor() : 0L)
                        .bind("tx", cast.transactionId()).bind("h", cast.height()).bind("now", Sql.at(now)).execute();
                addRef(h, disputeId, DISPUTE_VOTE, cast);
                recordOutcome(h, d, o, cast.result(), now);
            });
            return get(arbiter, disputeId);
        });
        if (result.state() == DisputeState.RESOLVED) {
            settleQuietly(disputeId);
            return get(arbiter, disputeId);
        }
        return result;
    }

    /** A vote the ledger refused, as the problem the arbiter sees; anything unexpected (unavailable) stays as is. */
    private static CommerceException asVoteRefusal(CommerceException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("not an appointed arbiter")) {
            return new CommerceException.Forbidden("the ledger refused the vote: you are not an appointed arbiter");
        }
        if (m.contains("no longer taken") || m.contains("already voted")) {
            return new CommerceException.Conflict("state", m.substring(m.indexOf(':') + 1).strip());
        }
        if (m.contains("field 'amount'")) {
            return new CommerceException.InvalidInput("amount", m.substring(m.indexOf(':') + 1).strip());
        }
        return e;
    }

    /**
     * After the ledger refused a vote the database expected it to take, the ledger may know votes the database
     * missed (an earlier attempt committed there but not here): records them and the outcome they led to, so the
     * dispute can end and be settled.
     */
    private void catchUpWithLedger(DisputeRow d, OrderRow o) {
        CborMap view;
        try {
            view = ledger.query(DisputeContract.ID, DisputeContract.GET, DisputeContract.getArgs(d.ledgerId()));
        } catch (CommerceException unavailable) {
            return;
        }
        List<Long> panel = jdbi.withHandle(h -> panelOf(h, d.id()));
        Map<String, Long> byKey = new LinkedHashMap<>();
        panel.forEach(a -> byKey.put(HexFormat.of().formatHex(ledger.roleKey(arbiterRole(a))), a));
        Instant now = now();
        jdbi.useTransaction(h -> {
            for (CborMap vote : view.maps("votes")) {
                Long arbiter = byKey.get(HexFormat.of().formatHex(vote.bytes("arbiter")));
                if (arbiter == null) {
                    continue;
                }
                boolean known = h.createQuery("SELECT COUNT(*) FROM dispute_votes WHERE dispute_id = :d "
                        + "AND arbiter_id = :a").bind("d", d.id()).bind("a", arbiter).mapTo(Integer.class).one() > 0;
                if (!known) {
                    h.createUpdate("INSERT INTO dispute_votes (dispute_id, arbiter_id, outcome, amount_minor, "
                                    + "transaction_id, height, voted_at) VALUES (:d, :a, :o, :amt, NULL, :h, :at)")
                            .bind("d", d.id()).bind("a", arbiter).bind("o", vote.text("outcome"))
                            .bind("amt", vote.integer("amount")).bind("h", vote.integer("height"))
                            .bind("at", Sql.at(Instant.ofEpochMilli(vote.integer("timestamp")))).execute();
                }
            }
            recordOutcome(h, d, o, view, now);
        });
    }

    /**
     * Mirrors the dispute's state after a vote as the ledger reports it ({@code view}): a verdict is stored for
     * settling; a dispute that ended undecided gives the order back its previous state.
     */
    private static void recordOutcome(Handle h, DisputeRow d, OrderRow o, CborMap view, Instant now) {
        String state = view.text("state");
        switch (state) {
            case "RESOLVED" -> h.createUpdate("UPDATE disputes SET state = 'resolved', outcome = :o, "
                            + "refund_minor = :r, closed_at = :now, updated_at = :now WHERE id = :id AND state = 'open'")
                    .bind("o", view.text("outcome")).bind("r", view.integer("refund")).bind("now", Sql.at(now))
                    .bind("id", d.id()).execute();
            case "UNRESOLVED" -> {
                int changed = h.createUpdate("UPDATE disputes SET state = 'unresolved', closed_at = :now, "
                                + "updated_at = :now WHERE id = :id AND state = 'open'")
                        .bind("now", Sql.at(now)).bind("id", d.id()).execute();
                if (changed == 1) {
                    OrderRecords.move(h, o.id(), OrderState.DISPUTED, d.previous(), now, Map.of());
                }
            }
            default -> h.createUpdate("UPDATE disputes SET updated_at = :now WHERE id = :id")
                    .bind("now", Sql.at(now)).bind("id", d.id()).execute();
        }
    }

    // ---- carrying out the verdict ----

    private void settleQuietly(long disputeId) {
        try {
            settle(disputeId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "dispute " + disputeId + " is decided but its verdict could not be "
                    + "carried out yet; the sweep retries: " + e.getMessage());
        }
    }

    /** Carries out dispute {@code disputeId}'s verdict if it is decided and not yet settled; whether it did. */
    private boolean settle(long disputeId) {
        return onDispute(disputeId, (d, o) -> {
            if (d.state() != DisputeState.RESOLVED) {
                return false;
            }
            String ledgerOrder = LedgerNames.order(o.id());
            CborMap before = ledger.query(EscrowContract.ID, EscrowContract.GET, EscrowContract.getArgs(ledgerOrder));
            if (d.ledgerId().equals(before.optionalText("settled_dispute").orElse(null))
                    || before.integer("refunded") != o.refunded()) {
                // Settled on the ledger but not recorded here (or refunds the database missed): money must not move
                // again; reconciliation has to look at this order.
                throw new CommerceException.Conflict("state", "the escrow of order " + o.id() + " does not match the "
                        + "database (settled " + before.optionalText("settled_dispute").orElse("none") + ", refunded "
                        + before.integer("refunded") + " vs " + o.refunded() + "); it needs reconciling");
            }
            long refund = d.refund();
            String refundId = null;
            if (refund > 0) {
                PaymentProvider.Result r = payments.refund(o.paymentId(), o.money(refund), "dispute:" + disputeId);
                if (r instanceof PaymentProvider.Declined declined) {
                    throw new CommerceException.PaymentDeclined(declined.code(), "the refund was refused: "
                            + declined.reason());
                }
                refundId = ((PaymentProvider.Approved) r).paymentId();
            }
            LedgerGateway.Committed settled = ledger.submit(EscrowContract.ID, EscrowContract.SETTLE,
                    CborMap.parse(EscrowContract.settleArgs(ledgerOrder)));
            CborMap after = settled.result();
            long refunded = after.integer("refunded") - before.integer("refunded");
            boolean releasedNow = "LOCKED".equals(before.text("state")) && "RELEASED".equals(after.text("state"));
            boolean afterRelease = "RELEASED".equals(before.text("state"));
            String paymentRefund = refundId;
            Instant now = now();
            jdbi.useTransaction(h -> {
                if (h.createUpdate("UPDATE disputes SET state = 'settled', settled_at = :now, updated_at = :now "
                        + "WHERE id = :id AND state = 'resolved'").bind("now", Sql.at(now)).bind("id", disputeId)
                        .execute() != 1) {
                    throw new CommerceException.Conflict("state", "dispute " + disputeId + " changed meanwhile");
                }
                addRef(h, disputeId, ESCROW_SETTLE, settled);
                OrderRecords.addRef(h, o.id(), ESCROW_SETTLE, settled);
                if (refunded > 0) {
                    SettlementRecords.refund(h, o.id(), refunded, SettlementRecords.DISPUTE, afterRelease,
                            paymentRefund, settled, now);
                }
                if (releasedNow) {
                    SettlementRecords.release(h, o.id(), settled, now);
                }
                OrderRecords.move(h, o.id(), OrderState.DISPUTED,
                        o.refunded() + refunded >= o.total() ? OrderState.REFUNDED : OrderState.COMPLETED, now,
                        Map.of());
            });
            return true;
        });
    }

    @Override
    public int settleResolvedDisputes() {
        List<Long> resolved = jdbi.withHandle(h -> h.createQuery("SELECT id FROM disputes WHERE state = 'resolved' "
                + "ORDER BY id").mapTo(Long.class).list());
        int settled = 0;
        for (long id : resolved) {
            try {
                if (settle(id)) {
                    settled++;
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not settle dispute " + id + " yet: " + e.getMessage());
            }
        }
        return settled;
    }

    // ---- withdrawing ----

    @Override
    public Dispute withdraw(Actor buyer, long disputeId) {
        Objects.requireNonNull(buyer, "buyer");
        return onDispute(disputeId, (d, o) -> {
            if (!jdbi.withHandle(h -> sees(h, buyer, o, disputeId))) {
                throw notFound(disputeId);
            }
            if (!buyer.is(Role.BUYER)) {
                throw new CommerceException.Forbidden("only the buyer who opened dispute " + disputeId
                        + " withdraws it");
            }
            if (d.state() != DisputeState.OPEN) {
                throw new CommerceException.Conflict("state", "dispute " + disputeId + " is " + d.state().wire()
                        + "; only an open dispute is withdrawn");
            }
            LedgerGateway.Committed withdrawn = ledger.submit(DisputeContract.ID, DisputeContract.WITHDRAW,
                    CborMap.parse(DisputeContract.withdrawArgs(d.ledgerId())));
            Instant now = now();
            jdbi.useTransaction(h -> {
                if (h.createUpdate("UPDATE disputes SET state = 'withdrawn', closed_at = :now, updated_at = :now "
                        + "WHERE id = :id AND state = 'open'").bind("now", Sql.at(now)).bind("id", disputeId)
                        .execute() != 1) {
                    throw new CommerceException.Conflict("state", "dispute " + disputeId + " changed meanwhile");
                }
                addRef(h, disputeId, DISPUTE_WITHDRAW, withdrawn);
                OrderRecords.addRef(h, o.id(), DISPUTE_WITHDRAW, withdrawn);
                OrderRecords.move(h, o.id(), OrderState.DISPUTED, d.previous(), now, Map.of());
            });
            return get(buyer, disputeId);
        });
    }

    private static void addRef(Handle h, long disputeId, String kind, LedgerGateway.Committed c) {
        OrderRecords.addLedgerRef(h, "dispute_ledger_refs", "dispute_id", disputeId, kind, c);
    }

    // ---- reading ----

    @Override
    public Dispute get(Actor actor, long disputeId) {
        Objects.requireNonNull(actor, "actor");
        return jdbi.withHandle(h -> {
            DisputeRow d = disputeRow(h, disputeId).orElseThrow(() -> notFound(disputeId));
            OrderRow o = orderRow(h, d.orderId()).orElseThrow(() -> notFound(disputeId));
            if (!sees(h, actor, o, disputeId)) {
                throw notFound(disputeId);
            }
            return load(h, List.of(disputeId), actor).get(0);
        });
    }

    @Override
    public Page<Dispute> list(Actor actor, int page, int size) {
        Objects.requireNonNull(actor, "actor");
        Page.check(page, size);
        String where = switch (actor.role()) {
            case BUYER -> "JOIN orders o ON o.id = d.order_id WHERE o.buyer_id = :me";
            case MERCHANT -> "JOIN orders o ON o.id = d.order_id WHERE o.merchant_id = :me";
            case ARBITER -> "JOIN dispute_arbiters x ON x.dispute_id = d.id WHERE x.arbiter_id = :me";
            case ADMIN -> "";
            case AGENT -> "JOIN orders o ON o.id = d.order_id WHERE 1 = 0 AND o.buyer_id = :me"; // agents see none
        };
        boolean mine = !where.isEmpty();
        return jdbi.withHandle(h -> {
            var count = h.createQuery("SELECT COUNT(*) FROM disputes d " + where);
            long total = (mine ? count.bind("me", actor.accountId()) : count).mapTo(Long.class).one();
            var q = h.createQuery("SELECT d.id FROM disputes d " + where
                    + " ORDER BY d.id DESC LIMIT :limit OFFSET :offset")
                    .bind("limit", size).bind("offset", (long) page * size);
            List<Long> ids = (mine ? q.bind("me", actor.accountId()) : q).mapTo(Long.class).list();
            return new Page<>(load(h, ids, actor), page, size, total);
        });
    }

    private record VoteRow(long disputeId, Vote vote, long amountMinor) {
    }

    private List<Dispute> load(Handle h, List<Long> ids, Actor viewer) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, List<String>> evidence = new LinkedHashMap<>();
        h.createQuery("SELECT dispute_id, item FROM dispute_evidence WHERE dispute_id IN (<ids>) "
                        + "ORDER BY dispute_id, item_no")
                .bindList("ids", ids).map((rs, ctx) -> Map.entry(rs.getLong("dispute_id"), rs.getString("item")))
                .forEach(e -> evidence.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        Map<Long, String> currencies = new LinkedHashMap<>();
        h.createQuery("SELECT d.id, o.currency FROM disputes d JOIN orders o ON o.id = d.order_id "
                        + "WHERE d.id IN (<ids>)")
                .bindList("ids", ids).map((rs, ctx) -> Map.entry(rs.getLong("id"), rs.getString("currency").strip()))
                .forEach(e -> currencies.put(e.getKey(), e.getValue()));
        Map<Long, List<VoteRow>> votes = new LinkedHashMap<>();
        h.createQuery("SELECT v.dispute_id, v.arbiter_id, a.display_name, v.outcome, v.amount_minor, "
                        + "v.transaction_id, v.voted_at FROM dispute_votes v JOIN accounts a ON a.id = v.arbiter_id "
                        + "WHERE v.dispute_id IN (<ids>) ORDER BY v.dispute_id, v.height, v.voted_at, v.arbiter_id")
                .bindList("ids", ids)
                .map((rs, ctx) -> {
                    long d = rs.getLong("dispute_id");
                    String outcome = rs.getString("outcome");
                    long amount = rs.getLong("amount_minor");
                    String tx = rs.getString("transaction_id");
                    return new VoteRow(d, new Vote(rs.getLong("arbiter_id"), rs.getString("display_name"), outcome,
                            outcome.equals("refund") ? Money.of(amount, currencies.get(d)) : null,
                            Sql.instant(rs, "voted_at"), tx == null ? null : tx.strip()), amount);
                })
                .forEach(v -> votes.computeIfAbsent(v.disputeId(), k -> new ArrayList<>()).add(v));
        Map<Long, List<Map.Entry<Long, String>>> panels = new LinkedHashMap<>();
        h.createQuery("SELECT x.dispute_id, x.arbiter_id, a.display_name FROM dispute_arbiters x "
                        + "JOIN accounts a ON a.id = x.arbiter_id WHERE x.dispute_id IN (<ids>) "
                        + "ORDER BY x.dispute_id, x.seat")
                .bindList("ids", ids)
                .map((rs, ctx) -> Map.entry(rs.getLong("dispute_id"),
                        Map.entry(rs.getLong("arbiter_id"), rs.getString("display_name"))))
                .forEach(e -> panels.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        Map<Long, List<OrderService.LedgerRef>> refs = new LinkedHashMap<>();
        h.createQuery("SELECT dispute_id, kind, transaction_id, height FROM dispute_ledger_refs "
                        + "WHERE dispute_id IN (<ids>) ORDER BY dispute_id, ref_no")
                .bindList("ids", ids)
                .map((rs, ctx) -> Map.entry(rs.getLong("dispute_id"), new OrderService.LedgerRef(
                        rs.getString("kind"), rs.getString("transaction_id").strip(), rs.getLong("height"))))
                .forEach(e -> refs.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        Map<Long, Dispute> byId = new LinkedHashMap<>();
        h.createQuery("SELECT d.*, o.buyer_id, o.merchant_id FROM disputes d JOIN orders o ON o.id = d.order_id "
                        + "WHERE d.id IN (<ids>)")
                .bindList("ids", ids)
                .map((rs, ctx) -> {
                    long id = rs.getLong("id");
                    String currency = currencies.get(id);
                    List<VoteRow> vs = votes.getOrDefault(id, List.of());
                    List<Map.Entry<Long, String>> panel = panels.getOrDefault(id, List.of());
                    List<Arbiter> arbiters = panel.stream().map(a -> new Arbiter(a.getKey(), a.getValue(),
                            vs.stream().anyMatch(v -> v.vote().arbiterId() == a.getKey()))).toList();
                    CommerceConfig.Threshold t = new CommerceConfig.Threshold(rs.getInt("threshold_num"),
                            rs.getInt("threshold_den"));
                    int needed = new Panel(Math.max(1, panel.size()), t.numerator(), t.denominator()).votesNeeded();
                    Map<String, Tally> tally = new LinkedHashMap<>();
                    for (VoteRow v : vs) {
                        String key = v.vote().outcome() + ":" + v.amountMinor();
                        Tally was = tally.get(key);
                        tally.put(key, new Tally(v.vote().outcome(), v.vote().amount(),
                                was == null ? 1 : was.votes() + 1, panel.size()));
                    }
                    String outcome = rs.getString("outcome");
                    Verdict verdict = outcome == null ? null
                            : new Verdict(outcome, Money.of(rs.getLong("refund_minor"), currency));
                    long ret = rs.getLong("return_id");
                    Long returnId = rs.wasNull() ? null : ret;
                    long buyerId = rs.getLong("buyer_id");
                    PersonalDataStore.Access access = PersonalDataStore.Access.forViewer(viewer, buyerId,
                            viewer.is(Role.ARBITER) ? "arbitration" : "dispute");
                    return new Dispute(id, rs.getLong("order_id"), buyerId, rs.getLong("merchant_id"),
                            state(rs.getString("state")), sealer.reveal(buyerId, REASON, rs.getString("reason"), access),
                            evidence.getOrDefault(id, List.of()).stream()
                                    .map(e -> sealer.reveal(buyerId, EVIDENCE, e, access)).toList(),
                            returnId, arbiters, vs.stream().map(VoteRow::vote).toList(),
                            List.copyOf(tally.values()), t, needed, verdict, rs.getString("ledger_id"),
                            refs.getOrDefault(id, List.of()), Sql.instant(rs, "opened_at"),
                            Sql.instant(rs, "closed_at"));
                })
                .forEach(d -> byId.put(d.id(), d));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

}
