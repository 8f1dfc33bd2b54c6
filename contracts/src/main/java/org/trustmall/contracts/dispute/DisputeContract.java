package org.trustmall.contracts.dispute;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.trustmall.contracts.escrow.EscrowContract;
import org.trustmall.contracts.internal.Args;
import org.trustmall.ledger.contract.Caller;
import org.trustmall.ledger.contract.Contract;
import org.trustmall.ledger.contract.ContractContext;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.contract.StateView;
import org.trustmall.ledger.crypto.PublicKey;
import org.trustmall.ledger.encoding.CborMap;

/**
 * Disputes over an order's escrow, decided by appointed arbiters who each sign their own vote. An outcome — refund a
 * given amount, or release to the merchant — is decided when C = V/N, the votes V for it over the N appointed
 * arbiters, reaches the dispute's threshold (e.g. 2/3). While a dispute is open the escrow refuses to release or
 * refund ({@link EscrowContract} reads this contract's state), so the funds stay put; once resolved, anyone may call
 * {@code escrow.settle}, which carries out exactly the verdict. Votes after the end, second votes and votes by anyone
 * but an appointed arbiter fail.
 *
 * <p>Methods:
 * <ul>
 *   <li>{@code open {dispute, order, grounds: bytes(32), arbiters: [bytes(32)…] (1-15 distinct Ed25519 keys),
 *       threshold_num, threshold_den}} — by a member of the organisation that locked the order's escrow, which must
 *       hold something not yet refunded; the claimant is the escrow's buyer commitment. At most one dispute per order
 *       is undecided at a time (open, or resolved and not yet settled).</li>
 *   <li>{@code vote {dispute, outcome: refund|release, amount (refund only): 1..not yet refunded}} — signed by an
 *       appointed arbiter's own key.</li>
 *   <li>{@code withdraw {dispute}} — the opener's organisation, while open.</li>
 * </ul>
 * Queries: {@code get {dispute}}, {@code for-order {order}} (the order's latest dispute) → {id, order, claimant,
 * grounds, arbiters, threshold_num, threshold_den, votes_needed, state, opened_by, opened_at, votes: [{arbiter,
 * outcome, amount, height, timestamp}], tally: [{outcome, amount, votes}], outcome?, refund, closed_at?}.
 *
 * <p>State: {@code dispute/<id>} → the dispute; {@code order/<order>} → {dispute: id of the latest}. Stateless and
 * thread-safe.
 */
public final class DisputeContract implements Contract {
    public static final String ID = "dispute";

    public static final String OPEN = "open";
    public static final String VOTE = "vote";
    public static final String WITHDRAW = "withdraw";
    public static final String GET = "get";
    public static final String FOR_ORDER = "for-order";

    public static final int GROUNDS_BYTES = 32;

    private static final List<String> OPEN_FIELDS =
            List.of("dispute", "order", "grounds", "arbiters", "threshold_num", "threshold_den");
    private static final List<String> VOTE_FIELDS = List.of("dispute", "outcome", "amount");
    private static final List<String> DISPUTE_ONLY = List.of("dispute");
    private static final List<String> ORDER_ONLY = List.of("order");

    @Override
    public String id() {
        return ID;
    }

    /** Arguments of an {@code open} call. */
    public static byte[] openArgs(String dispute, String order, byte[] grounds, List<byte[]> arbiters,
                                  int thresholdNumerator, int thresholdDenominator) {
        return CborMap.builder().put("dispute", dispute).put("order", order).put("grounds", grounds)
                .put("arbiters", List.copyOf(arbiters)).put("threshold_num", (long) thresholdNumerator)
                .put("threshold_den", (long) thresholdDenominator).build().encode();
    }

    /** Arguments of a vote to refund {@code amount} minor units. */
    public static byte[] refundVoteArgs(String dispute, long amount) {
        return CborMap.builder().put("dispute", dispute).put("outcome", Dispute.REFUND).put("amount", amount)
                .build().encode();
    }

    /** Arguments of a vote to release the escrow to the merchant. */
    public static byte[] releaseVoteArgs(String dispute) {
        return CborMap.builder().put("dispute", dispute).put("outcome", Dispute.RELEASE).build().encode();
    }

    /** Arguments of a {@code withdraw} call. */
    public static byte[] withdrawArgs(String dispute) {
        return disputeOnly(dispute).encode();
    }

