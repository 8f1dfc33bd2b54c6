package org.trustmall.contracts.escrow;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.trustmall.contracts.dispute.DisputeContract;
import org.trustmall.contracts.dispute.DisputeState;
import org.trustmall.contracts.internal.Args;
import org.trustmall.contracts.risk.RiskDecisionContract;
import org.trustmall.ledger.contract.Caller;
import org.trustmall.ledger.contract.Contract;
import org.trustmall.ledger.contract.ContractContext;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.contract.StateView;
import org.trustmall.ledger.encoding.CborMap;

/**
 * Holds a buyer's payment for an order until the buyer confirms receipt, a deadline after delivery passes, or it is
 * refunded. The ledger records the escrow's life; moving money is the payment system's job, driven by these records.
 *
 * <p>The platform's commerce service signs; persons never do, and the buyer appears only as a 32-byte keyed
 * commitment. Any registered member may lock an escrow and thereby becomes its controller: afterwards only the
 * same organisation and role, or that organisation's own key (role {@code org}), may mark it delivered, release or
 * refund it. Anyone may call {@code release-expired}, and it succeeds only once the deadline has passed in block
 * time, so a silent platform cannot keep a merchant's money.
 *
 * <p>It also keeps what is owed to each merchant: a release credits the merchant's balance with what remained in
 * escrow, a refund after release debits it, a payout debits it (never below zero). So a merchant's statement can be
 * reconciled exactly against these events.
 *
 * <p>While the order's latest {@link DisputeContract dispute} is open, or resolved but not yet settled, release,
 * release-expired and refund fail: the funds stay in escrow until the arbiters decide, and then {@code settle}
 * carries out their verdict. Likewise, while the order's {@link RiskDecisionContract risk decision} holds it (not
 * yet reviewed by a person, or cancelled by the review), release and release-expired fail; refunds and settle do not.
 *
 * <p>Methods:
 * <ul>
 *   <li>{@code lock {order, buyer: bytes(32), merchant, amount > 0, currency: [A-Z]{3}, timeout_ms}} → LOCKED, with
 *       release_after = locked_at + timeout_ms; one escrow per order, ever</li>
 *   <li>{@code mark-delivered {order}} → delivered_at = block time; release_after = delivered_at + timeout_ms,
 *       the buyer's window to confirm or dispute; once, while LOCKED</li>
 *   <li>{@code release {order}} → RELEASED (release_reason "confirmed"); credits the merchant</li>
 *   <li>{@code release-expired {order}} → RELEASED (release_reason "timeout") if delivered and block time ≥
 *       release_after; anyone may call it</li>
 *   <li>{@code refund {order, amount?}} → refunds the amount (default: all not yet refunded). While LOCKED it
 *       leaves escrow (REFUNDED when nothing remains); after release it is debited from the merchant's balance and
 *       the escrow stays RELEASED. Refunds never add up to more than the amount locked.</li>
 *   <li>{@code settle {order}} → carries out the latest dispute's verdict once: refunds its amount and, if the
 *       escrow was still LOCKED, releases the rest (release_reason "dispute"); anyone may call it</li>
 *   <li>{@code payout {payout, merchant, currency, amount}} → debits the merchant's balance (never below zero); by a
 *       member of the organisation whose escrows credited it; each payout id once → {payout, merchant, currency,
 *       amount, paid_at, paid_by, balance_after}</li>
 *   <li>{@code reverse-payout {payout}} → a payout the bank could not complete: credits the balance back, once, and
 *       marks the record reversed_at</li>
 * </ul>
 * Each escrow method returns the escrow as {@code get} shows it. Queries: {@code get {order}} → {order, buyer,
 * merchant, amount, currency, refunded, state, locked_at, delivered_at?, release_after, released_at?,
 * release_reason?, refunded_at?, timeout_ms, locked_by: "org/role", released_amount, settled_dispute?};
 * {@code balance {merchant, currency}} → {merchant, currency, organisation, released, refunded, paid_out, balance}
 * (zeros when none); {@code payout-record {payout}}.
 *
 * <p>State: {@code escrow/<order>}, {@code balance/<merchant>\0<currency>}, {@code payout/<id>}. Order, merchant
 * and payout ids are opaque: 1-100 characters, at most 200 UTF-8 bytes, no control characters. Stateless and
 * thread-safe.
 */
