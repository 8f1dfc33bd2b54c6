package org.trustmall.ledger.merkle;

import java.util.List;
import java.util.Objects;

import org.trustmall.ledger.Check;
import org.trustmall.ledger.crypto.Hash;

/**
 * An RFC 9162 consistency proof (§2.1.4): the subtree hashes that show the tree of {@code size1} leaves to be a
 * prefix of the tree of {@code size2} leaves, i.e. that the log only appended in between. Sizes are unsigned 64-bit
 * values; nothing about them is checked until {@link #verify}, so a proof received from outside can be held as it
 * came.
 */
public record ConsistencyProof(long size1, long size2, List<Hash> path) {

    public ConsistencyProof {
        path = List.copyOf(Objects.requireNonNull(path, "path"));
    }

    /** The size of the path on the wire: 32 bytes per hash. */
    public int sizeBytes() {
        return Hash.LENGTH * path.size();
    }

    /** Checks that the tree with root {@code root1} is a prefix of the tree with root {@code root2}. */
    public Check verify(Hash root1, Hash root2) {
        return MerkleVerifier.verifyConsistency(size1, size2, InclusionProof.rawPath(path), root1.bytes(),
                root2.bytes());
    }
}