    /** Arguments of the {@code get} query. */
    public static CborMap getArgs(String dispute) {
        return disputeOnly(dispute);
    }

    /** Arguments of the {@code for-order} query. */
    public static CborMap forOrderArgs(String order) {
        return CborMap.builder().put("order", order).build();
    }

    private static CborMap disputeOnly(String dispute) {
        return CborMap.builder().put("dispute", dispute).build();
    }

    /**
     * The state of the latest dispute over {@code order} as the escrow sees it, for {@link EscrowContract}: its id,
     * state and verdict.
     */
    public record Standing(String dispute, DisputeState state, long refund) {
    }

    /** The latest dispute over {@code order}, read from this contract's state by another contract. */
    public static Optional<Standing> latest(ContractContext ctx, String order) {
        return ctx.read(ID, orderKey(order)).map(CborMap::parse).map(m -> m.text("dispute"))
                .flatMap(id -> ctx.read(ID, key(id)).map(CborMap::parse)
                        .map(d -> new Standing(id, DisputeState.valueOf(d.text("state")), d.integer("refund"))));
    }

    @Override
    public CborMap invoke(String method, CborMap args, ContractContext ctx) {
        return switch (method) {
            case OPEN -> open(args, ctx);
            case VOTE -> vote(args, ctx);
            case WITHDRAW -> {
                Args.allowOnly(args, method, DISPUTE_ONLY);
                Dispute d = existing(ctx, Args.id(args, "dispute"));
                if (!d.openedBy().startsWith(ctx.caller().organisation() + "/")) {
                    throw new ContractFailure(ctx.caller() + " may not withdraw dispute '" + d.id()
                            + "'; only its opener's organisation may");
                }
                yield save(ctx, d.withdrawn(ctx.blockTimestamp()));
            }
            default -> throw new ContractFailure("dispute has no method '" + method + "'");
        };
    }

    private CborMap open(CborMap args, ContractContext ctx) {
        Args.allowOnly(args, OPEN, OPEN_FIELDS);
        String id = Args.id(args, "dispute");
        String order = Args.id(args, "order");
        byte[] grounds = args.bytes("grounds");
        if (grounds.length != GROUNDS_BYTES) {
            throw new ContractFailure("field 'grounds': a SHA-256 of the claim, " + GROUNDS_BYTES + " bytes");
        }
        List<byte[]> arbiters = new ArrayList<>();
        for (Object a : args.list("arbiters")) {
            if (!(a instanceof byte[] key) || key.length != PublicKey.LENGTH) {
                throw new ContractFailure("field 'arbiters': Ed25519 public keys of " + PublicKey.LENGTH + " bytes");
            }
            if (arbiters.stream().anyMatch(k -> Arrays.equals(k, key))) {
                throw new ContractFailure("field 'arbiters': an arbiter is appointed once");
            }
            arbiters.add(key);
        }
        Panel panel;
        try {
            long num = args.integer("threshold_num");
            long den = args.integer("threshold_den");
            if (num > Panel.MAX_DENOMINATOR || den > Panel.MAX_DENOMINATOR) {
                throw new IllegalArgumentException("a threshold's terms are at most " + Panel.MAX_DENOMINATOR);
            }
            panel = new Panel(arbiters.size(), (int) num, (int) den);
        } catch (IllegalArgumentException e) {
            throw new ContractFailure("field 'arbiters'/'threshold': " + e.getMessage());
        }
        if (ctx.contains(key(id))) {
            throw new ContractFailure("dispute '" + id + "' already exists");
        }
        CborMap escrow = escrowOf(ctx, order);
        String lockedBy = escrow.text("locked_by");
        Caller caller = ctx.caller();
        if (!lockedBy.startsWith(caller.organisation() + "/")) {
            throw new ContractFailure(caller + " may not open a dispute over order '" + order
                    + "'; only the organisation holding its escrow (" + lockedBy + ") may");
        }
        if ("REFUNDED".equals(escrow.text("state")) || notRefunded(escrow) == 0) {
            throw new ContractFailure("order '" + order + "' has been refunded in full; there is nothing to dispute");
        }
        Optional<Standing> previous = latest(ctx, order);
        if (previous.isPresent()) {
            Standing p = previous.get();
            boolean settled = p.dispute().equals(escrow.optionalText("settled_dispute").orElse(null));
            if (p.state() == DisputeState.OPEN || (p.state() == DisputeState.RESOLVED && !settled)) {
                throw new ContractFailure("order '" + order + "' already has dispute '" + p.dispute() + "' ("
                        + p.state() + (p.state() == DisputeState.RESOLVED ? ", not yet settled" : "") + ")");
            }
        }
        Dispute d = Dispute.open(id, order, escrow.bytes("buyer"), grounds, arbiters, panel, caller.toString(),
                ctx.blockTimestamp());
        ctx.put(orderKey(order), CborMap.builder().put("dispute", id).build().encode());
        return save(ctx, d);
    }

