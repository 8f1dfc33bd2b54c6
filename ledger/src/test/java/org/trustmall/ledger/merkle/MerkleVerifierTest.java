package org.trustmall.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.trustmall.ledger.Check;
import org.trustmall.ledger.crypto.Hash;

class MerkleVerifierTest {
    private static final byte[] EMPTY_ROOT = MerkleHashes.emptyRoot().bytes();

    private final MerkleLog log = logOf(7);

    @Test
    void validInclusionProofPasses() {
        InclusionProof proof = log.inclusionProof(2, 7);

        Check check = MerkleVerifier.verifyInclusion(2, 7, log.leafHash(2).bytes(), raw(proof.path()),
                log.root(7).bytes());

        assertTrue(check.ok(), check.reason());
    }

    @Test
    void inclusionProofOfTheWrongLengthSaysHowLongItShouldBe() {
        List<byte[]> path = raw(log.inclusionProof(2, 7).path());

        Check check = MerkleVerifier.verifyInclusion(2, 7, log.leafHash(2).bytes(), path.subList(0, 2),
                log.root(7).bytes());

        assertEquals("proof has 2 hashes, expected 3", check.reason());
    }

    @Test
    void inclusionProofHashThatIsNot32BytesIsRejectedEvenWhenTheCountIsRight() {
        List<byte[]> path = new ArrayList<>(raw(log.inclusionProof(2, 7).path()));
        path.set(1, Arrays.copyOf(path.get(1), 31));

        Check check = MerkleVerifier.verifyInclusion(2, 7, log.leafHash(2).bytes(), path, log.root(7).bytes());

        assertEquals("proof hash 1 has 31 bytes, expected 32", check.reason());
    }

    @Test
    void inclusionAgainstAnotherRootSaysTheRootsDiffer() {
        Check check = MerkleVerifier.verifyInclusion(2, 7, log.leafHash(2).bytes(),
                raw(log.inclusionProof(2, 7).path()), log.root(6).bytes());

        assertEquals("calculated root differs from the expected root", check.reason());
    }

    @Test
    void leafHashAndRootMustBe32Bytes() {
        List<byte[]> path = raw(log.inclusionProof(2, 7).path());

        assertEquals("leaf hash has 0 bytes, expected 32",
                MerkleVerifier.verifyInclusion(2, 7, new byte[0], path, log.root(7).bytes()).reason());
        assertEquals("root has 33 bytes, expected 32",
                MerkleVerifier.verifyInclusion(2, 7, log.leafHash(2).bytes(), path, new byte[33]).reason());
    }

    @Test
    void indicesAndSizesAreUnsigned() {
        byte[] leaf = log.leafHash(0).bytes();
        byte[] root = log.root(7).bytes();

        assertEquals("leaf index 18446744073709551615 is not below the tree size 7",
                MerkleVerifier.verifyInclusion(-1L, 7, leaf, List.of(), root).reason());
        // Leaf 1 of a tree of 2^64 - 1 leaves: its path meets the last leaf's only at the root, 64 levels up.
        assertEquals("proof has 0 hashes, expected 64",
                MerkleVerifier.verifyInclusion(1, -1L, leaf, List.of(), root).reason());
        assertEquals("first tree size 18446744073709551615 is larger than second tree size 7",
                MerkleVerifier.verifyConsistency(-1L, 7, List.of(), root, root).reason());
        assertEquals("proof is empty, but the tree sizes differ",
                MerkleVerifier.verifyConsistency(7, -1L, List.of(), root, root).reason());
    }

    @Test
    void validConsistencyProofPassesAndOneAgainstWrongRootsSaysWhichRoot() {
        List<byte[]> path = raw(log.consistencyProof(3, 7).path());
        byte[] root3 = log.root(3).bytes();
        byte[] root7 = log.root(7).bytes();

        assertTrue(MerkleVerifier.verifyConsistency(3, 7, path, root3, root7).ok());
        assertEquals("calculated root of the first tree differs from root1",
                MerkleVerifier.verifyConsistency(3, 7, path, root7, root7).reason());
        assertEquals("calculated root of the second tree differs from root2",
                MerkleVerifier.verifyConsistency(3, 7, path, root3, root3).reason());
    }

    @Test
    void treesOfEqualSizeAreConsistentOnlyWithAnEmptyProofAndEqualRoots() {
        byte[] root = log.root(7).bytes();

        assertTrue(MerkleVerifier.verifyConsistency(7, 7, List.of(), root, root.clone()).ok());
        assertEquals("trees of equal size need an empty proof, got 1 hash",
                MerkleVerifier.verifyConsistency(7, 7, List.of(root), root, root).reason());
        assertEquals("roots of trees of equal size differ",
                MerkleVerifier.verifyConsistency(7, 7, List.of(), root, log.root(6).bytes()).reason());
    }

    @Test
    void twoEmptyTreesAreConsistentOnlyWhenBothRootsAreTheEmptyRoot() {
        byte[] other = log.root(1).bytes();

        assertTrue(MerkleVerifier.verifyConsistency(0, 0, List.of(), EMPTY_ROOT, EMPTY_ROOT.clone()).ok());
        assertEquals("the root of an empty tree must be SHA-256 of nothing",
                MerkleVerifier.verifyConsistency(0, 0, List.of(), other, other).reason());
    }

    @Test
    void noConsistencyProofLeadsFromTheEmptyTree() {
        assertEquals("a consistency proof from the empty tree is meaningless",
                MerkleVerifier.verifyConsistency(0, 7, List.of(log.root(7).bytes()), EMPTY_ROOT,
                        log.root(7).bytes()).reason());
    }

    private static List<byte[]> raw(List<Hash> path) {
        return path.stream().map(Hash::bytes).toList();
    }

    private static MerkleLog logOf(int n) {
        MerkleLog log = new MerkleLog();
        for (int i = 0; i < n; i++) {
            log.append(MerkleHashes.leafHash(("leaf" + i).getBytes(StandardCharsets.UTF_8)));
        }
        return log;
    }
}
