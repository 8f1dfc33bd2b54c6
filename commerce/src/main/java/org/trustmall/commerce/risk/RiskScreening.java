package org.trustmall.commerce.risk;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.ai.risk.OrderAttempt;
import org.trustmall.ai.risk.RiskFeatures;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.commerce.chain.LedgerNames;
import org.trustmall.commerce.db.Sql;
import org.trustmall.contracts.risk.RiskDecisionContract;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.encoding.CborMap;

/**
 * Screens an order at payment, for {@code OrderService.pay}: computes its features from the history before it
 * ({@link RiskFeatures} over {@link SqlRiskHistory}, the same code the model was trained with), scores it, and — once
 * the payment went through — records the decision on the ledger ({@link RiskDecisionContract}: score, model hash,
 * the commitment SHA-256(salt ‖ canonical vector), threshold, hold or pass) and in the database, with the vector, the
 * salt and the contributions kept off chain. A held order's escrow stays on the ledger until an admin reviews it.
 * Declined payments are recorded as attempts too: later orders' features count them. Thread-safe.
 */
public final class RiskScreening {
    public static final String LEDGER_KIND = "risk-decision.record";
    static final int SALT_BYTES = 32;

    private final Jdbi jdbi;
    private final RiskKeys keys;
    private final RiskModels models;
    private final RiskPolicy policy;
    private final LedgerGateway ledger;
    private final SqlRiskHistory history;
    private final SecureRandom random = new SecureRandom();

