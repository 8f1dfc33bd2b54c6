package org.trustmall.commerce.orders;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises the steps on one order within this process — payment, shipping, disputes, returns — so that each
 * checks the order's state, calls the ledger and records the outcome without another step in between. Striped: two
 * orders may share a lock, never the other way round. One instance is shared by every service that changes orders.
 * Thread-safe; reentrant.
 */
public final class OrderLocks {
    private static final int STRIPES = 256;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public OrderLocks() {
        Arrays.setAll(locks, i -> new ReentrantLock());
    }

    /** Runs {@code step} holding order {@code orderId}'s lock. */
    public <T> T locked(long orderId, Supplier<T> step) {
        ReentrantLock lock = locks[(int) Math.floorMod(orderId, (long) STRIPES)];
        lock.lock();
        try {
            return step.get();
        } finally {
            lock.unlock();
        }
    }
}
