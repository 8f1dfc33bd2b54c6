package org.trustmall.commerce.risk;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.TextInput;
import org.trustmall.commerce.accounts.PersonalDataStore;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.commerce.chain.LedgerNames;
import org.trustmall.commerce.chain.PersonCommitments;
import org.trustmall.commerce.db.Sql;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.orders.OrderLocks;
import org.trustmall.commerce.orders.OrderRecords;
import org.trustmall.commerce.orders.OrderState;
import org.trustmall.commerce.payments.PaymentProvider;
import org.trustmall.commerce.personal.PersonalSealer;
import org.trustmall.commerce.settlement.SettlementRecords;
import org.trustmall.contracts.escrow.EscrowContract;
import org.trustmall.contracts.risk.RiskDecisionContract;
import org.trustmall.ledger.encoding.CborMap;

/**
 * {@link RiskService} over the database's {@code risk_decisions} and the ledger. Every change is a ledger call first
 * ({@link RiskDecisionContract}: request-review, review, report-chargeback; the escrow's refund on cancellation),
 * then one database transaction; steps on an order are serialised with the other order services' lock. A buyer's
 * note asking for review is their own words, sealed in the vault under their key. Thread-safe.
 */
public final class SqlRiskService implements RiskService {
    private static final String RISK_REVIEW = "risk-decision.review";
    private static final String RISK_REQUEST = "risk-decision.request-review";
    private static final String RISK_CHARGEBACK = "risk-decision.report-chargeback";
    private static final String ESCROW_REFUND = "escrow.refund";
    private static final int MAX_PENDING = 100;

    private final Jdbi jdbi;
    private final LedgerGateway ledger;
    private final PaymentProvider payments;
    private final PersonCommitments commitments;
    private final PersonalSealer sealer;
    private final OrderLocks locks;
    private final CreditScores credit;
    private final InstantSource clock;

