package org.trustmall.commerce;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Locks keyed by a numeric id (an order, a merchant), striped: two ids may share a lock, one id never has two. Used
 * to serialise the steps on one thing within this process — check its state, call the ledger, record the outcome —
 * without another step in between. Thread-safe; reentrant.
 */
public class StripedLocks {
    private final ReentrantLock[] locks;

    public StripedLocks(int stripes) {
        if (stripes < 1) {
            throw new IllegalArgumentException("at least one stripe");
        }
        locks = new ReentrantLock[stripes];
        Arrays.setAll(locks, i -> new ReentrantLock());
    }

    /** Runs {@code step} holding {@code id}'s lock. */
    public final <T> T locked(long id, Supplier<T> step) {
        ReentrantLock lock = locks[(int) Math.floorMod(id, (long) locks.length)];
        lock.lock();
        try {
            return step.get();
        } finally {
            lock.unlock();
        }
    }
}