public final class EscrowContract implements Contract {
    public static final String ID = "escrow";

    public static final String LOCK = "lock";
    public static final String MARK_DELIVERED = "mark-delivered";
    public static final String RELEASE = "release";
    public static final String RELEASE_EXPIRED = "release-expired";
    public static final String REFUND = "refund";
    public static final String SETTLE = "settle";
    public static final String PAYOUT = "payout";
    public static final String REVERSE_PAYOUT = "reverse-payout";
    public static final String GET = "get";
    public static final String BALANCE = "balance";
    public static final String PAYOUT_RECORD = "payout-record";

    public static final int BUYER_COMMITMENT_BYTES = 32;
    public static final long MIN_TIMEOUT_MS = 60_000L;
    public static final long MAX_TIMEOUT_MS = 400L * 24 * 60 * 60 * 1000;

    private static final List<String> LOCK_FIELDS =
            List.of("order", "buyer", "merchant", "amount", "currency", "timeout_ms");
    private static final List<String> ORDER_ONLY = List.of("order");
    private static final List<String> REFUND_FIELDS = List.of("order", "amount");
    private static final List<String> PAYOUT_FIELDS = List.of("payout", "merchant", "currency", "amount");
    private static final List<String> BALANCE_FIELDS = List.of("merchant", "currency");
    private static final List<String> PAYOUT_ONLY = List.of("payout");

    @Override
    public String id() {
        return ID;
    }

    /** Arguments of a {@code lock} call; {@code amount} in minor units of {@code currency}. */
    public static byte[] lockArgs(String order, byte[] buyer, String merchant, long amount, String currency,
                                  long timeoutMs) {
        return CborMap.builder().put("order", order).put("buyer", buyer).put("merchant", merchant)
                .put("amount", amount).put("currency", currency).put("timeout_ms", timeoutMs).build().encode();
    }

    /** Arguments of a {@code mark-delivered} call. */
    public static byte[] markDeliveredArgs(String order) {
        return orderOnly(order).encode();
    }

    /** Arguments of a {@code release} call (the buyer confirmed receipt). */
    public static byte[] releaseArgs(String order) {
        return orderOnly(order).encode();
    }

    /** Arguments of a {@code release-expired} call. */
    public static byte[] releaseExpiredArgs(String order) {
        return orderOnly(order).encode();
    }

    /** Arguments of a {@code refund} of everything still held. */
    public static byte[] refundArgs(String order) {
        return orderOnly(order).encode();
    }

    /** Arguments of a {@code refund} of {@code amount} minor units. */
    public static byte[] refundArgs(String order, long amount) {
        return CborMap.builder().put("order", order).put("amount", amount).build().encode();
    }

    /** Arguments of a {@code settle} call: carries out the verdict of the order's latest dispute. */
    public static byte[] settleArgs(String order) {
        return orderOnly(order).encode();
    }

    /** Arguments of a {@code payout} of {@code amount} minor units from the merchant's balance. */
    public static byte[] payoutArgs(String payout, String merchant, String currency, long amount) {
        return CborMap.builder().put("payout", payout).put("merchant", merchant).put("currency", currency)
                .put("amount", amount).build().encode();
    }

    /** Arguments of a {@code reverse-payout} call. */
    public static byte[] reversePayoutArgs(String payout) {
        return payoutRecordArgs(payout).encode();
    }

    /** Arguments of the {@code balance} query. */
    public static CborMap balanceArgs(String merchant, String currency) {
        return CborMap.builder().put("merchant", merchant).put("currency", currency).build();
    }

    /** Arguments of the {@code payout-record} query. */
    public static CborMap payoutRecordArgs(String payout) {
        return CborMap.builder().put("payout", payout).build();
    }

    /** Arguments of the {@code get} query. */
    public static CborMap getArgs(String order) {
        return orderOnly(order);
    }

    private static CborMap orderOnly(String order) {
        return CborMap.builder().put("order", order).build();
    }