    public SqlRiskService(Jdbi jdbi, LedgerGateway ledger, PaymentProvider payments, PersonCommitments commitments,
                          PersonalSealer sealer, OrderLocks locks, InstantSource clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.payments = Objects.requireNonNull(payments, "payments");
        this.commitments = Objects.requireNonNull(commitments, "commitments");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.credit = new CreditScores(jdbi, ledger, commitments, clock);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The row behind a decision, with its order's buyer, state and money. */
    private record Row(long orderId, long buyerId, String state, Money total, long refunded, String paymentId,
                       double score, long thresholdPpm, String outcome, boolean holds, boolean queued, String modelId,
                       String modelSha, String featureVersion, double[] features, double[] contributions,
                       String salt, String commitment, String tx, long height, Instant decidedAt,
                       Instant requestedAt, String requestNote, String requestTx, Instant reviewedAt,
                       String reviewOutcome, String reviewNote, String reviewTx, long scorePpm) {
    }

    private static Row row(ResultSet rs) throws SQLException {
        String c = rs.getString("currency").strip();
        return new Row(rs.getLong("order_id"), rs.getLong("buyer_id"), rs.getString("state").strip(),
                Money.of(rs.getLong("total_minor"), c), rs.getLong("refunded_minor"), rs.getString("payment_id"),
                rs.getDouble("score"), rs.getLong("threshold_ppm"), rs.getString("outcome"), rs.getBoolean("holds"),
                rs.getBoolean("queued"), rs.getString("model_id"), rs.getString("model_sha256"),
                rs.getString("feature_version"), RiskScreening.vector(rs.getString("features")),
                RiskScreening.vector(rs.getString("contributions")), rs.getString("salt"), rs.getString("commitment"),
                rs.getString("transaction_id").strip(), rs.getLong("height"), Sql.instant(rs, "decided_at"),
                optionalInstant(rs, "review_requested_at"), rs.getString("request_note"), rs.getString("request_tx"),
                optionalInstant(rs, "reviewed_at"), rs.getString("review_outcome"), rs.getString("review_note"),
                rs.getString("review_tx"), rs.getLong("score_ppm"));
    }

    private static Instant optionalInstant(ResultSet rs, String column) throws SQLException {
        return rs.getTimestamp(column) == null ? null : Sql.instant(rs, column);
    }

    private static final String SELECT = "SELECT d.*, o.buyer_id, o.state, o.currency, o.total_minor, "
            + "o.refunded_minor, o.payment_id FROM risk_decisions d JOIN orders o ON o.id = d.order_id ";

    private Optional<Row> find(Handle h, long orderId) {
        return h.createQuery(SELECT + "WHERE d.order_id = :o").bind("o", orderId).map((rs, ctx) -> row(rs))
                .findOne();
    }

    /** The decision if the actor may see it: its buyer, or an admin; {@code NotFound} for anyone else. */
    private Row visible(Actor actor, long orderId) {
        Objects.requireNonNull(actor, "actor");
        Row r = jdbi.withHandle(h -> find(h, orderId)).orElse(null);
        boolean visible = r != null && (actor.is(Role.ADMIN)
                || (actor.is(Role.BUYER) && actor.accountId() == r.buyerId()));
        if (!visible) {
            throw new CommerceException.NotFound("risk decision", String.valueOf(orderId));
        }
        return r;
    }

    private Decision view(Row r, Actor actor) {
        String note = null;
        if (r.requestNote() != null) {
            PersonalDataStore.Access access = actor.is(Role.ADMIN)
                    ? new PersonalDataStore.Access("admin:" + actor.accountId(), "risk-review")
                    : PersonalDataStore.Access.self("risk-review");
            note = sealer.reveal(r.buyerId(), context(r.orderId()), r.requestNote(), access);
        }
        Review review = r.requestedAt() == null && r.reviewedAt() == null ? null : new Review(r.requestedAt(), note,
                r.reviewedAt(), r.reviewOutcome(), r.reviewNote(), r.requestTx(), r.reviewTx());
        double threshold = r.thresholdPpm() / (double) RiskDecisionContract.PPM;
        Validation validation = RiskValidations.read(ledger, r.orderId());
        String summary = validation.flagged() && r.reviewedAt() == null
                ? Explanations.flaggedSummary(r.score(), threshold, validation)
                : Explanations.summary(r.score(), threshold, r.outcome(), r.holds());
        return new Decision(r.orderId(), r.score(), threshold, r.outcome(), r.holds(), r.modelId(), r.modelSha(),
                r.featureVersion(), r.commitment(), r.tx(), r.height(), r.decidedAt(),
                Explanations.top(r.features(), r.contributions()), summary, review, validation);
    }

    private static String context(long orderId) {
        return "risk-review:" + orderId;
    }

    @Override
    public Decision decision(Actor actor, long orderId) {
        Row r = visible(actor, orderId);
        // The chain may have flagged the decision since: it then holds the escrow, and so does the platform.
        if (RiskValidations.sync(jdbi, ledger, orderId)) {
            r = visible(actor, orderId);
        }
        return view(r, actor);
    }

    @Override
    public Decision requestReview(Actor buyer, long orderId, String note) {
        Objects.requireNonNull(buyer, "buyer");
        String text = note == null || note.isBlank() ? null : TextInput.line("note", note, 1000);
        return locks.locked(orderId, () -> {
            Row r = visible(buyer, orderId);
            if (!buyer.is(Role.BUYER)) {
                throw new CommerceException.Forbidden("only the buyer of order " + orderId + " asks for a review");
            }
            if (r.reviewedAt() != null) {
                throw new CommerceException.Conflict("review", "the decision on order " + orderId
                        + " was already reviewed by a person");
            }
            if (r.requestedAt() != null) {
                throw new CommerceException.Conflict("review", "a review of the decision on order " + orderId
                        + " was already requested");
            }
            LedgerGateway.Committed c = ledger.submit(RiskDecisionContract.ID, RiskDecisionContract.REQUEST_REVIEW,
                    CborMap.parse(RiskDecisionContract.requestReviewArgs(LedgerNames.order(orderId))));
            String sealed = text == null ? null : sealer.seal(r.buyerId(), context(orderId), text);
            Instant now = now();
            jdbi.useTransaction(h -> {
                h.createUpdate("UPDATE risk_decisions SET queued = TRUE, review_requested_at = :now, "
                                + "request_note = :note, request_tx = :tx WHERE order_id = :o")
                        .bind("now", Sql.at(now)).bind("note", sealed).bind("tx", c.transactionId())
                        .bind("o", orderId).execute();
                OrderRecords.addRef(h, orderId, RISK_REQUEST, c);
            });
            return decision(buyer, orderId);
        });
    }

    @Override
    public List<QueueEntry> reviews(Actor admin) {
        requireAdmin(admin);
        RiskValidations.syncOpen(jdbi, ledger);
        List<Row> rows = jdbi.withHandle(h -> h.createQuery(SELECT + "WHERE d.queued ORDER BY d.decided_at, "
                + "d.order_id").map((rs, ctx) -> row(rs)).list());
        return rows.stream().map(r -> {
            Decision d = view(r, admin);
            return new QueueEntry(r.orderId(), r.buyerId(), r.total(), r.state(), d,
                    RiskValidations.reason(r.outcome(), r.requestedAt() != null, d.validation()));
        }).toList();
    }

    @Override
    public Decision review(Actor admin, long orderId, String action, String note) {
        requireAdmin(admin);
        if (!"release".equals(action) && !"cancel".equals(action)) {
            throw new CommerceException.InvalidInput("action", "must be release or cancel");
        }
        String text = note == null || note.isBlank() ? null : TextInput.line("note", note, 500);
        return locks.locked(orderId, () -> {
            visible(admin, orderId);
            RiskValidations.sync(jdbi, ledger, orderId);
            Row r = visible(admin, orderId);
            if (!r.queued()) {
                throw new CommerceException.Conflict("review", "the decision on order " + orderId
                        + " is not waiting for a review");
            }
            OrderState state = OrderState.fromWire(r.state());
            boolean cancel = action.equals("cancel");
            if (cancel && state != OrderState.PAID && state != OrderState.SHIPPED && state != OrderState.DELIVERED) {
                throw new CommerceException.Conflict("action", "order " + orderId + " is " + state.wire()
                        + "; only a paid, shipped or delivered order whose payment is still in escrow can be "
                        + "cancelled");
            }
            if (cancel) {
                CborMap escrow = ledger.query(EscrowContract.ID, EscrowContract.GET,
                        EscrowContract.getArgs(LedgerNames.order(orderId)));
                if (!"LOCKED".equals(escrow.text("state"))) {
                    throw new CommerceException.Conflict("action", "order " + orderId + "'s payment has left "
                            + "escrow; it cannot be cancelled here");
                }
            }
            String outcome = cancel ? RiskDecisionContract.CANCELLED : RiskDecisionContract.RELEASED;
            LedgerGateway.Committed reviewed = ledger.submit(RiskDecisionContract.ID, RiskDecisionContract.REVIEW,
                    CborMap.parse(RiskDecisionContract.reviewArgs(LedgerNames.order(orderId), outcome,
                            commitments.account(admin.accountId()))));
            Instant now = now();
            if (!cancel) {
                jdbi.useTransaction(h -> {
                    reviewed(h, orderId, admin, outcome, text, reviewed, now, false);
                    OrderRecords.addRef(h, orderId, RISK_REVIEW, reviewed);
                });
                return decision(admin, orderId);
            }
            long amount = r.total().minor() - r.refunded();
            PaymentProvider.Result refund = payments.refund(r.paymentId(), Money.of(amount, r.total().currency()),
                    "refund:risk:" + orderId);
            if (refund instanceof PaymentProvider.Declined d) {
                throw new CommerceException.PaymentDeclined(d.code(), "the refund was refused: " + d.reason());
            }
            String refundId = ((PaymentProvider.Approved) refund).paymentId();
            LedgerGateway.Committed refunded = ledger.submit(EscrowContract.ID, EscrowContract.REFUND,
                    CborMap.parse(EscrowContract.refundArgs(LedgerNames.order(orderId))));
            jdbi.useTransaction(h -> {
                reviewed(h, orderId, admin, outcome, text, reviewed, now, true);
                OrderRecords.addRef(h, orderId, RISK_REVIEW, reviewed);
                OrderRecords.move(h, orderId, state, OrderState.REFUNDED, now, Map.of("refund_id", refundId,
                        "cancel_reason", "cancelled after a risk review"));
                if (state == OrderState.PAID) {
                    restoreStock(h, orderId);
                }
                OrderRecords.addRef(h, orderId, ESCROW_REFUND, refunded);
                SettlementRecords.refund(h, orderId, amount, SettlementRecords.CANCEL, false, refundId, refunded, now);
            });
            return decision(admin, orderId);
        });
    }

    private static void reviewed(Handle h, long orderId, Actor admin, String outcome, String note,
                                 LedgerGateway.Committed tx, Instant now, boolean holds) {
        h.createUpdate("UPDATE risk_decisions SET queued = FALSE, holds = :holds, reviewed_at = :now, "
                        + "reviewer_id = :r, review_outcome = :out, review_note = :note, review_tx = :tx "
                        + "WHERE order_id = :o")
                .bind("holds", holds).bind("now", Sql.at(now)).bind("r", admin.accountId()).bind("out", outcome)
                .bind("note", note).bind("tx", tx.transactionId()).bind("o", orderId).execute();
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

    @Override
    public Decision reportChargeback(Actor admin, long orderId) {
        requireAdmin(admin);
        return locks.locked(orderId, () -> {
            Row r = visible(admin, orderId);
            if (jdbi.withHandle(h -> h.createQuery("SELECT chargeback_at FROM risk_decisions WHERE order_id = :o")
                    .bind("o", orderId).mapTo(java.time.OffsetDateTime.class).findOne()).isPresent()) {
                throw new CommerceException.Conflict("order", "a chargeback on order " + orderId
                        + " was already reported");
            }
            LedgerGateway.Committed c = ledger.submit(RiskDecisionContract.ID, RiskDecisionContract.REPORT_CHARGEBACK,
                    CborMap.parse(RiskDecisionContract.reportChargebackArgs(LedgerNames.order(r.orderId()))));
            Instant now = now();
            jdbi.useTransaction(h -> {
                h.createUpdate("UPDATE risk_decisions SET chargeback_at = :now, chargeback_tx = :tx "
                                + "WHERE order_id = :o")
                        .bind("now", Sql.at(now)).bind("tx", c.transactionId()).bind("o", orderId).execute();
                OrderRecords.addRef(h, orderId, RISK_CHARGEBACK, c);
            });
            return decision(admin, orderId);
        });
    }

    @Override
    public Disclosure disclose(Actor admin, long orderId) {
        requireAdmin(admin);
        Row r = visible(admin, orderId);
        return new Disclosure(orderId, LedgerNames.order(orderId), r.features(), r.salt(), r.commitment(),
                r.modelSha(), r.featureVersion(), r.scorePpm(), r.tx());
    }

    @Override
    public List<PendingVote> pendingVotes(String organisation, long afterOrderId, int limit) {
        Objects.requireNonNull(organisation, "organisation");
        if (limit < 1 || limit > MAX_PENDING) {
            throw new CommerceException.InvalidInput("limit", "must be between 1 and " + MAX_PENDING);
        }
        // The chain, not the database, says who still has to vote: scan the decisions in order-id pages.
        List<PendingVote> out = new ArrayList<>();
        long after = afterOrderId;
        while (out.size() < limit) {
            long from = after;
            List<PendingVote> page = jdbi.withHandle(h -> h.createQuery("SELECT order_id, transaction_id, "
                            + "model_sha256 FROM risk_decisions WHERE order_id > :a ORDER BY order_id LIMIT :n")
                    .bind("a", from).bind("n", MAX_PENDING)
                    .map((rs, ctx) -> new PendingVote(rs.getLong("order_id"),
                            LedgerNames.order(rs.getLong("order_id")), rs.getString("transaction_id").strip(),
                            rs.getString("model_sha256").strip())).list());
            if (page.isEmpty()) {
                break;
            }
            for (PendingVote p : page) {
                after = p.orderId();
                CborMap d = onChain(p.order());
                boolean voted = d.maps("votes").stream().anyMatch(v -> v.text("org").equals(organisation));
                if (d.list("validators").contains(organisation) && !voted && out.size() < limit) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    @Override
    public Disclosure discloseTo(String organisation, long orderId) {
        Objects.requireNonNull(organisation, "organisation");
        Row r = jdbi.withHandle(h -> find(h, orderId))
                .orElseThrow(() -> new CommerceException.NotFound("risk decision", String.valueOf(orderId)));
        if (!onChain(LedgerNames.order(orderId)).list("validators").contains(organisation)) {
            throw new CommerceException.NotFound("risk decision", String.valueOf(orderId));
        }
        return new Disclosure(orderId, LedgerNames.order(orderId), r.features(), r.salt(), r.commitment(),
                r.modelSha(), r.featureVersion(), r.scorePpm(), r.tx());
    }

    private CborMap onChain(String order) {
        return ledger.query(RiskDecisionContract.ID, RiskDecisionContract.GET, RiskDecisionContract.getArgs(order));
    }

    @Override
    public CreditScore credit(Actor actor) {
        Objects.requireNonNull(actor, "actor");
        if (!actor.is(Role.BUYER) && !actor.is(Role.MERCHANT)) {
            throw new CommerceException.Forbidden("credit scores are for buyers and merchants");
        }
        return credit.score(actor.accountId(), actor.role());
    }

    @Override
    public CreditScore credit(Actor admin, long accountId) {
        requireAdmin(admin);
        Role role = jdbi.withHandle(h -> h.createQuery("SELECT role FROM accounts WHERE id = :id")
                        .bind("id", accountId).mapTo(String.class).findOne())
                .map(w -> Role.parse("role", w.strip()))
                .filter(r -> r == Role.BUYER || r == Role.MERCHANT)
                .orElseThrow(() -> new CommerceException.NotFound("buyer or merchant account",
                        String.valueOf(accountId)));
        return credit.score(accountId, role);
    }

    private static void requireAdmin(Actor actor) {
        Objects.requireNonNull(actor, "actor");
        if (!actor.is(Role.ADMIN)) {
            throw new CommerceException.Forbidden("only admins review risk decisions");
        }
    }
}
