package org.trustmall.ledger.execution;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The (sender, nonce) pairs of transactions whose timestamps are still inside the window. A transaction outside
 * the window is rejected as expired, so remembering only these is enough to reject every replay.
 *
 * <p>Compact by design, because at sustained load the window holds millions of pairs (10 minutes at 15k/s is
 * 9 million): each pair is an 8-byte fingerprint ({@code Transaction.replayKey()}, cut from SHA-256 so nobody can
 * aim a collision at another sender's pair) in open-addressing sets, one per minute of transaction timestamps.
 * A whole minute is forgotten at once, when every timestamp in it lies outside the window; the decision depends
 * only on block timestamps, so it is the same on every node and on replay.
 *
 * <p>Threading: the executing thread adds and prunes; any thread may ask {@link #seen} for an early rejection (a
 * racing answer may be stale; the executor's own check decides).
 */
final class NonceWindow {
    private static final long BUCKET_MILLIS = 60_000;

    private final Map<Long, LongSet> buckets = new ConcurrentSkipListMap<>();

    boolean seen(long fingerprint) {
        for (LongSet set : buckets.values()) {
            if (set.contains(fingerprint)) {
                return true;
            }
        }
        return false;
    }

    void add(long fingerprint, long timestamp) {
        buckets.computeIfAbsent(Math.floorDiv(timestamp, BUCKET_MILLIS), b -> new LongSet()).add(fingerprint);
    }

    /** Forgets the minutes whose every timestamp is older than {@code oldestAdmissible}. */
    void prune(long oldestAdmissible) {
        Iterator<Map.Entry<Long, LongSet>> it = buckets.entrySet().iterator();
        while (it.hasNext()) {
            long bucket = it.next().getKey();
            if ((bucket + 1) * BUCKET_MILLIS <= oldestAdmissible) {
                it.remove();
            } else {
                break;
            }
        }
    }

    /** An open-addressing set of non-zero longs; one writer, racy readers tolerated. */
    static final class LongSet {
        private volatile long[] table = new long[1 << 10];
        private int size;

        boolean contains(long v) {
            long[] t = table;
            int mask = t.length - 1;
            for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
                long x = t[i];
                if (x == v) {
                    return true;
                }
                if (x == 0) {
                    return false;
                }
            }
        }

        void add(long v) {
            if (contains(v)) {
                return;
            }
            if ((size + 1) * 2 > table.length) {
                long[] grown = new long[table.length * 2];
                for (long x : table) {
                    if (x != 0) {
                        insert(grown, x);
                    }
                }
                table = grown;
            }
            insert(table, v);
            size++;
        }

        private static void insert(long[] t, long v) {
            int mask = t.length - 1;
            int i = mix(v) & mask;
            while (t[i] != 0) {
                i = (i + 1) & mask;
            }
            t[i] = v;
        }

        private static int mix(long v) {
            return (int) (v ^ (v >>> 29));
        }
    }
}