    @Override
    public CborMap invoke(String method, CborMap args, ContractContext ctx) {
        long now = ctx.blockTimestamp();
        return switch (method) {
            case LOCK -> lock(args, ctx);
            case MARK_DELIVERED -> update(args, ctx, ORDER_ONLY, method, e -> e.delivered(now));
            case RELEASE -> update(args, ctx, ORDER_ONLY, method, e -> {
                requireNoDispute(ctx, e, method);
                requireNoRiskHold(ctx, e, method);
                return e.released(now);
            });
            case RELEASE_EXPIRED -> {
                // Deliberately no controller check: anyone may enforce a deadline that has passed.
                Args.allowOnly(args, method, ORDER_ONLY);
                Escrow escrow = existing(ctx, Args.id(args, "order"));
                requireNoDispute(ctx, escrow, method);
                requireNoRiskHold(ctx, escrow, method);
                yield save(ctx, escrow, escrow.expired(now));
            }
            case REFUND -> {
                Args.allowOnly(args, method, REFUND_FIELDS);
                OptionalLong amount = args.optionalInteger("amount");
                if (amount.isPresent() && amount.getAsLong() <= 0) {
                    throw new ContractFailure("field 'amount': a refund must be > 0, got " + amount.getAsLong());
                }
                // Without an amount, everything not yet refunded is refunded.
                yield update(args, ctx, REFUND_FIELDS, method, e -> {
                    requireNoDispute(ctx, e, method);
                    return e.refunded(amount.orElse(e.remaining()), now);
                });
            }
            case SETTLE -> settle(args, ctx);
            case PAYOUT -> payout(args, ctx);
            case REVERSE_PAYOUT -> reversePayout(args, ctx);
            default -> throw new ContractFailure("escrow has no method '" + method + "'");
        };
    }

    private CborMap lock(CborMap args, ContractContext ctx) {
        Args.allowOnly(args, LOCK, LOCK_FIELDS);
        String order = Args.id(args, "order");
        byte[] buyer = args.bytes("buyer");
        if (buyer.length != BUYER_COMMITMENT_BYTES) {
            throw new ContractFailure("field 'buyer': a buyer commitment has " + BUYER_COMMITMENT_BYTES
                    + " bytes, got " + buyer.length);
        }
        String merchant = Args.id(args, "merchant");
        long amount = args.integer("amount");
        if (amount <= 0) {
            throw new ContractFailure("field 'amount': must be > 0 (minor units), got " + amount);
        }
        String currency = currency(args);
        long timeout = args.integer("timeout_ms");
        if (timeout < MIN_TIMEOUT_MS || timeout > MAX_TIMEOUT_MS) {
            throw new ContractFailure("field 'timeout_ms': " + MIN_TIMEOUT_MS + " to " + MAX_TIMEOUT_MS
                    + " (1 minute to 400 days), got " + timeout);
        }
        Optional<byte[]> existing = ctx.get(key(order));
        if (existing.isPresent()) {
            throw new ContractFailure("order '" + order + "' already has an escrow ("
                    + CborMap.parse(existing.get()).text("state") + ")");
        }
        Escrow locked = Escrow.lock(order, buyer, merchant, amount, currency, timeout, ctx.caller(),
                ctx.blockTimestamp());
        return save(ctx, locked, locked);
    }

    /** Carries out the verdict of the order's latest dispute, once; anyone may call it, as the verdict decides. */
    private CborMap settle(CborMap args, ContractContext ctx) {
        Args.allowOnly(args, SETTLE, ORDER_ONLY);
        Escrow escrow = existing(ctx, Args.id(args, "order"));
        DisputeContract.Standing verdict = DisputeContract.latest(ctx, escrow.order())
                .filter(d -> d.state() == DisputeState.RESOLVED)
                .orElseThrow(() -> new ContractFailure("order '" + escrow.order() + "' has no resolved dispute "
                        + "to settle"));
        if (verdict.dispute().equals(escrow.settledDispute())) {
            throw new ContractFailure("dispute '" + verdict.dispute() + "' was already settled");
        }
        return save(ctx, escrow, escrow.settled(verdict.dispute(), verdict.refund(), ctx.blockTimestamp()));
    }

