package org.trustmall.commerce.settlement;

import java.time.Instant;
import org.jdbi.v3.core.Handle;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.commerce.chain.LedgerNames;
import org.trustmall.commerce.db.Sql;

/**
 * Writes the database's side of a money movement the ledger has just made, inside the caller's transaction: refunds
 * to buyers ({@code refunds}, {@code orders.refunded_minor}) and the merchant's statement ({@code merchant_entries}).
 * Every row names the ledger transaction it mirrors, and the amounts are taken from the contract's own result where it
 * reports them, so the statement and the ledger cannot disagree unless someone edits one of them — which is what
 * {@link Reconciliation} looks for. Used by every path that releases, refunds or pays out.
 */
public final class SettlementRecords {
    /** Refund causes. */
    public static final String CANCEL = "cancel";
    public static final String RETURN = "return";
    public static final String DISPUTE = "dispute";

    private SettlementRecords() {
    }

    private record OrderMoney(long merchantId, String currency) {
    }

    private static OrderMoney order(Handle h, long orderId) {
        return h.createQuery("SELECT merchant_id, currency FROM orders WHERE id = :id").bind("id", orderId)
                .map((rs, ctx) -> new OrderMoney(rs.getLong("merchant_id"), rs.getString("currency").strip()))
                .findOne().orElseThrow(() -> new CommerceException.NotFound("order", String.valueOf(orderId)));
    }

    /**
     * A release of the order's escrow (confirmed, timed out or by a dispute's verdict): credits the merchant with the
     * escrow's {@code released_amount} as the ledger reports it in {@code released}'s result.
     */
    public static void release(Handle h, long orderId, LedgerGateway.Committed released, Instant now) {
        long amount = released.result().integer("released_amount");
        if (amount > 0) {
            OrderMoney o = order(h, orderId);
            entry(h, o.merchantId(), o.currency(), "release", amount, orderId, null, released, now);
        }
    }

    /**
     * A refund of {@code amount} to the order's buyer, made by ledger transaction {@code tx}. After release it came
     * out of the merchant's balance, which is debited. Fails with a {@code Conflict} (and the caller's transaction
     * rolls back) if refunds would exceed what was paid.
     *
     * @param cause           {@link #CANCEL}, {@link #RETURN} or {@link #DISPUTE}
     * @param afterRelease    whether the escrow had already been released to the merchant
     * @param paymentRefundId the payment provider's id of the money sent back
     */
    public static void refund(Handle h, long orderId, long amount, String cause, boolean afterRelease,
                              String paymentRefundId, LedgerGateway.Committed tx, Instant now) {
        OrderMoney o = order(h, orderId);
        int updated = h.createUpdate("UPDATE orders SET refunded_minor = refunded_minor + :a "
                        + "WHERE id = :id AND refunded_minor + :a <= total_minor")
                .bind("a", amount).bind("id", orderId).execute();
        if (updated != 1) {
            throw new CommerceException.Conflict("amount", "a refund of " + amount + " would exceed what was paid "
                    + "for order " + orderId);
        }
        h.createUpdate("INSERT INTO refunds (order_id, amount_minor, currency, cause, source, payment_refund_id, "
                        + "transaction_id, height, created_at) VALUES (:o, :a, :c, :cause, :src, :pr, :tx, :h, :now)")
                .bind("o", orderId).bind("a", amount).bind("c", o.currency()).bind("cause", cause)
                .bind("src", afterRelease ? "merchant_balance" : "escrow").bind("pr", paymentRefundId)
                .bind("tx", tx.transactionId()).bind("h", tx.height()).bind("now", Sql.at(now)).execute();
        if (afterRelease) {
            entry(h, o.merchantId(), o.currency(), "refund", -amount, orderId, null, tx, now);
        }
    }

    /** A payout of {@code amount} to the merchant, made by ledger transaction {@code tx}: debits the statement. */
    public static void payout(Handle h, long merchantId, String currency, long amount, long payoutId,
                              LedgerGateway.Committed tx, Instant now) {
        entry(h, merchantId, currency, "payout", -amount, null, payoutId, tx, now);
    }

    /** A payout the provider refused, reversed on the ledger by {@code tx}: credits the statement back. */
    public static void reversal(Handle h, long merchantId, String currency, long amount, long payoutId,
                                LedgerGateway.Committed tx, Instant now) {
        entry(h, merchantId, currency, "reversal", amount, null, payoutId, tx, now);
    }

    private static void entry(Handle h, long merchantId, String currency, String kind, long amount, Long orderId,
                              Long payoutId, LedgerGateway.Committed tx, Instant now) {
        h.createUpdate("INSERT INTO merchant_entries (merchant_id, currency, kind, amount_minor, order_id, payout_id, "
                        + "transaction_id, height, created_at) VALUES (:m, :c, :k, :a, :o, :p, :tx, :h, :now)")
                .bind("m", merchantId).bind("c", currency).bind("k", kind).bind("a", amount).bind("o", orderId)
                .bind("p", payoutId).bind("tx", tx.transactionId()).bind("h", tx.height()).bind("now", Sql.at(now))
                .execute();
    }


}
