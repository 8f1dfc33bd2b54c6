package org.trustmall.ledger.state;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.BitSet;
import org.trustmall.ledger.crypto.Hash;

/**
 * The authenticated shape of the world state: every entry is a record (SHA-256 of its key, SHA-256 of its value);
 * records fall into 2^16 buckets by the top 16 bits of the key hash; a bucket's hash is
 * SHA-256(0x02 | its records in ascending key-hash order); above the buckets is a Merkle tree of arity 16 (four
 * levels: 4096, 256, 16 nodes and the root), with node hash SHA-256(0x01 | its 16 children in order).
 *
 * <p>Why buckets rather than a sparse Merkle tree: an update costs one bucket rehash (a few records) plus four
 * node hashes instead of 256, which keeps the state root cheap enough to compute in every block at tens of thousands
 * of transactions per second, while still allowing a proof for any key (its bucket's records plus 15 siblings on
 * each of four levels). Arity 16 rather than 2: about as many SHA-256 compressions, but a quarter of the digest
 * finalisations, which dominate for 65-byte messages. Records are stored in one sorted byte array per bucket:
 * 64 bytes per entry, no object per entry.
 *
 * <p>Not thread-safe: the ledger's single executing thread owns it.
 */
final class StateTree {
    static final int BUCKET_BITS = 16;
    static final int BUCKETS = 1 << BUCKET_BITS;
    static final int ARITY_BITS = 4;
    static final int ARITY = 1 << ARITY_BITS;
    /** Levels of node hashes, root first: 1, 16, 256, 4096 nodes; then the 65536 bucket hashes. */
    static final int LEVELS = BUCKET_BITS / ARITY_BITS + 1;
    private static final int RECORD = 64;

    private final byte[][] buckets = new byte[BUCKETS][];
    private final int[] counts = new int[BUCKETS];
    /** levels[l] holds the 32-byte hashes of level l (level 0 the root, level LEVELS-1 the buckets). */
    private final byte[][] levels = new byte[LEVELS][];
    private final BitSet dirty = new BitSet(BUCKETS);

    StateTree() {
        // Every subtree of an empty tree at a given level has the same hash, so the empty tree costs 5 hashes.
        byte[] hash = emptyBucketHash();
        for (int l = LEVELS - 1; l >= 0; l--) {
            int width = 1 << (ARITY_BITS * l);
            levels[l] = new byte[width * Hash.LENGTH];
            for (int i = 0; i < width; i++) {
                System.arraycopy(hash, 0, levels[l], i * Hash.LENGTH, Hash.LENGTH);
            }
            MessageDigest md = Hash.sha256Digest();
            md.update((byte) 0x01);
            for (int c = 0; c < ARITY; c++) {
                md.update(hash);
            }
            hash = md.digest();
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
            // Node indices of the current level, ascending; a parent's index is its child's >> 4, so it stays sorted.
            int[] level = new int[n];
            int k = 0;
            byte[] bucketLevel = levels[LEVELS - 1];
            for (int b = dirty.nextSetBit(0); b >= 0; b = dirty.nextSetBit(b + 1)) {
                md.update((byte) 0x02);
                if (buckets[b] != null) {
                    md.update(buckets[b], 0, counts[b] * RECORD);
                }
                digestInto(md, bucketLevel, b);
                level[k++] = b;
            }
            dirty.clear();
            for (int l = LEVELS - 2; l >= 0; l--) {
                byte[] children = levels[l + 1];
                byte[] here = levels[l];
                int m = 0;
                for (int i = 0; i < n; i++) {
                    int parent = level[i] >> ARITY_BITS;
                    if (m == 0 || level[m - 1] != parent) {
                        level[m++] = parent;
                        // A node's 16 children are adjacent: one 512-byte update.
                        md.update((byte) 0x01);
                        md.update(children, parent * ARITY * Hash.LENGTH, ARITY * Hash.LENGTH);
                        digestInto(md, here, parent);
                    }
                }
                n = m;
            }
        }
        return Hash.of(levels[0], 0);
    }

    private static void digestInto(MessageDigest md, byte[] level, int index) {
        try {
            md.digest(level, index * Hash.LENGTH, Hash.LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 digest did not fit 32 bytes", e);
        }
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

}
