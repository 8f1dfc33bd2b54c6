package org.trustmall.commerce.risk;

import java.time.Instant;
import java.util.List;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.money.Money;

/**
 * Fraud-risk decisions as people see them: a buyer's explanation of the decision on their own order and their right
 * to ask for a person to review it (PIPL Art. 24); the admins' review queue of held orders and requested reviews,
 * where a reviewer releases the order's escrow or cancels the order and refunds the buyer; and credit scores from the
 * ledger's history. Another person's decision does not exist for the caller ({@code NotFound}).
 */
public interface RiskService {

    /**
     * One feature's part in a score.
     *
     * @param contribution its additive share of the log-odds (SHAP): positive raised the risk, negative lowered it
     * @param explanation  what it means, in plain words
     */
    record Contribution(String feature, double value, double contribution, String explanation) {
    }

    /** A person's review: requested (by the buyer, when) and decided (released or cancelled, when, with a note). */
    record Review(Instant requestedAt, String requestNote, Instant reviewedAt, String outcome, String note,
                  String requestTransactionId, String reviewTransactionId) {
    }

    /**
     * A decision with its proof reference: the ledger transaction that recorded it (its inclusion proof is at
     * {@code GET /ledger/transactions/{transactionId}/proof}) and the commitment to its feature vector.
     *
     * @param threshold  the hold threshold in force
     * @param outcome    {@code hold} or {@code pass}
     * @param holds      whether the order's payment is being held now
     * @param top        the largest contributions, largest first
     * @param summary    the decision in plain words
     * @param validation the validators' votes on it, as the ledger has them now
     */
    record Decision(long orderId, double score, double threshold, String outcome, boolean holds, String modelId,
                    String modelSha256, String featureVersion, String commitment, String transactionId, long height,
                    Instant decidedAt, List<Contribution> top, String summary, Review review,
                    Validation validation) {
    }

    /**
     * The re-execution vote on a decision (issue 9, item 6), from the {@code risk-decision} contract: agreement
     * C = agree/validators against the threshold {@code agreementNum/agreementDen}.
     *
     * @param status {@code pending}, {@code confirmed}, {@code flagged} (C can no longer reach the threshold: the
     *               escrow is held until a person reviews it) or {@code unvalidated} (no validators)
     */
    record Validation(String status, int agree, int disagree, int validators, int agreementNum, int agreementDen) {
        /** Whether the votes flagged the decision. */
        public boolean flagged() {
            return FLAGGED.equals(status);
        }
    }

    /** {@link Validation#status()} of a decision the votes flagged. */
    String FLAGGED = "flagged";

    /**
     * An entry of the review queue.
     *
     * @param reason why it waits: held at checkout, flagged by the validators, or the buyer asked for a review
     */
    record QueueEntry(long orderId, long buyerId, Money total, String orderState, Decision decision, String reason) {
    }

    /**
     * What an authorised validator re-executes (issue 9, item 6): the vector and the salt of its commitment, the
     * registered model's hash, and the decision's ledger transaction.
     */
    record Disclosure(long orderId, String order, double[] features, String salt, String commitment,
                      String modelSha256, String featureVersion, long scorePpm, String transactionId) {
    }

    /**
     * A decision waiting for a validator organisation's vote: the chain names it among the decision's validators and
     * holds no vote of it yet.
     */
    record PendingVote(long orderId, String order, String transactionId, String modelSha256) {
    }

    /** A credit score with its reasons. */
    record CreditScore(long accountId, String role, int score, String band, List<String> reasons, Instant asOf,
                       int ordersOnLedger) {
    }

    /** The decision on order {@code orderId}: for its buyer and admins; anyone else gets {@code NotFound}. */
    Decision decision(Actor actor, long orderId);

    /** The buyer asks for a person to review the decision: it joins the review queue (once). */
    Decision requestReview(Actor buyer, long orderId, String note);

    /** Admins: held orders and requested reviews not yet reviewed, oldest first. */
    List<QueueEntry> reviews(Actor admin);

    /**
     * Admins: review a queued decision. {@code release} lets the order's escrow be released as usual; {@code cancel}
     * refunds the buyer in full from escrow and the order becomes refunded.
     */
    Decision review(Actor admin, long orderId, String action, String note);

    /** Admins: the payment provider reported a chargeback on the order; recorded on the ledger. */
    Decision reportChargeback(Actor admin, long orderId);

    /** Admins: the vector, salt and model hash of a decision, to re-execute it (see {@link Disclosure}). */
    Disclosure disclose(Actor admin, long orderId);

    /**
     * Validators (issue 9, item 6): up to {@code limit} decisions after order {@code afterOrderId} that the ledger
     * lists {@code organisation} as a validator of and that it has not voted on, by order id. {@code organisation}
     * must already be authenticated (the HTTP layer checks its ledger-key signature).
     */
    List<PendingVote> pendingVotes(String organisation, long afterOrderId, int limit);

    /**
     * Validators: {@link Disclosure} of the decision on {@code orderId} to {@code organisation} (authenticated), only
     * if the ledger names it among that decision's validators; {@code NotFound} otherwise. Decision data only: the
     * vector holds counts, ratios and z-scores, nothing that names a person.
     */
    Disclosure discloseTo(String organisation, long orderId);

    /** The caller's own credit score: pay-later for a buyer, payout terms for a merchant. */
    CreditScore credit(Actor actor);

    /** Admins: an account's credit score. */
    CreditScore credit(Actor admin, long accountId);
}
