package org.trustmall.data.snapshot;

import java.util.ArrayDeque;
import java.util.Deque;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.merkle.MerkleHashes;

/**
 * The RFC 9162 Merkle tree hash of a sequence of leaves, computed as the leaves stream by in O(log n) memory, with
 * the ledger's own leaf and node hashes ({@link MerkleHashes}): so a snapshot's root is checked with exactly the
 * code that checks the ledger's log. It keeps the perfect subtrees of the leaves so far, largest first; the root
 * folds them from the right, which is the RFC's split at the largest power of two below n. Not thread-safe.
 */
public final class MerkleRoot {
    private record Subtree(Hash hash, long leaves) {
    }

    private final Deque<Subtree> stack = new ArrayDeque<>();
    private long size;

    /** Appends the leaf {@code data[off, off + len)}. */
    public void add(byte[] data, int off, int len) {
        Subtree right = new Subtree(MerkleHashes.leafHash(data, off, len), 1);
        while (!stack.isEmpty() && stack.peek().leaves() == right.leaves()) {
            Subtree left = stack.pop();
            right = new Subtree(MerkleHashes.nodeHash(left.hash(), right.hash()), left.leaves() * 2);
        }
        stack.push(right);
        size++;
    }

    public void add(byte[] leaf) {
        add(leaf, 0, leaf.length);
    }

    /** How many leaves were added. */
    public long size() {
        return size;
    }

    /** The tree hash of the leaves so far; SHA-256 of nothing for none. */
    public Hash root() {
        Hash root = null;
        for (Subtree s : stack) { // smallest (rightmost) first
            root = root == null ? s.hash() : MerkleHashes.nodeHash(s.hash(), root);
        }
        return root == null ? MerkleHashes.emptyRoot() : root;
    }
}