    public RiskScreening(Jdbi jdbi, RiskKeys keys, RiskModels models, RiskPolicy policy, LedgerGateway ledger) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.models = Objects.requireNonNull(models, "models");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.history = new SqlRiskHistory(jdbi);
    }

    /** Where the request came from, as far as the API knows: the client's IP and a device hint; either may be null. */
    public record Client(String ip, String device) {
        public static final Client UNKNOWN = new Client(null, null);
    }

    /**
     * An order scored before its payment.
     *
     * @param contributions each feature's contribution to the log-odds (SHAP), in {@link RiskFeatures#NAMES} order
     */
    public record Assessment(long orderId, OrderAttempt attempt, double[] features, double score,
                             double[] contributions, double bias, RiskModels.Deployed model) {
        /** Whether the order is held: its score is at or above the threshold. */
        public boolean holds(RiskPolicy policy) {
            return scorePpm() >= policy.thresholdPpm();
        }

        public long scorePpm() {
            return Math.round(score * RiskDecisionContract.PPM);
        }
    }

    /** A decision recorded on the ledger, to be saved with the payment. */
    public record Decided(Assessment assessment, boolean held, byte[] salt, byte[] commitment,
                          LedgerGateway.Committed committed) {
    }

    /** Stores the key of order {@code orderId}'s shipping address, at checkout (inside its transaction). */
    public void rememberAddress(Handle h, long orderId, Map<String, String> addressFields) {
        h.createUpdate("INSERT INTO risk_order_keys (order_id, destination_key) VALUES (:o, :k)")
                .bind("o", orderId).bind("k", keys.address(addressFields)).execute();
    }

    /** Scores the buyer's attempt to pay order {@code orderId} with {@code cardNumber}, as of {@code at}. */
    public Assessment assess(long orderId, String cardNumber, Client client, Instant at) {
        Client c = client == null ? Client.UNKNOWN : client;
        OrderAttempt attempt = jdbi.withHandle(h -> h.createQuery("SELECT o.buyer_id, o.total_minor, o.currency, "
                        + "o.coupon_code, k.destination_key, (SELECT p.category FROM order_lines l JOIN products p "
                        + "ON p.id = l.product_id WHERE l.order_id = o.id ORDER BY l.line_total_minor DESC, l.line_no "
                        + "LIMIT 1) AS category FROM orders o LEFT JOIN risk_order_keys k ON k.order_id = o.id "
                        + "WHERE o.id = :o")
                .bind("o", orderId)
                .map((rs, ctx) -> {
                    long buyer = rs.getLong("buyer_id");
                    String address = rs.getString("destination_key");
                    return new OrderAttempt(Long.toString(orderId), Long.toString(buyer), at,
                            major(rs.getLong("total_minor"), rs.getString("currency").strip()),
                            rs.getString("category") == null ? "none" : rs.getString("category"),
                            // Orders placed before screening existed have no address key: one of their own.
                            address == null ? "order-" + orderId : address.strip(), keys.device(c.device(), buyer),
                            keys.ip(c.ip(), buyer), keys.card(cardNumber), rs.getString("coupon_code") != null);
                }).one());
        double[] x = RiskFeatures.compute(attempt, history);
        RiskModels.Deployed model = models.deployed();
        return new Assessment(orderId, attempt, x, model.model().score(x), model.model().contributions(x),
                model.model().bias(x), model);
    }

    /** Records a declined payment attempt (its own transaction): later features count it. */
    public void declined(Assessment a) {
        jdbi.useTransaction(h -> insertAttempt(h, a, true));
    }

    /** Records the decision on the ledger: signed by the platform, it names the order and nobody else. */
    public Decided decide(Assessment a) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] commitment = commitment(salt, a.features());
        boolean held = a.holds(policy);
        LedgerGateway.Committed c = ledger.submit(RiskDecisionContract.ID, RiskDecisionContract.RECORD,
                CborMap.parse(RiskDecisionContract.recordArgs(new RiskDecisionContract.Decision(
                        LedgerNames.order(a.orderId()), a.scorePpm(), policy.thresholdPpm(),
                        held ? RiskDecisionContract.HOLD : RiskDecisionContract.PASS, a.model().sha256(),
                        RiskFeatures.VERSION, commitment, policy.agreementNum(), policy.agreementDen()))));
        return new Decided(a, held, salt, commitment, c);
    }

    /** Saves the decision and the paid attempt, inside the payment's transaction. */
    public void save(Handle h, Decided d, Instant now) {
        Assessment a = d.assessment();
        insertAttempt(h, a, false);
        h.createUpdate("INSERT INTO risk_decisions (order_id, score, score_ppm, threshold_ppm, outcome, holds, "
                        + "model_id, model_sha256, feature_version, features, contributions, bias, salt, commitment, "
                        + "transaction_id, height, decided_at, queued) VALUES (:o, :s, :sp, :tp, :out, :holds, :mid, "
                        + ":sha, :fv, :x, :c, :b, :salt, :com, :tx, :h, :at, :holds)")
                .bind("o", a.orderId()).bind("s", a.score()).bind("sp", a.scorePpm())
                .bind("tp", policy.thresholdPpm())
                .bind("out", d.held() ? RiskDecisionContract.HOLD : RiskDecisionContract.PASS)
                .bind("holds", d.held()).bind("mid", a.model().id()).bind("sha", a.model().sha256())
                .bind("fv", RiskFeatures.VERSION).bind("x", vector(a.features()))
                .bind("c", vector(a.contributions())).bind("b", a.bias())
                .bind("salt", HexFormat.of().formatHex(d.salt())).bind("com", HexFormat.of().formatHex(d.commitment()))
                .bind("tx", d.committed().transactionId()).bind("h", d.committed().height()).bind("at", Sql.at(now))
                .execute();
    }

    /** Whether a decision holds order {@code orderId}'s escrow (held and not released by a review, or cancelled). */
    public static boolean holds(Handle h, long orderId) {
        return h.createQuery("SELECT holds FROM risk_decisions WHERE order_id = :o").bind("o", orderId)
                .mapTo(Boolean.class).findOne().orElse(false);
    }

    /** The commitment to a feature vector: SHA-256 of the salt, then the vector's canonical bytes. */
    public static byte[] commitment(byte[] salt, double[] features) {
        return Hash.sha256(salt, RiskFeatures.canonicalBytes(features)).bytes();
    }

    private void insertAttempt(Handle h, Assessment a, boolean failed) {
        OrderAttempt t = a.attempt();
        h.createUpdate("INSERT INTO risk_attempts (order_id, account_id, attempted_at, amount, category, "
                        + "destination_key, device_key, ip_key, card_key, coupon_used, payment_failed) "
                        + "VALUES (:o, :a, :at, :amt, :cat, :addr, :dev, :ip, :card, :coupon, :failed)")
                .bind("o", a.orderId()).bind("a", Long.parseLong(t.account())).bind("at", Sql.at(t.at()))
                .bind("amt", t.amount()).bind("cat", t.category()).bind("addr", t.addressKey())
                .bind("dev", t.deviceKey()).bind("ip", t.ipKey()).bind("card", t.cardKey())
                .bind("coupon", t.couponUsed()).bind("failed", failed).execute();
    }

    /** A vector as text that parses back to the very same doubles ({@link Double#toString} round-trips). */
    static String vector(double[] v) {
        return Arrays.stream(v).mapToObj(Double::toString).collect(Collectors.joining(","));
    }

    static double[] vector(String s) {
        return Arrays.stream(s.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    /** An amount in major units of its currency (CNY yuan), as the model was trained on. */
    static double major(long minor, String currency) {
        int digits = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
        return minor / Math.pow(10, Math.max(0, digits));
    }
}
