package org.trustmall.contracts.escrow;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.trustmall.contracts.internal.Args;
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
 * <p>Methods (each returns the escrow as {@code get} shows it):
 * <ul>
 *   <li>{@code lock {order, buyer: bytes(32), merchant, amount > 0, currency: [A-Z]{3}, timeout_ms}} → LOCKED, with
 *       release_after = locked_at + timeout_ms; one escrow per order, ever</li>
 *   <li>{@code mark-delivered {order}} → delivered_at = block time; release_after = delivered_at + timeout_ms,
 *       the buyer's window to confirm or dispute; once, while LOCKED</li>
 *   <li>{@code release {order}} → RELEASED (release_reason "confirmed")</li>
 *   <li>{@code release-expired {order}} → RELEASED (release_reason "timeout") if delivered and block time ≥
 *       release_after</li>
 *   <li>{@code refund {order, amount?}} → refunds the amount (default: all that remains); REFUNDED when nothing
 *       remains, otherwise stays LOCKED holding the rest</li>
 * </ul>
 * Query: {@code get {order}} → {order, buyer, merchant, amount, currency, refunded, state, locked_at,
 * delivered_at?, release_after, released_at?, release_reason?, refunded_at?, timeout_ms, locked_by: "org/role"}.
 *
 * <p>State: {@code escrow/<order>} → the map {@code get} returns. Order and merchant ids are opaque: 1-100
 * characters, at most 200 UTF-8 bytes, no control characters. Stateless and thread-safe.
 */
public final class EscrowContract implements Contract {
    public static final String ID = "escrow";

    public static final String LOCK = "lock";
    public static final String MARK_DELIVERED = "mark-delivered";
    public static final String RELEASE = "release";
    public static final String RELEASE_EXPIRED = "release-expired";
    public static final String REFUND = "refund";
    public static final String GET = "get";

    public static final int BUYER_COMMITMENT_BYTES = 32;
    public static final long MIN_TIMEOUT_MS = 60_000L;
    public static final long MAX_TIMEOUT_MS = 400L * 24 * 60 * 60 * 1000;

    private static final List<String> LOCK_FIELDS =
            List.of("order", "buyer", "merchant", "amount", "currency", "timeout_ms");
    private static final List<String> ORDER_ONLY = List.of("order");
    private static final List<String> REFUND_FIELDS = List.of("order", "amount");

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
            case RELEASE -> update(args, ctx, ORDER_ONLY, method, e -> e.released(now));
            case RELEASE_EXPIRED -> {
                // Deliberately no controller check: anyone may enforce a deadline that has passed.
                Args.allowOnly(args, method, ORDER_ONLY);
                Escrow next = existing(ctx, Args.id(args, "order")).expired(now);
                yield save(ctx, next);
            }
            case REFUND -> {
                Args.allowOnly(args, method, REFUND_FIELDS);
                OptionalLong amount = args.optionalInteger("amount");
                if (amount.isPresent() && amount.getAsLong() <= 0) {
                    throw new ContractFailure("field 'amount': a refund must be > 0, got " + amount.getAsLong());
                }
                // Without an amount, everything still held is refunded.
                yield update(args, ctx, REFUND_FIELDS, method, e -> e.refunded(amount.orElse(e.remaining()), now));
            }
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
        String currency = args.text("currency");
        if (!isCurrencyCode(currency)) {
            throw new ContractFailure("field 'currency': three capital letters A-Z (an ISO 4217 code)");
        }
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
        return save(ctx, Escrow.lock(order, buyer, merchant, amount, currency, timeout, ctx.caller(),
                ctx.blockTimestamp()));
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
        return save(ctx, transition.apply(escrow));
    }

    @Override
    public CborMap query(String method, CborMap args, StateView state) {
        if (!method.equals(GET)) {
            return Contract.super.query(method, args, state);
        }
        Args.allowOnly(args, method, ORDER_ONLY);
        return existing(state, Args.id(args, "order")).toCbor();
    }

    private static Escrow existing(StateView state, String order) {
        return state.get(key(order)).map(CborMap::parse).map(Escrow::fromCbor)
                .orElseThrow(() -> new ContractFailure("order '" + order + "' has no escrow"));
    }

    private static CborMap save(ContractContext ctx, Escrow escrow) {
        CborMap value = escrow.toCbor();
        ctx.put(key(escrow.order()), value.encode());
        return value;
    }

    private static boolean isCurrencyCode(String s) {
        return s.length() == 3 && s.chars().allMatch(c -> c >= 'A' && c <= 'Z');
    }

    private static String key(String order) {
        return "escrow/" + order;
    }
}
