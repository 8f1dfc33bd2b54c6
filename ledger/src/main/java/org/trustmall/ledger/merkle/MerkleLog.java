package org.trustmall.ledger.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.trustmall.ledger.crypto.Hash;

/**
 * An append-only RFC 9162 Merkle tree held in memory, answering roots and proofs for its current size and for every
 * earlier size.
 *
 * <p>Layout: level {@code k} holds the hash of every complete, aligned subtree of 2<sup>k</sup> leaves (level 0 holds
 * the leaf hashes), as raw bytes in chunks. That is about 64 bytes per leaf, and any subtree that RFC 9162 needs is
 * either stored or, on the right edge of a tree, folded from at most 64 stored ones. So an append costs one leaf copy
 * plus, amortised, one node hash and no allocation; {@link #root(long)} and the proofs cost O(log n) hashes for any
 * size up to the current one.
 *
 * <p>Threading: exactly one writer thread calls {@link #append}, {@link #appendLeaf} and {@link #truncate}. Any
 * number of reader threads may meanwhile call {@link #size}, {@link #root}, {@link #leafHash} and the proof methods
 * for sizes up to the latest value of {@link #size()} they have read: the writer stores every hash of a new leaf
 * before it publishes the new size with a volatile write, and stored hashes never change while they lie within the
 * published size. {@link #truncate} is the exception: it must not run while readers may still ask about sizes beyond
 * the size it cuts to, because appends after it overwrite those hashes.
 *
 * <p>Arguments out of range (a size beyond the current one, an index beyond a size) are programming errors and throw
 * {@link IllegalArgumentException}.
 */
public final class MerkleLog {
    /**
     * 2^13 hashes, 256 KiB, per chunk: big enough to keep the chunk directories short, and below half of G1's
     * smallest region (1 MiB), so no chunk becomes a humongous object. A 1 MiB chunk would, and would then take two
     * whole regions: twice the memory.
     */
    private static final int DEFAULT_LOG2_HASHES_PER_CHUNK = 13;
    /** Level k holds subtrees of 2^k leaves; 64 levels cover every size a long can count. */
    private static final int LEVELS = 64;

    private final HashColumn[] levels = new HashColumn[LEVELS];
    private volatile long size;

    public MerkleLog() {
        this(DEFAULT_LOG2_HASHES_PER_CHUNK);
    }

    /** For tests that need to cross chunk boundaries with few leaves: chunks hold 2^log2HashesPerChunk hashes. */
    MerkleLog(int log2HashesPerChunk) {
        if (log2HashesPerChunk < 1 || log2HashesPerChunk > 20) {
            throw new IllegalArgumentException("log2HashesPerChunk must be within 1..20, got " + log2HashesPerChunk);
        }
        for (int k = 0; k < LEVELS; k++) {
            levels[k] = new HashColumn(log2HashesPerChunk);
        }
    }

    /** The number of leaves, as last published by the writer. */
    public long size() {
        return size;
    }

    /** Appends a leaf by its hash (see {@link MerkleHashes#leafHash}) and returns its index. Writer only. */
    public long append(Hash leafHash) {
        long index = size;
        HashColumn leaves = levels[0];
        leafHash.copyTo(leaves.writableChunk(index), leaves.offset(index));
        return completeSubtrees(index);
    }

    /**
     * Appends a leaf by its content, hashing {@code data[off, off + len)} straight into the tree, and returns its
     * index. Writer only.
     */
    public long appendLeaf(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        long index = size;
        HashColumn leaves = levels[0];
        MerkleHashes.leafHashInto(data, off, len, leaves.writableChunk(index), leaves.offset(index));
        return completeSubtrees(index);
    }

    /**
     * Stores the hash of every subtree that leaf {@code index} completes, then publishes the new size. Leaf index
     * completes a subtree at level k + 1 for each trailing one bit of index at level k: its left sibling is stored.
     */
    private long completeSubtrees(long index) {
        long at = index;
        for (int k = 0; (at & 1) == 1; k++, at >>>= 1) {
            HashColumn level = levels[k];
            HashColumn parent = levels[k + 1];
            // Siblings 2j and 2j + 1 share a chunk because chunks hold a power of two of at least 2 hashes.
            byte[] children = level.chunk(at);
            MerkleHashes.nodeHashInto(children, level.offset(at - 1), children, level.offset(at),
                    parent.writableChunk(at >>> 1), parent.offset(at >>> 1));
        }
        size = index + 1;
        return index;
    }

    /**
     * Drops every leaf at or beyond {@code newSize}, as when a torn tail of the log file is cut off. Writer only, and
     * see the class comment: no reader may still be working on a size beyond {@code newSize}.
     */
    public void truncate(long newSize) {
        long current = size;
        if (newSize < 0 || newSize > current) {
            throw new IllegalArgumentException("cannot truncate a log of " + current + " leaves to " + newSize);
        }
        // The stored subtrees within newSize are exactly those of a tree of newSize leaves, so cutting the size is
        // all it takes; the chunks beyond it are only released to give the memory back.
        size = newSize;
        for (int k = 0; k < LEVELS; k++) {
            levels[k].retain(newSize >>> k);
        }
    }

