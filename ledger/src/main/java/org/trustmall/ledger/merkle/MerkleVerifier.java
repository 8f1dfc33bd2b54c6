package org.trustmall.ledger.merkle;

import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

import org.trustmall.ledger.Check;
import org.trustmall.ledger.crypto.Hash;

/**
 * Verifies RFC 9162 inclusion proofs (§2.1.3.2) and consistency proofs (§2.1.4.2) on raw inputs, so that proofs
 * from outside (another log, a test vector, a client) can be checked before anything has been vetted. The verdicts
 * match transparency-dev/merkle's {@code proof.VerifyInclusion} and {@code proof.VerifyConsistency}.
 *
 * <p>Indices and sizes are <em>unsigned</em> 64-bit values carried in a {@code long}: {@code -1L} stands for
 * 2<sup>64</sup> − 1 and is compared as such. Every hash must be exactly 32 bytes, with one exception kept for
 * compatibility with the reference: two trees of the same non-zero size are consistent exactly when their roots are
 * equal, whatever those roots are. Every failure is a {@link Check#failed} with a short sentence; nothing here
 * throws for bad input except a {@code null} proof list or a {@code null} entry in it.
 *
 * <p>Stateless and thread-safe.
 */
public final class MerkleVerifier {

    private MerkleVerifier() {
    }

