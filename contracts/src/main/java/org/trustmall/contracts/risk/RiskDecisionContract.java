package org.trustmall.contracts.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.trustmall.contracts.escrow.EscrowContract;
import org.trustmall.contracts.internal.Args;
import org.trustmall.ledger.contract.Caller;
import org.trustmall.ledger.contract.Contract;
import org.trustmall.ledger.contract.ContractContext;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.contract.StateView;
import org.trustmall.ledger.encoding.Cbor;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.execution.Membership;

/**
 * Automated fraud-risk decisions on orders, so that each is explainable and checkable afterwards: the score, the
 * SHA-256 of the model that gave it, a commitment to the feature vector it was computed from, the threshold and the
 * outcome. Nothing here names a person: the order is an opaque id, the vector only a 32-byte commitment (SHA-256 of a
 * per-decision salt and the vector's canonical bytes; the platform keeps both off chain and hands them to an
 * authorised validator, who recomputes the commitment, then the score with the registered model).
 *
 * <p>While a decision holds an order — outcome {@code hold}, or flagged by the validators' votes — and no human has
 * reviewed it, {@link EscrowContract} refuses to release the order's escrow (confirmed or by timeout); a refund stays
 * possible. A review ({@code released} or {@code cancelled}) ends the hold; {@code cancelled} keeps the escrow from
 * ever being released, so only a refund can move it.
 *
 * <p>Votes: the decision names its validators when recorded — every member organisation of the ledger but the
 * recorder's — and each may vote once, signed by any of its keys, whether it agrees (its re-execution gave the same
 * score from the committed vector and the registered model). Agreement C = V/N, V agreeing votes over N validators,
 * is compared with the recorded threshold in integers: {@code confirmed} once V·den ≥ num·N, {@code flagged} once
 * that can no longer happen (too many disagreed), {@code pending} before either.
 *
 * <p>Methods (all but {@code vote} by the recorder: the same organisation and role, or that organisation's key):
 * <ul>
 *   <li>{@code record {order, score_ppm: 0..1000000, threshold_ppm: 0..1000000, outcome: hold|pass, model_sha256:
 *       64 hex, feature_version: label, commitment: bytes(32), agreement_num, agreement_den}} — once per order; the
 *       outcome must be {@code hold} exactly when score ≥ threshold.</li>
 *   <li>{@code request-review {order}} — the buyer asked for a human review (PIPL Art. 24); once, before review.</li>
 *   <li>{@code review {order, outcome: released|cancelled, reviewer: bytes(32)}} — a human decided, named only by a
 *       commitment of their role; once; only for a decision that holds or whose review was requested.</li>
 *   <li>{@code report-chargeback {order}} — the payment provider reported a chargeback on the order; once.</li>
 *   <li>{@code vote {order, agree: bool}} — by a validator organisation, once each.</li>
 * </ul>
 * Query {@code get {order}} → {order, score_ppm, threshold_ppm, outcome, model_sha256, feature_version, commitment,
 * agreement_num, agreement_den, validators: [org…], recorded_by, height, timestamp, tx, votes: [{org, agree, height,
 * timestamp}], agree, disagree, status: pending|confirmed|flagged|unvalidated, holds: bool, review_requested_at?,
 * review?: {outcome, reviewer, height, timestamp, tx}, chargeback_at?}.
 *
 * <p>State: {@code d/<order>} → the decision as stored. Stateless and thread-safe.
 */
public final class RiskDecisionContract implements Contract {
    public static final String ID = "risk-decision";

    public static final String RECORD = "record";
    public static final String REQUEST_REVIEW = "request-review";
    public static final String REVIEW = "review";
    public static final String REPORT_CHARGEBACK = "report-chargeback";
    public static final String VOTE = "vote";
    public static final String GET = "get";

    public static final String HOLD = "hold";
    public static final String PASS = "pass";
    public static final String RELEASED = "released";
    public static final String CANCELLED = "cancelled";

    public static final long PPM = 1_000_000L;
    public static final int COMMITMENT_BYTES = 32;
    public static final int MAX_DENOMINATOR = 100;