    /** The root of the current tree. */
    public Hash root() {
        return root(size);
    }

    /** The root of the tree as it was when it had {@code treeSize} leaves. */
    public Hash root(long treeSize) {
        checkSize("treeSize", treeSize);
        return treeSize == 0 ? MerkleHashes.emptyRoot() : rangeHash(0, treeSize);
    }

    /** The hash of the leaf at {@code index}. */
    public Hash leafHash(long index) {
        checkIndex(index, size);
        return stored(0, index);
    }

    /** The proof that leaf {@code index} is in the tree of {@code treeSize} leaves (RFC 9162 §2.1.3.1). */
    public InclusionProof inclusionProof(long index, long treeSize) {
        checkSize("treeSize", treeSize);
        checkIndex(index, treeSize);
        // Walk down from the root, collecting the sibling of each subtree that holds the leaf; the proof lists them
        // bottom-up. Only the first right sibling can be incomplete, as afterwards the walk is inside complete
        // subtrees, so this costs O(log n) hashes.
        List<Hash> path = new ArrayList<>();
        long lo = 0;
        long hi = treeSize;
        while (hi - lo > 1) {
            long split = Long.highestOneBit(hi - lo - 1);
            if (index < lo + split) {
                path.add(rangeHash(lo + split, hi));
                hi = lo + split;
            } else {
                path.add(rangeHash(lo, lo + split));
                lo += split;
            }
        }
        Collections.reverse(path);
        return new InclusionProof(index, treeSize, path);
    }

    /**
     * The proof that the tree of {@code size1} leaves is a prefix of the tree of {@code size2} leaves (RFC 9162
     * §2.1.4.1). Requires {@code 0 < size1 <= size2}; two equal sizes, including two empty trees, get an empty proof.
     */
    public ConsistencyProof consistencyProof(long size1, long size2) {
        checkSize("size2", size2);
        if (size1 < 0 || size1 > size2) {
            throw new IllegalArgumentException("size1 " + size1 + " must be within 0.." + size2);
        }
        if (size1 == size2) {
            return new ConsistencyProof(size1, size2, List.of());
        }
        if (size1 == 0) {
            throw new IllegalArgumentException("a consistency proof from the empty tree is meaningless");
        }
        // RFC 9162 SUBPROOF(m, D[lo:hi], b), unrolled: walk down towards the subtree that ends at size1, collecting
        // siblings; the proof lists them bottom-up, led by that subtree unless it is the whole old tree (b true).
        List<Hash> path = new ArrayList<>();
        long lo = 0;
        long hi = size2;
        boolean wholeOldTree = true;
        while (size1 != hi) {
            long split = Long.highestOneBit(hi - lo - 1);
            if (size1 <= lo + split) {
                path.add(rangeHash(lo + split, hi));
                hi = lo + split;
            } else {
                path.add(rangeHash(lo, lo + split));
                lo += split;
                wholeOldTree = false;
            }
        }
        if (!wholeOldTree) {
            path.add(rangeHash(lo, hi));
        }
        Collections.reverse(path);
        return new ConsistencyProof(size1, size2, path);
    }

    /**
     * MTH(D[start:end]) for a range that is a whole subtree of some tree: {@code start} is a multiple of a power of
     * two at least {@code end - start}. Such a range splits into complete subtrees by the bits of its length,
     * largest first, and its hash folds them from the right.
     */
    private Hash rangeHash(long start, long end) {
        long length = end - start;
        int k = Long.numberOfTrailingZeros(length);
        long pos = end - (1L << k);
        if (length == 1L << k) {
            return stored(k, pos >>> k);
        }
        byte[] acc = new byte[Hash.LENGTH];
        System.arraycopy(levels[k].chunk(pos >>> k), levels[k].offset(pos >>> k), acc, 0, Hash.LENGTH);
        for (k++; k < LEVELS; k++) {
            if (((length >>> k) & 1) == 1) {
                pos -= 1L << k;
                HashColumn level = levels[k];
                long index = pos >>> k;
                MerkleHashes.nodeHashInto(level.chunk(index), level.offset(index), acc, 0, acc, 0);
            }
        }
        return Hash.of(acc);
    }

    private Hash stored(int level, long index) {
        HashColumn column = levels[level];
        return Hash.of(column.chunk(index), column.offset(index));
    }

    private void checkSize(String name, long treeSize) {
        long current = size;
        if (treeSize < 0 || treeSize > current) {
            throw new IllegalArgumentException(name + " " + treeSize + " is beyond the log's " + current + " leaves");
        }
    }

    private static void checkIndex(long index, long treeSize) {
        if (index < 0 || index >= treeSize) {
            throw new IllegalArgumentException("leaf index " + index + " is not below the tree size " + treeSize);
        }
    }
}
