package org.trustmall.ledger;

import java.util.Arrays;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.storage.SegmentStore;

/**
 * Where each block is stored and how far the log reached after it, plus a map from transaction id to log index.
 * Compact by design (primitive arrays, no object per transaction) so it stays small for long ledgers.
 *
 * <p>Threading: one writer adds blocks, then publishes the new height through a volatile write; readers see
 * everything up to the height they read.
 */
final class BlockIndex {
    private volatile int[] segments = new int[1024];
    private volatile long[] offsets = new long[1024];
    private volatile int[] lengths = new int[1024];
    private volatile long[] logSizes = new long[1024];
    private volatile int blocks;
    /** Blocks added by the writer, published or not. */
    private int added;
    private final TxIds txIds = new TxIds();

    void add(SegmentStore.Position position, long logSizeAfter) {
        int n = added;
        if (n == segments.length) {
            int cap = n * 2;
            segments = Arrays.copyOf(segments, cap);
            offsets = Arrays.copyOf(offsets, cap);
            lengths = Arrays.copyOf(lengths, cap);
            logSizes = Arrays.copyOf(logSizes, cap);
        }
        segments[n] = position.segment();
        offsets[n] = position.offset();
        lengths[n] = position.length();
        logSizes[n] = logSizeAfter;
        added = n + 1;
    }

    void addTransaction(Hash id, long logIndex) {
        txIds.put(id.prefix64(), logIndex);
    }

    /** Makes the blocks added so far visible to readers. */
    void publish(int blockCount) {
        if (blockCount != added) {
            throw new IllegalStateException("publishing " + blockCount + " blocks but " + added + " were added");
        }
        blocks = blockCount;
    }

    int blocks() {
        return blocks;
    }

    SegmentStore.Position position(long height) {
        checkHeight(height);
        int h = (int) height;
        return new SegmentStore.Position(segments[h], offsets[h], lengths[h]);
    }

    long logSizeAfter(long height) {
        checkHeight(height);
        return logSizes[(int) height];
    }

    /** The height of the block holding log entry {@code logIndex}. */
    long heightOf(long logIndex) {
        int n = blocks;
        long[] sizes = logSizes;
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sizes[mid] > logIndex) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        if (n == 0 || sizes[lo] <= logIndex) {
            throw new IllegalArgumentException("log index " + logIndex + " is beyond the committed log");
        }
        return lo;
    }

    /** Candidate log indices for an id (prefix matches; the caller checks the full id). */
    long[] candidates(Hash id) {
        return txIds.get(id.prefix64());
    }

    private void checkHeight(long height) {
        if (height < 0 || height >= blocks) {
            throw new IllegalArgumentException("no block at height " + height + " (height is " + (blocks - 1) + ")");
        }
    }

    /**
     * Open-addressing multimap from the first 8 bytes of a transaction id to log indices. Prefixes may collide,
     * so lookups return every candidate. Slots store index + 1, so 0 marks an empty slot. The single writer replaces
     * the whole table when it grows; readers work on whichever table they read.
     */
    private static final class TxIds {
        private record Table(long[] keys, long[] values) {
        }

        private volatile Table table = new Table(new long[1 << 12], new long[1 << 12]);
        private int size;

        void put(long key, long logIndex) {
            Table t = table;
            if ((size + 1) * 4L > t.keys.length * 3L) {
                t = grow(t);
                table = t;
            }
            insert(t, key, logIndex + 1);
            size++;
        }

        private static void insert(Table t, long key, long slotValue) {
            int mask = t.keys.length - 1;
            int i = mix(key) & mask;
            while (t.values[i] != 0) {
                i = (i + 1) & mask;
            }
            t.keys[i] = key;
            t.values[i] = slotValue;
        }

        private static Table grow(Table old) {
            Table t = new Table(new long[old.keys.length * 2], new long[old.keys.length * 2]);
            for (int i = 0; i < old.keys.length; i++) {
                if (old.values[i] != 0) {
                    insert(t, old.keys[i], old.values[i]);
                }
            }
            return t;
        }

        long[] get(long key) {
            Table t = table;
            int mask = t.keys.length - 1;
            int i = mix(key) & mask;
            long[] out = new long[0];
            while (t.values[i] != 0) {
                if (t.keys[i] == key) {
                    out = Arrays.copyOf(out, out.length + 1);
                    out[out.length - 1] = t.values[i] - 1;
                }
                i = (i + 1) & mask;
            }
            return out;
        }

        private static int mix(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }
}
