package org.trustmall.commerce.disputes;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceConfig;
import org.trustmall.commerce.Page;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.orders.OrderService;

/**
 * Disputes over an order's escrow, decided by a panel of arbiters (contract {@code dispute}). The buyer opens one
 * with a reason and evidence, which stay in the database (the ledger gets only their salted SHA-256); the platform
 * appoints the configured number of arbiter accounts with the fewest undecided disputes; each appointed arbiter
 * votes with a transaction signed by their own key; an outcome — refund an amount, or release to the merchant — is
 * decided when C = V/N, its votes over the panel's size, reaches the configured threshold. The verdict is then
 * carried out at once (payment provider refund, {@code escrow.settle}, settlement records), or by
 * {@link #settleResolvedDisputes()} if that failed. While a dispute is open the order is DISPUTED and its money
 * stays in escrow.
 */
public interface DisputeService {

    /** What the buyer claims: reason 1-2000 characters; evidence up to 10 texts or URLs of 1-500 characters. */
    record Claim(String reason, List<String> evidence) {
    }

    /** An arbiter's vote: outcome {@code refund} with the amount to refund, or {@code release} (amount null). */
    record VoteRequest(String outcome, Money amount) {
    }

    enum DisputeState {
        /** Taking votes. */
        OPEN,
        /** Decided; the verdict is being carried out. */
        RESOLVED,
        /** Decided and carried out. */
        SETTLED,
        /** Every arbiter voted and no outcome reached the threshold; a new dispute may be opened. */
        UNRESOLVED,
        /** The buyer gave up. */
        WITHDRAWN;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record Arbiter(long accountId, String displayName, boolean voted) {
    }

    /** A vote as the ledger recorded it; {@code amount} is null for release. */
    record Vote(long arbiterId, String arbiterName, String outcome, Money amount, Instant votedAt,
                String transactionId) {
    }

    /** The votes for one outcome (refund of {@code amount}, or release with amount null) out of the panel's size. */
    record Tally(String outcome, Money amount, int votes, int arbiters) {
        /** C = V/N. */
        public double c() {
            return (double) votes / arbiters;
        }
    }

    /** What the arbiters decided: {@code refund} with the amount refunded, or {@code release} (refund zero). */
    record Verdict(String outcome, Money refund) {
    }

    /**
     * A dispute. {@code returnId} is the refused return it is about, if any; {@code ledgerId} its id in the dispute
     * contract; {@code ledger} its transactions (open, votes, settle, withdraw).
     */
    record Dispute(long id, long orderId, long buyerId, long merchantId, DisputeState state, String reason,
                   List<String> evidence, Long returnId, List<Arbiter> arbiters, List<Vote> votes, List<Tally> tally,
                   CommerceConfig.Threshold threshold, int votesNeeded, Verdict verdict, String ledgerId,
                   List<OrderService.LedgerRef> ledger, Instant openedAt, Instant closedAt) {
    }

    /**
     * The buyer disputes their own paid, shipped or delivered order — or a completed one whose return the merchant
     * refused. {@code Conflict} when the order is in another state, a return of it is under way, it was refunded in
     * full, or there are fewer arbiter accounts than a panel needs (field {@code arbiters}).
     */
    Dispute open(Actor buyer, long orderId, Claim claim);

    /** The buyer, the order's merchant, the appointed arbiters and admins see a dispute; others get NotFound. */
    Dispute get(Actor actor, long disputeId);

    /**
     * Disputes the actor may see, newest first: a buyer's own, those over a merchant's orders, those an arbiter is
     * appointed to, every one for an admin.
     */
    Page<Dispute> list(Actor actor, int page, int size);

    /**
     * An appointed arbiter votes (signed with their own ledger key). {@code Forbidden} for anyone else;
     * {@code Conflict} once the dispute is decided or after the arbiter's own vote. A vote that decides the dispute
     * carries out the verdict before returning (if that fails the dispute stays RESOLVED and the sweep retries).
     */
    Dispute vote(Actor arbiter, long disputeId, VoteRequest vote);

    /** The buyer withdraws their open dispute; the order goes back to the state it was in. */
    Dispute withdraw(Actor buyer, long disputeId);

    /**
     * Carries out the verdicts of disputes that were decided but not yet settled (after a crash or a failed refund);
     * returns how many it settled. Run periodically by the server.
     */
    int settleResolvedDisputes();
}
