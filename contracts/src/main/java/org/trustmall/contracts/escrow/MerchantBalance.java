package org.trustmall.contracts.escrow;

import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.encoding.CborMap;

/**
 * What the platform owes a merchant in one currency, kept by the escrow contract itself so that no statement can
 * drift from the escrow events: released escrows credit it, refunds after release debit it (it may go negative: the
 * merchant then owes the platform), payouts debit it and never below zero. Pure and immutable.
 *
 * @param organisation the organisation whose escrows credit it, and the only one that may pay it out
 */
record MerchantBalance(String merchant, String currency, String organisation, long released, long refunded,
                       long paidOut) {

    static MerchantBalance empty(String merchant, String currency, String organisation) {
        return new MerchantBalance(merchant, currency, organisation, 0, 0, 0);
    }

    long balance() {
        return released - refunded - paidOut;
    }

    MerchantBalance credit(long amount) {
        return new MerchantBalance(merchant, currency, organisation, Math.addExact(released, amount), refunded,
                paidOut);
    }

    MerchantBalance debitRefund(long amount) {
        return new MerchantBalance(merchant, currency, organisation, released, Math.addExact(refunded, amount),
                paidOut);
    }

    MerchantBalance payOut(long amount) {
        if (amount < 1 || amount > balance()) {
            throw new ContractFailure("field 'amount': a payout of " + amount + " exceeds the balance of "
                    + balance() + " " + currency + " owed to merchant '" + merchant + "'");
        }
        return new MerchantBalance(merchant, currency, organisation, released, refunded,
                Math.addExact(paidOut, amount));
    }

    MerchantBalance reversePayout(long amount) {
        return new MerchantBalance(merchant, currency, organisation, released, refunded,
                Math.subtractExact(paidOut, amount));
    }

    CborMap toCbor() {
        return CborMap.builder().put("merchant", merchant).put("currency", currency).put("organisation", organisation)
                .put("released", released).put("refunded", refunded).put("paid_out", paidOut)
                .put("balance", balance()).build();
    }

    static MerchantBalance fromCbor(CborMap m) {
        return new MerchantBalance(m.text("merchant"), m.text("currency"), m.text("organisation"),
                m.integer("released"), m.integer("refunded"), m.integer("paid_out"));
    }
}
