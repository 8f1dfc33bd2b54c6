package org.trustmall.commerce.orders;

import org.trustmall.commerce.StripedLocks;

/**
 * Serialises the steps on one order within this process — payment, shipping, disputes, returns, reviews — so that
 * each checks the order's state, calls the ledger and records the outcome without another step in between. One
 * instance is shared by every service that changes orders. Thread-safe; reentrant.
 */
public final class OrderLocks extends StripedLocks {
    public OrderLocks() {
        super(256);
    }
}