    /**
     * Checks that {@code proof} proves the leaf with hash {@code leafHash} at {@code leafIndex} to be part of the
     * tree of {@code treeSize} leaves whose root is {@code root}. Requires {@code leafIndex < treeSize} (unsigned).
     */
    public static Check verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof,
                                        byte[] root) {
        Objects.requireNonNull(proof, "proof");
        if (Long.compareUnsigned(leafIndex, treeSize) >= 0) {
            return Check.failed("leaf index " + Long.toUnsignedString(leafIndex) + " is not below the tree size "
                    + Long.toUnsignedString(treeSize));
        }
        String problem = firstBadHash("leaf hash", leafHash, "root", root);
        if (problem != null) {
            return Check.failed(problem);
        }
        int inner = innerProofSize(leafIndex, treeSize);
        int border = Long.bitCount(shiftRight(leafIndex, inner));
        problem = badProof(proof, inner + border);
        if (problem != null) {
            return Check.failed(problem);
        }
        byte[] calculated = chainInner(leafHash, proof.subList(0, inner), leafIndex);
        calculated = chainBorderRight(calculated, proof.subList(inner, proof.size()));
        return MessageDigest.isEqual(calculated, root)
                ? Check.passed()
                : Check.failed("calculated root differs from the expected root");
    }

    /**
     * Checks that {@code proof} proves the tree of {@code size1} leaves with root {@code root1} to be a prefix of the
     * tree of {@code size2} leaves with root {@code root2}. Requires {@code 0 < size1 <= size2} (unsigned), except
     * that two empty trees are consistent, with an empty proof, when both roots are the empty-tree root.
     */
    public static Check verifyConsistency(long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2) {
        Objects.requireNonNull(proof, "proof");
        if (Long.compareUnsigned(size1, size2) > 0) {
            return Check.failed("first tree size " + Long.toUnsignedString(size1)
                    + " is larger than second tree size " + Long.toUnsignedString(size2));
        }
        if (size1 == size2) {
            return equalSizes(size1, proof, root1, root2);
        }
        if (size1 == 0) {
            return Check.failed("a consistency proof from the empty tree is meaningless");
        }
        if (proof.isEmpty()) {
            return Check.failed("proof is empty, but the tree sizes differ");
        }
        String problem = firstBadHash("root1", root1, "root2", root2);
        if (problem != null) {
            return Check.failed(problem);
        }

        // The proof is, after an optional seed, a suffix of the inclusion proof of leaf size1 - 1 in the second
        // tree that starts at the level of the largest complete subtree ending at size1.
        int shift = Long.numberOfTrailingZeros(size1);
        int inner = innerProofSize(size1 - 1, size2) - shift;
        int border = Long.bitCount(shiftRight(size1 - 1, inner + shift));
        // When size1 is a power of two that subtree is the whole first tree, so root1 seeds the chain;
        // otherwise the proof's first hash carries the subtree.
        boolean seedIsRoot1 = size1 == 1L << shift;
        int start = seedIsRoot1 ? 0 : 1;
        problem = badProof(proof, start + inner + border);
        if (problem != null) {
            return Check.failed(problem);
        }
        byte[] seed = seedIsRoot1 ? root1 : proof.get(0);
        List<byte[]> innerPart = proof.subList(start, start + inner);
        List<byte[]> borderPart = proof.subList(start + inner, proof.size());
        long mask = (size1 - 1) >>> shift;

        byte[] hash1 = chainBorderRight(chainInnerRight(seed, innerPart, mask), borderPart);
        if (!MessageDigest.isEqual(hash1, root1)) {
            return Check.failed("calculated root of the first tree differs from root1");
        }
        byte[] hash2 = chainBorderRight(chainInner(seed, innerPart, mask), borderPart);
        if (!MessageDigest.isEqual(hash2, root2)) {
            return Check.failed("calculated root of the second tree differs from root2");
        }
        return Check.passed();
    }

    private static Check equalSizes(long size, List<byte[]> proof, byte[] root1, byte[] root2) {
        if (!proof.isEmpty()) {
            return Check.failed("trees of equal size need an empty proof, got " + hashes(proof.size()));
        }
        if (size == 0) {
            // Every empty tree has the same root, so anything else claimed for one is wrong.
            byte[] empty = MerkleHashes.emptyRoot().bytes();
            if (root1 == null || !MessageDigest.isEqual(root1, empty)
                    || root2 == null || !MessageDigest.isEqual(root2, empty)) {
                return Check.failed("the root of an empty tree must be SHA-256 of nothing");
            }
            return Check.passed();
        }
        if (root1 == null || root2 == null || !MessageDigest.isEqual(root1, root2)) {
            return Check.failed("roots of trees of equal size differ");
        }
        return Check.passed();
    }

    /**
     * The number of proof hashes below the level where the paths to {@code index} and to the tree's last leaf
     * {@code size - 1} meet; the rest of an inclusion proof runs along the right border.
     */
    private static int innerProofSize(long index, long size) {
        return 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
    }

    /** {@code value >>> bits}, but 0 for 64 bits, where Java would shift by nothing. */
    private static long shiftRight(long value, int bits) {
        return bits >= 64 ? 0 : value >>> bits;
    }

    /** Hashes up from {@code seed}, taking each bit of {@code index} to say on which side the proof hash lies. */
    private static byte[] chainInner(byte[] seed, List<byte[]> proof, long index) {
        for (int i = 0; i < proof.size(); i++) {
            seed = ((index >>> i) & 1) == 0
                    ? MerkleHashes.nodeHash(seed, proof.get(i))
                    : MerkleHashes.nodeHash(proof.get(i), seed);
        }
        return seed;
    }

    /**
     * Like {@link #chainInner} but uses only the hashes to the left of the path, which yields the hash of the
     * subtree as it was before anything was appended to its right.
     */
    private static byte[] chainInnerRight(byte[] seed, List<byte[]> proof, long index) {
        for (int i = 0; i < proof.size(); i++) {
            if (((index >>> i) & 1) == 1) {
                seed = MerkleHashes.nodeHash(proof.get(i), seed);
            }
        }
        return seed;
    }

    /** Along the right border every proof hash is a left sibling. */
    private static byte[] chainBorderRight(byte[] seed, List<byte[]> proof) {
        for (byte[] hash : proof) {
            seed = MerkleHashes.nodeHash(hash, seed);
        }
        return seed;
    }

    private static String badProof(List<byte[]> proof, int expected) {
        if (proof.size() != expected) {
            return "proof has " + hashes(proof.size()) + ", expected " + expected;
        }
        for (int i = 0; i < proof.size(); i++) {
            String problem = badHash("proof hash " + i, proof.get(i));
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String firstBadHash(String name1, byte[] hash1, String name2, byte[] hash2) {
        String problem = badHash(name1, hash1);
        return problem != null ? problem : badHash(name2, hash2);
    }

    private static String badHash(String name, byte[] hash) {
        if (hash == null) {
            return name + " is missing";
        }
        if (hash.length != Hash.LENGTH) {
            return name + " has " + hash.length + " bytes, expected " + Hash.LENGTH;
        }
        return null;
    }

    private static String hashes(int n) {
        return n == 1 ? "1 hash" : n + " hashes";
    }
}
