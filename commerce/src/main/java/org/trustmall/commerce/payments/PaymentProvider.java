package org.trustmall.commerce.payments;

import org.trustmall.commerce.money.Money;

/**
 * A card payment provider. Implementations must be idempotent by {@code idempotencyKey}: charging twice with the
 * same key returns the first result and charges once. Thread-safe.
 */
public interface PaymentProvider {

    sealed interface Result permits Approved, Declined {
    }

    record Approved(String paymentId) implements Result {
    }

    record Declined(String code, String reason) implements Result {
    }

    Result charge(String cardNumber, Money amount, String idempotencyKey);

    /** Returns funds of an approved payment (all of it, or part). */
    Result refund(String paymentId, Money amount, String idempotencyKey);

    /**
     * Sends {@code amount} to a merchant's payout account, named by {@code beneficiary} — the platform's reference
     * for the account the provider holds (bank details never pass through here).
     */
    Result payout(String beneficiary, Money amount, String idempotencyKey);
}
