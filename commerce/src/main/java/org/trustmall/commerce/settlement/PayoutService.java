package org.trustmall.commerce.settlement;

import java.time.Instant;
import java.util.List;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.Page;
import org.trustmall.commerce.money.Money;

/**
 * What the platform owes merchants and how it pays them. Released escrow credits a merchant's balance, refunds after
 * release debit it; payouts — on request or on a schedule — send it through the payment provider. Every movement is
 * a ledger escrow event (the escrow contract keeps the same balance), and {@link #reconcile()} checks the database
 * against the ledger. Thread-safe.
 */
public interface PayoutService {

    /** One line of a statement: {@code kind} release, refund, payout or reversal; amount signed (+ credit). */
    record Entry(long id, String kind, Money amount, Long orderId, Long payoutId, String transactionId, long height,
                 Instant at) {
    }

    /** A merchant's balance in one currency and a page of its entries, newest first. */
    record Statement(long merchantId, Money balance, Money released, Money refunded, Money paidOut,
                     Page<Entry> entries) {
    }

    /**
     * {@code state}: requested → recorded (on the ledger, balance debited) → paid, or failed (reversed on the
     * ledger when the provider refused). {@code trigger}: request or schedule.
     */
    record Payout(long id, long merchantId, Money amount, String state, String trigger, String failure,
                  String transactionId, Instant createdAt, Instant updatedAt) {
    }

    /** Pay out the whole balance every {@code intervalDays} once it reaches {@code minimum}. */
    record Schedule(long merchantId, int intervalDays, Money minimum, Instant nextRunAt) {
    }

    /** A difference between the database and the ledger, for the reconciliation report. */
    record Difference(String subject, String what) {
    }

    record Report(int orders, int merchants, int entries, int payouts, List<Difference> differences) {
        public boolean reconciled() {
            return differences.isEmpty();
        }
    }

    /** The merchant's own statement, or any merchant's for an admin. */
    Statement statement(Actor actor, long merchantId, String currency, int page, int size);

    /**
     * The merchant pays out {@code amountMinorOrNull} of its balance in {@code currency} (null: all of it). The ledger
     * records it first (it never lets the balance go below zero), then the provider sends the money; a refusal by
     * the provider reverses the payout on the ledger and leaves it failed.
     */
    Payout requestPayout(Actor merchant, String currency, Long amountMinorOrNull);

    /** The merchant's payouts (an admin's: any merchant's), newest first. */
    Page<Payout> payouts(Actor actor, long merchantId, int page, int size);

    /** Sets the merchant's payout schedule (replacing any); the first run is one interval from now. */
    Schedule schedule(Actor merchant, String currency, int intervalDays, long minimumMinor);

    /** Removes the merchant's payout schedule, if any. */
    void cancelSchedule(Actor merchant);

    /**
     * Runs due schedules and finishes payouts a crash left between steps; returns how many payouts were made. Run
     * periodically by the server.
     */
    int runScheduledPayouts();

    /**
     * Checks every refund, statement entry, payout and escrowed order in the database against the ledger: amounts,
     * balances, and that each row's transaction exists, succeeded and did what the row says.
     */
    Report reconcile();
}