    private CborMap vote(CborMap args, ContractContext ctx) {
        Args.allowOnly(args, VOTE, VOTE_FIELDS);
        Dispute d = existing(ctx, Args.id(args, "dispute"));
        String outcome = args.text("outcome");
        long amount;
        switch (outcome) {
            case Dispute.RELEASE -> {
                if (args.has("amount")) {
                    throw new ContractFailure("field 'amount': a release vote names no amount");
                }
                amount = 0;
            }
            case Dispute.REFUND -> {
                amount = args.integer("amount");
                long open = notRefunded(escrowOf(ctx, d.order()));
                if (amount < 1 || amount > open) {
                    throw new ContractFailure("field 'amount': a refund of 1 to " + open + " (what is not yet "
                            + "refunded of order '" + d.order() + "'), got " + amount);
                }
            }
            default -> throw new ContractFailure("field 'outcome': refund or release");
        }
        return save(ctx, d.vote(new Dispute.Vote(ctx.caller().key().bytes(), outcome, amount, ctx.blockHeight(),
                ctx.blockTimestamp())));
    }

    @Override
    public CborMap query(String method, CborMap args, StateView state) {
        return switch (method) {
            case GET -> {
                Args.allowOnly(args, method, DISPUTE_ONLY);
                yield view(existing(state, Args.id(args, "dispute")));
            }
            case FOR_ORDER -> {
                Args.allowOnly(args, method, ORDER_ONLY);
                String order = Args.id(args, "order");
                String id = state.get(orderKey(order)).map(CborMap::parse).map(m -> m.text("dispute"))
                        .orElseThrow(() -> new ContractFailure("order '" + order + "' has no dispute"));
                yield view(existing(state, id));
            }
            default -> Contract.super.query(method, args, state);
        };
    }

    private static CborMap view(Dispute d) {
        CborMap stored = d.toCbor();
        CborMap.Builder b = CborMap.builder();
        for (String f : stored.fields()) {
            b.put(f, f.equals("arbiters") || f.equals("votes") ? stored.list(f) : raw(stored, f));
        }
        List<Object> tally = new ArrayList<>();
        for (Map.Entry<String, Integer> t : d.tally().entrySet()) {
            int colon = t.getKey().indexOf(':');
            tally.add(CborMap.builder().put("outcome", t.getKey().substring(0, colon))
                    .put("amount", Long.parseLong(t.getKey().substring(colon + 1)))
                    .put("votes", (long) t.getValue()).build());
        }
        return b.put("votes_needed", (long) d.panel().votesNeeded()).put("tally", tally).build();
    }

    private static Object raw(CborMap m, String field) {
        return switch (field) {
            case "claimant", "grounds" -> m.bytes(field);
            case "threshold_num", "threshold_den", "opened_at", "refund", "closed_at" -> m.integer(field);
            default -> m.text(field);
        };
    }

    private static CborMap escrowOf(ContractContext ctx, String order) {
        return ctx.read(EscrowContract.ID, EscrowContract.stateKey(order)).map(CborMap::parse)
                .orElseThrow(() -> new ContractFailure("order '" + order + "' has no escrow"));
    }

    private static long notRefunded(CborMap escrow) {
        return escrow.integer("amount") - escrow.integer("refunded");
    }

    private static Dispute existing(StateView state, String id) {
        return state.get(key(id)).map(CborMap::parse).map(Dispute::fromCbor)
                .orElseThrow(() -> new ContractFailure("dispute '" + id + "' does not exist"));
    }

    private static CborMap save(ContractContext ctx, Dispute d) {
        ctx.put(key(d.id()), d.toCbor().encode());
        return view(d);
    }

    private static String key(String id) {
        return "dispute/" + id;
    }

    private static String orderKey(String order) {
        return "order/" + order;
    }
}
