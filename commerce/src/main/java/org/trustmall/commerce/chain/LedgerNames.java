package org.trustmall.commerce.chain;

/**
 * How commerce names its things on the ledger: the ids every contract call about an order or a merchant uses, so
 * that the escrow, shipment, dispute and review records of one order meet under one name. Stable: changing them
 * would orphan every record already on the ledger.
 */
public final class LedgerNames {
    private LedgerNames() {
    }

    /** An order, e.g. {@code order:17} (escrow, shipment, dispute, review). */
    public static String order(long orderId) {
        return "order:" + orderId;
    }

    /** A merchant account, e.g. {@code merchant:7} (escrow and its balance). */
    public static String merchant(long merchantId) {
        return "merchant:" + merchantId;
    }
}