    private CborMap payout(CborMap args, ContractContext ctx) {
        Args.allowOnly(args, PAYOUT, PAYOUT_FIELDS);
        String payout = Args.id(args, "payout");
        String merchant = Args.id(args, "merchant");
        String currency = currency(args);
        long amount = args.integer("amount");
        if (ctx.contains(payoutKey(payout))) {
            throw new ContractFailure("payout '" + payout + "' was already made");
        }
        MerchantBalance balance = balance(ctx, merchant, currency)
                .orElseThrow(() -> new ContractFailure("merchant '" + merchant + "' has no " + currency
                        + " balance"));
        Caller caller = ctx.caller();
        if (!caller.organisation().equals(balance.organisation())) {
            throw new ContractFailure(caller + " may not pay out merchant '" + merchant + "'; only members of "
                    + balance.organisation() + " may");
        }
        MerchantBalance after = balance.payOut(amount);
        ctx.put(balanceKey(merchant, currency), after.toCbor().encode());
        CborMap record = CborMap.builder().put("payout", payout).put("merchant", merchant).put("currency", currency)
                .put("amount", amount).put("paid_at", ctx.blockTimestamp()).put("paid_by", caller.toString())
                .put("balance_after", after.balance()).build();
        ctx.put(payoutKey(payout), record.encode());
        return record;
    }

    /** A payout the bank returned: credits the balance back, once, marking the payout record reversed. */
    private CborMap reversePayout(CborMap args, ContractContext ctx) {
        Args.allowOnly(args, REVERSE_PAYOUT, PAYOUT_ONLY);
        String payout = Args.id(args, "payout");
        CborMap record = ctx.get(payoutKey(payout)).map(CborMap::parse)
                .orElseThrow(() -> new ContractFailure("payout '" + payout + "' does not exist"));
        if (record.has("reversed_at")) {
            throw new ContractFailure("payout '" + payout + "' was already reversed");
        }
        String merchant = record.text("merchant");
        String currency = record.text("currency");
        MerchantBalance balance = balance(ctx, merchant, currency).orElseThrow();
        Caller caller = ctx.caller();
        if (!caller.organisation().equals(balance.organisation())) {
            throw new ContractFailure(caller + " may not reverse payout '" + payout + "'; only members of "
                    + balance.organisation() + " may");
        }
        MerchantBalance after = balance.reversePayout(record.integer("amount"));
        ctx.put(balanceKey(merchant, currency), after.toCbor().encode());
        CborMap.Builder reversed = CborMap.builder();
        for (String f : record.fields()) {
            reversed.put(f, f.equals("payout") || f.equals("merchant") || f.equals("currency")
                    || f.equals("paid_by") ? record.text(f) : record.integer(f));
        }
        CborMap value = reversed.put("reversed_at", ctx.blockTimestamp()).build();
        ctx.put(payoutKey(payout), value.encode());
        return value;
    }

    /** A transition only the escrow's controller may make. */
    private CborMap update(CborMap args, ContractContext ctx, List<String> fields, String method,
                           UnaryOperator<Escrow> transition) {
        Args.allowOnly(args, method, fields);
        Escrow escrow = existing(ctx, Args.id(args, "order"));
        Caller caller = ctx.caller();
        if (!escrow.controlledBy(caller)) {
            throw new ContractFailure(caller + " may not " + method + " the escrow for order '" + escrow.order()
                    + "'; only " + escrow.lockedBy() + " or " + escrow.lockerOrganisation() + "/"
                    + Caller.ORGANISATION_ROLE + " may");
        }
        return save(ctx, escrow, transition.apply(escrow));
    }

    /**
     * While the order's latest dispute is open, or resolved but not yet carried out, the escrow waits: only
     * {@code settle} may move its money.
     */
    private static void requireNoDispute(ContractContext ctx, Escrow escrow, String method) {
        DisputeContract.latest(ctx, escrow.order()).ifPresent(d -> {
            if (d.state() == DisputeState.OPEN) {
                throw new ContractFailure("order '" + escrow.order() + "' is under dispute '" + d.dispute()
                        + "'; cannot " + method + " until the arbiters decide");
            }
            if (d.state() == DisputeState.RESOLVED && !d.dispute().equals(escrow.settledDispute())) {
                throw new ContractFailure("dispute '" + d.dispute() + "' over order '" + escrow.order()
                        + "' is resolved but not settled; cannot " + method + " before settle");
            }
        });
    }

