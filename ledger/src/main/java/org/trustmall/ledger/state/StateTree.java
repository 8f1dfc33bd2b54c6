package org.trustmall.ledger.state;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.BitSet;
import org.trustmall.ledger.crypto.Hash;

/**
 * The authenticated shape of the world state: every entry is a record (SHA-256 of its key, SHA-256 of its value);
 * records fall into 2^16 buckets by the top 16 bits of the key hash; a bucket's hash is
 * SHA-256(0x02 | its records in ascending key-hash order); the state root is the binary Merkle tree over the bucket
 * hashes, with node hash SHA-256(0x01 | left | right).
 *
 * <p>Why buckets rather than a sparse Merkle tree: an update costs one bucket rehash (a few records) plus 16 node
 * hashes instead of 256, which keeps the state root cheap enough to compute in every block at tens of thousands of
 * transactions per second, while still allowing a proof for any key (its bucket's records plus 16 sibling hashes).
 * Records are stored in one sorted byte array per bucket: 64 bytes per entry, no object per entry.
 *
 * <p>Not thread-safe: the ledger's single executing thread owns it.
 */
final class StateTree {
    static final int BUCKET_BITS = 16;
    static final int BUCKETS = 1 << BUCKET_BITS;
    private static final int RECORD = 64;

    private final byte[][] buckets = new byte[BUCKETS][];
    private final int[] counts = new int[BUCKETS];
    /** Heap-ordered tree: node 1 is the root, node i has children 2i and 2i+1, bucket b is node BUCKETS + b. */
    private final byte[] nodes = new byte[2 * BUCKETS * Hash.LENGTH];
    private final BitSet dirty = new BitSet(BUCKETS);

    StateTree() {
        // Every subtree of an empty tree at a given level has the same hash, so the empty tree costs 17 hashes.
        byte[] level = emptyBucketHash();
        for (int first = BUCKETS; first >= 1; first >>= 1) {
            for (int i = first; i < 2 * first; i++) {
                System.arraycopy(level, 0, nodes, i * Hash.LENGTH, Hash.LENGTH);
            }
            level = nodeHash(level, 0, level, 0);
        }
    }

    void put(Hash keyHash, Hash valueHash) {
        int b = bucketOf(keyHash);
        byte[] key = keyHash.bytes();
        int idx = find(b, key);
        byte[] records = buckets[b];
        if (idx >= 0) {
            valueHash.copyTo(records, idx * RECORD + Hash.LENGTH);
        } else {
            int insert = -idx - 1;
            int n = counts[b];
            if (records == null) {
                records = new byte[4 * RECORD];
            } else if ((n + 1) * RECORD > records.length) {
                records = Arrays.copyOf(records, records.length * 2);
            }
            System.arraycopy(records, insert * RECORD, records, (insert + 1) * RECORD, (n - insert) * RECORD);
            System.arraycopy(key, 0, records, insert * RECORD, Hash.LENGTH);
            valueHash.copyTo(records, insert * RECORD + Hash.LENGTH);
            buckets[b] = records;
            counts[b] = n + 1;
        }
        dirty.set(b);
    }

    void remove(Hash keyHash) {
        int b = bucketOf(keyHash);
        int idx = find(b, keyHash.bytes());
        if (idx < 0) {
            return;
        }
        byte[] records = buckets[b];
        int n = counts[b];
        System.arraycopy(records, (idx + 1) * RECORD, records, idx * RECORD, (n - idx - 1) * RECORD);
        counts[b] = n - 1;
        if (counts[b] == 0) {
            buckets[b] = null;
        }
        dirty.set(b);
    }

    /** The state root, rehashing only the buckets changed since the last call and their ancestors. */
    Hash root() {
        int n = dirty.cardinality();
        if (n > 0) {
            MessageDigest md = Hash.sha256Digest();
            // Node ids of the current level, ascending; a parent's id is its child's id >> 1, so it stays sorted.
            int[] level = new int[n];
            int k = 0;
            for (int b = dirty.nextSetBit(0); b >= 0; b = dirty.nextSetBit(b + 1)) {
                md.update((byte) 0x02);
                if (buckets[b] != null) {
                    md.update(buckets[b], 0, counts[b] * RECORD);
                }
                digestInto(md, BUCKETS + b);
                level[k++] = BUCKETS + b;
            }
            dirty.clear();
            while (level[0] != 1) {
                int m = 0;
                for (int i = 0; i < n; i++) {
                    int parent = level[i] >> 1;
                    if (m == 0 || level[m - 1] != parent) {
                        level[m++] = parent;
                        // The two children of a node are adjacent in the heap layout: one 64-byte update.
                        md.update((byte) 0x01);
                        md.update(nodes, 2 * parent * Hash.LENGTH, 2 * Hash.LENGTH);
                        digestInto(md, parent);
                    }
                }
                n = m;
            }
        }
        return Hash.of(nodes, Hash.LENGTH);
    }

    private void digestInto(MessageDigest md, int node) {
        try {
            md.digest(nodes, node * Hash.LENGTH, Hash.LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 digest did not fit 32 bytes", e);
        }
    }

    int entries() {
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        return total;
    }

    private int find(int bucket, byte[] key) {
        byte[] records = buckets[bucket];
        int lo = 0;
        int hi = counts[bucket] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Arrays.compareUnsigned(records, mid * RECORD, mid * RECORD + Hash.LENGTH, key, 0, Hash.LENGTH);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    private static int bucketOf(Hash keyHash) {
        return (int) (keyHash.prefix64() >>> (64 - BUCKET_BITS));
    }

    private static byte[] emptyBucketHash() {
        MessageDigest md = Hash.sha256Digest();
        md.update((byte) 0x02);
        return md.digest();
    }

    private static byte[] nodeHash(byte[] l, int lo, byte[] r, int ro) {
        MessageDigest md = Hash.sha256Digest();
        md.update((byte) 0x01);
        md.update(l, lo, Hash.LENGTH);
        md.update(r, ro, Hash.LENGTH);
        return md.digest();
    }
}
