package org.trustmall.ledger.execution;

import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.trustmall.ledger.crypto.PublicKey;

/**
 * The (sender, nonce) pairs of transactions whose timestamps are still inside the window. A transaction outside
 * the window is rejected as expired, so remembering only these is enough to reject every replay.
 *
 * <p>Threading: the executing thread adds and prunes; any thread may ask {@link #seen} for an early rejection.
 */
final class NonceWindow {
    record SenderNonce(PublicKey sender, long nonce) {
    }

    private record Expiry(long at, SenderNonce key) {
    }

    private final Map<SenderNonce, Long> live = new ConcurrentHashMap<>();
    private final PriorityQueue<Expiry> expiries = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));

    boolean seen(PublicKey sender, long nonce) {
        return live.containsKey(new SenderNonce(sender, nonce));
    }

    void add(PublicKey sender, long nonce, long expiresAt) {
        SenderNonce k = new SenderNonce(sender, nonce);
        live.put(k, expiresAt);
        expiries.add(new Expiry(expiresAt, k));
    }

    /** Forgets pairs whose transactions would now be rejected as expired anyway. */
    void prune(long blockTimestamp) {
        while (!expiries.isEmpty() && expiries.peek().at < blockTimestamp) {
            Expiry e = expiries.poll();
            live.remove(e.key, e.at);
        }
    }

    int size() {
        return live.size();
    }
}