    private static final List<String> RECORD_FIELDS = List.of("order", "score_ppm", "threshold_ppm", "outcome",
            "model_sha256", "feature_version", "commitment", "agreement_num", "agreement_den");
    private static final List<String> ORDER_ONLY = List.of("order");
    private static final List<String> REVIEW_FIELDS = List.of("order", "outcome", "reviewer");
    private static final List<String> VOTE_FIELDS = List.of("order", "agree");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9._:/-]{0,63}");

    /**
     * A decision to record.
     *
     * @param commitment SHA-256 of salt ‖ the vector's canonical bytes (32 bytes)
     */
    public record Decision(String order, long scorePpm, long thresholdPpm, String outcome, String modelSha256,
                           String featureVersion, byte[] commitment, int agreementNumerator,
                           int agreementDenominator) {
    }

    @Override
    public String id() {
        return ID;
    }

    /** Arguments of a {@code record} call. */
    public static byte[] recordArgs(Decision d) {
        return CborMap.builder().put("order", d.order()).put("score_ppm", d.scorePpm())
                .put("threshold_ppm", d.thresholdPpm()).put("outcome", d.outcome()).put("model_sha256", d.modelSha256())
                .put("feature_version", d.featureVersion()).put("commitment", d.commitment())
                .put("agreement_num", (long) d.agreementNumerator())
                .put("agreement_den", (long) d.agreementDenominator())
                .build().encode();
    }

    /** Arguments of a {@code request-review} call. */
    public static byte[] requestReviewArgs(String order) {
        return orderOnly(order).encode();
    }

    /** Arguments of a {@code review} call: {@code outcome} {@link #RELEASED} or {@link #CANCELLED}. */
    public static byte[] reviewArgs(String order, String outcome, byte[] reviewer) {
        return CborMap.builder().put("order", order).put("outcome", outcome).put("reviewer", reviewer).build()
                .encode();
    }

    /** Arguments of a {@code report-chargeback} call. */
    public static byte[] reportChargebackArgs(String order) {
        return orderOnly(order).encode();
    }

    /** Arguments of a {@code vote} call. */
    public static byte[] voteArgs(String order, boolean agree) {
        return CborMap.builder().put("order", order).put("agree", agree).build().encode();
    }

    /** Arguments of the {@code get} query. */
    public static CborMap getArgs(String order) {
        return orderOnly(order);
    }

    private static CborMap orderOnly(String order) {
        return CborMap.builder().put("order", order).build();
    }

    /**
     * Whether a decision holds {@code order}'s escrow, read by {@link EscrowContract}: it is {@code hold} or flagged
     * by the validators and not reviewed, or a review cancelled the order.
     */
    public static boolean holds(ContractContext ctx, String order) {
        return ctx.read(ID, key(order)).map(CborMap::parse).map(RiskDecisionContract::holds).orElse(false);
    }

    private static boolean holds(CborMap d) {
        if (d.has("review")) {
            return CANCELLED.equals(d.map("review").text("outcome"));
        }
        return HOLD.equals(d.text("outcome")) || "flagged".equals(status(d));
    }

    @Override
    public CborMap invoke(String method, CborMap args, ContractContext ctx) {
        return switch (method) {
            case RECORD -> record(args, ctx);
            case REQUEST_REVIEW -> {
                Args.allowOnly(args, method, ORDER_ONLY);
                CborMap d = controlled(ctx, Args.id(args, "order"), method);
                if (d.has("review")) {
                    throw new ContractFailure("the decision on order '" + d.text("order") + "' was already reviewed");
                }
                if (d.has("review_requested_at")) {
                    throw new ContractFailure("a review of the decision on order '" + d.text("order")
                            + "' was already requested");
                }
                yield save(ctx, with(d, "review_requested_at", ctx.blockTimestamp()));
            }
            case REVIEW -> review(args, ctx);
            case REPORT_CHARGEBACK -> {
                Args.allowOnly(args, method, ORDER_ONLY);
                CborMap d = controlled(ctx, Args.id(args, "order"), method);
                if (d.has("chargeback_at")) {
                    throw new ContractFailure("a chargeback on order '" + d.text("order") + "' was already reported");
                }
                yield save(ctx, with(d, "chargeback_at", ctx.blockTimestamp()));
            }
            case VOTE -> vote(args, ctx);
            default -> throw new ContractFailure("risk-decision has no method '" + method + "'");
        };
    }

    private CborMap record(CborMap args, ContractContext ctx) {
        Args.allowOnly(args, RECORD, RECORD_FIELDS);
        String order = Args.id(args, "order");
        long score = ppm(args, "score_ppm");
        long threshold = ppm(args, "threshold_ppm");
        String outcome = args.text("outcome");
        if (!HOLD.equals(outcome) && !PASS.equals(outcome)) {
            throw new ContractFailure("field 'outcome': hold or pass");
        }
        if (HOLD.equals(outcome) != (score >= threshold)) {
            throw new ContractFailure("field 'outcome': a score of " + score + " ppm against a threshold of "
                    + threshold + " ppm is " + (score >= threshold ? HOLD : PASS) + ", not " + outcome);
        }
        String model = args.text("model_sha256");
        if (!SHA256_HEX.matcher(model).matches()) {
            throw new ContractFailure("field 'model_sha256': a SHA-256 as 64 lower-case hex digits");
        }
        String version = args.text("feature_version");
        if (!LABEL.matcher(version).matches()) {
            throw new ContractFailure("field 'feature_version': a label of 1-64 characters a-z 0-9 . _ : / -");
        }
        byte[] commitment = args.bytes("commitment");
        if (commitment.length != COMMITMENT_BYTES) {
            throw new ContractFailure("field 'commitment': a SHA-256 of " + COMMITMENT_BYTES + " bytes");
        }
        long num = args.integer("agreement_num");
        long den = args.integer("agreement_den");
        if (den < 1 || den > MAX_DENOMINATOR || num < 1 || num > den) {
            throw new ContractFailure("field 'agreement_num'/'agreement_den': num/den with 1 <= num <= den <= "
                    + MAX_DENOMINATOR);
        }
        if (ctx.contains(key(order))) {
            throw new ContractFailure("order '" + order + "' already has a risk decision; a decision never changes");
        }
        Caller caller = ctx.caller();
        List<Object> validators = new ArrayList<>();
        Optional<byte[]> names = ctx.read(Membership.ID, "organisations");
        if (names.isPresent()) {
            for (Object n : (List<?>) Cbor.decode(names.get())) {
                if (!caller.organisation().equals(n)) {
                    validators.add(n);
                }
            }
        }
        CborMap d = CborMap.builder().put("order", order).put("score_ppm", score).put("threshold_ppm", threshold)
                .put("outcome", outcome).put("model_sha256", model).put("feature_version", version)
                .put("commitment", commitment).put("agreement_num", num).put("agreement_den", den)
                .put("validators", validators).put("recorded_by", caller.toString())
                .put("height", ctx.blockHeight()).put("timestamp", ctx.blockTimestamp())
                .put("tx", ctx.transactionId().bytes()).put("votes", List.of()).build();
        return save(ctx, d);
    }

    private CborMap review(CborMap args, ContractContext ctx) {
        Args.allowOnly(args, REVIEW, REVIEW_FIELDS);
        CborMap d = controlled(ctx, Args.id(args, "order"), REVIEW);
        String outcome = args.text("outcome");
        if (!RELEASED.equals(outcome) && !CANCELLED.equals(outcome)) {
            throw new ContractFailure("field 'outcome': released or cancelled");
        }
        byte[] reviewer = args.bytes("reviewer");
        if (reviewer.length != COMMITMENT_BYTES) {
            throw new ContractFailure("field 'reviewer': a commitment of " + COMMITMENT_BYTES + " bytes");
        }
        if (d.has("review")) {
            throw new ContractFailure("the decision on order '" + d.text("order") + "' was already reviewed");
        }
        if (!holds(d) && !d.has("review_requested_at")) {
            throw new ContractFailure("the decision on order '" + d.text("order") + "' neither holds the order nor "
                    + "has a review requested; there is nothing to review");
        }
        CborMap review = CborMap.builder().put("outcome", outcome).put("reviewer", reviewer)
                .put("height", ctx.blockHeight()).put("timestamp", ctx.blockTimestamp())
                .put("tx", ctx.transactionId().bytes()).build();
        return save(ctx, with(d, "review", review));
    }

    private CborMap vote(CborMap args, ContractContext ctx) {
        Args.allowOnly(args, VOTE, VOTE_FIELDS);
        String order = Args.id(args, "order");
        CborMap d = existing(ctx, order);
        boolean agree = args.bool("agree");
        String org = ctx.caller().organisation();
        if (!d.list("validators").contains(org)) {
            throw new ContractFailure(ctx.caller() + " may not vote on the decision on order '" + order
                    + "'; its validators are " + d.list("validators"));
        }
        List<Object> votes = new ArrayList<>(d.list("votes"));
        for (CborMap v : d.maps("votes")) {
            if (v.text("org").equals(org)) {
                throw new ContractFailure("organisation " + org + " already voted on the decision on order '"
                        + order + "'");
            }
        }
        votes.add(CborMap.builder().put("org", org).put("agree", agree).put("height", ctx.blockHeight())
                .put("timestamp", ctx.blockTimestamp()).build());
        return save(ctx, with(d, "votes", votes));
    }

    @Override
    public CborMap query(String method, CborMap args, StateView state) {
        if (GET.equals(method)) {
            Args.allowOnly(args, method, ORDER_ONLY);
            return view(existing(state, Args.id(args, "order")));
        }
        return Contract.super.query(method, args, state);
    }

    /**
     * C = V/N against the threshold: {@code confirmed} once V·den ≥ num·N, {@code flagged} once even every
     * outstanding vote agreeing could not reach it, {@code pending} otherwise; {@code unvalidated} when there are no
     * validators.
     */
    static String status(CborMap d) {
        long n = d.list("validators").size();
        if (n == 0) {
            return "unvalidated";
        }
        long agree = 0;
        long disagree = 0;
        for (CborMap v : d.maps("votes")) {
            if (v.bool("agree")) {
                agree++;
            } else {
                disagree++;
            }
        }
        long num = d.integer("agreement_num");
        long den = d.integer("agreement_den");
        if (agree * den >= num * n) {
            return "confirmed";
        }
        if ((n - disagree) * den < num * n) {
            return "flagged";
        }
        return "pending";
    }

    private static CborMap view(CborMap d) {
        CborMap.Builder b = CborMap.builder();
        for (String f : d.fields()) {
            b.put(f, raw(d, f));
        }
        long agree = d.maps("votes").stream().filter(v -> v.bool("agree")).count();
        return b.put("agree", agree).put("disagree", d.list("votes").size() - agree).put("status", status(d))
                .put("holds", holds(d)).build();
    }

    private static Object raw(CborMap m, String field) {
        return switch (field) {
            case "commitment", "tx" -> m.bytes(field);
            case "validators", "votes" -> m.list(field);
            case "review" -> m.map(field);
            case "score_ppm", "threshold_ppm", "agreement_num", "agreement_den", "height", "timestamp",
                 "review_requested_at", "chargeback_at" -> m.integer(field);
            default -> m.text(field);
        };
    }

    /** The stored decision with {@code field} set to {@code value} (added, or replaced). */
    private static CborMap with(CborMap d, String field, Object value) {
        CborMap.Builder b = CborMap.builder();
        for (String f : d.fields()) {
            if (!f.equals(field)) {
                b.put(f, raw(d, f));
            }
        }
        return b.put(field, value).build();
    }

    private static long ppm(CborMap args, String field) {
        long v = args.integer(field);
        if (v < 0 || v > PPM) {
            throw new ContractFailure("field '" + field + "': 0 to " + PPM + " (parts per million), got " + v);
        }
        return v;
    }

    private static CborMap controlled(ContractContext ctx, String order, String method) {
        CborMap d = existing(ctx, order);
        String recordedBy = d.text("recorded_by");
        Caller caller = ctx.caller();
        boolean same = recordedBy.equals(caller.toString());
        boolean orgKey = caller.isOrganisation() && recordedBy.startsWith(caller.organisation() + "/");
        if (!same && !orgKey) {
            throw new ContractFailure(caller + " may not " + method + " the decision on order '" + order
                    + "'; only " + recordedBy + " or its organisation's key may");
        }
        return d;
    }

    private static CborMap existing(StateView state, String order) {
        return state.get(key(order)).map(CborMap::parse)
                .orElseThrow(() -> new ContractFailure("order '" + order + "' has no risk decision"));
    }

    private static CborMap save(ContractContext ctx, CborMap d) {
        ctx.put(key(d.text("order")), d.encode());
        return view(d);
    }

    private static String key(String order) {
        return "d/" + order;
    }
}