    /**
     * While a {@link RiskDecisionContract risk decision} holds the order and no human has reviewed it, the money
     * stays in escrow: neither the buyer's confirmation nor the deadline releases it (a refund still may).
     */
    private static void requireNoRiskHold(ContractContext ctx, Escrow escrow, String method) {
        if (RiskDecisionContract.holds(ctx, escrow.order())) {
            throw new ContractFailure("order '" + escrow.order() + "' is held by its risk decision; cannot " + method
                    + " until a reviewer releases it");
        }
    }

    @Override
    public CborMap query(String method, CborMap args, StateView state) {
        return switch (method) {
            case GET -> {
                Args.allowOnly(args, method, ORDER_ONLY);
                yield existing(state, Args.id(args, "order")).toCbor();
            }
            case BALANCE -> {
                Args.allowOnly(args, method, BALANCE_FIELDS);
                String merchant = Args.id(args, "merchant");
                String currency = currency(args);
                yield balance(state, merchant, currency)
                        .orElse(MerchantBalance.empty(merchant, currency, "")).toCbor();
            }
            case PAYOUT_RECORD -> {
                Args.allowOnly(args, method, PAYOUT_ONLY);
                String payout = Args.id(args, "payout");
                yield state.get(payoutKey(payout)).map(CborMap::parse)
                        .orElseThrow(() -> new ContractFailure("payout '" + payout + "' does not exist"));
            }
            default -> Contract.super.query(method, args, state);
        };
    }

    private static Escrow existing(StateView state, String order) {
        return state.get(key(order)).map(CborMap::parse).map(Escrow::fromCbor)
                .orElseThrow(() -> new ContractFailure("order '" + order + "' has no escrow"));
    }

    private static Optional<MerchantBalance> balance(StateView state, String merchant, String currency) {
        return state.get(balanceKey(merchant, currency)).map(CborMap::parse).map(MerchantBalance::fromCbor);
    }

    /**
     * Stores the escrow and moves the merchant's balance with it: a release credits what was released, a refund
     * after release debits it. Every movement of the balance is thereby one escrow event.
     */
    private static CborMap save(ContractContext ctx, Escrow before, Escrow after) {
        long credit = after.releasedAmount() - before.releasedAmount();
        long debit = before.state() == EscrowState.RELEASED ? after.refunded() - before.refunded() : 0;
        if (credit != 0 || debit != 0) {
            MerchantBalance balance = balance(ctx, after.merchant(), after.currency())
                    .orElse(MerchantBalance.empty(after.merchant(), after.currency(), after.lockerOrganisation()));
            ctx.put(balanceKey(after.merchant(), after.currency()),
                    balance.credit(credit).debitRefund(debit).toCbor().encode());
        }
        CborMap value = after.toCbor();
        ctx.put(key(after.order()), value.encode());
        return value;
    }

    private static String currency(CborMap args) {
        String currency = args.text("currency");
        if (!isCurrencyCode(currency)) {
            throw new ContractFailure("field 'currency': three capital letters A-Z (an ISO 4217 code)");
        }
        return currency;
    }

    private static boolean isCurrencyCode(String s) {
        return s.length() == 3 && s.chars().allMatch(c -> c >= 'A' && c <= 'Z');
    }

    /** The state key of {@code order}'s escrow, which other contracts read (see {@link DisputeContract}). */
    public static String stateKey(String order) {
        return "escrow/" + order;
    }

    private static String key(String order) {
        return stateKey(order);
    }

    private static String balanceKey(String merchant, String currency) {
        // NUL cannot occur in an id, so the key is unambiguous.
        return "balance/" + merchant + "\0" + currency;
    }

    private static String payoutKey(String payout) {
        return "payout/" + payout;
    }
}
