package org.trustmall.ledger.merkle;

import java.util.List;
import java.util.Objects;

import org.trustmall.ledger.Check;
import org.trustmall.ledger.crypto.Hash;

/**
 * An RFC 9162 inclusion proof (§2.1.3): the sibling hashes, lowest level first, that lead from the leaf at
 * {@code leafIndex} to the root of the tree of {@code treeSize} leaves. Index and size are unsigned 64-bit values;
 * nothing about them is checked until {@link #verify}, so a proof received from outside can be held as it came.
 */
public record InclusionProof(long leafIndex, long treeSize, List<Hash> path) {

    public InclusionProof {
        path = List.copyOf(Objects.requireNonNull(path, "path"));
    }

    /** The size of the path on the wire: 32 bytes per hash. */
    public int sizeBytes() {
        return Hash.LENGTH * path.size();
    }

    /** Checks that this proof places the leaf with hash {@code leafHash} in the tree whose root is {@code root}. */
    public Check verify(Hash leafHash, Hash root) {
        return MerkleVerifier.verifyInclusion(leafIndex, treeSize, leafHash.bytes(), rawPath(path), root.bytes());
    }

    static List<byte[]> rawPath(List<Hash> path) {
        return path.stream().map(Hash::bytes).toList();
    }
}
