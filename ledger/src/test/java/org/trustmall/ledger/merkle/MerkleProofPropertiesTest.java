package org.trustmall.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.trustmall.ledger.crypto.Hash;

/**
 * The algebra of the log: its roots are RFC 9162's MTH, the proofs it hands out verify, and no alteration of a valid
 * proof does. Logs have up to 600 leaves, all distinct (leaf i is a random salt followed by i), so that no two
 * subtrees share a hash by accident.
 */
class MerkleProofPropertiesTest {
    private static final int MAX_LEAVES = 600;

    /** A log of {@code logSize} distinct leaves and an inclusion proof request within it. */
    record InclusionCase(int logSize, long salt, long index, long treeSize) {
        MerkleLog log() {
            return distinctLeaves(logSize, salt);
        }
    }

    /** A log of {@code logSize} distinct leaves and a consistency proof request within it. */
    record ConsistencyCase(int logSize, long salt, long size1, long size2) {
        MerkleLog log() {
            return distinctLeaves(logSize, salt);
        }
    }

    @Property(tries = 100)
    void rootOfTheLogIsTheMthOfItsLeavesAtEverySize(@ForAll("leafData") List<byte[]> leaves,
                                                    @ForAll @IntRange(min = 0, max = MAX_LEAVES) int earlier) {
        MerkleLog log = new MerkleLog();
        leaves.forEach(leaf -> log.appendLeaf(leaf, 0, leaf.length));
        RfcMerkleTree rfc = RfcMerkleTree.ofLeafData(leaves);
        int earlierSize = earlier % (leaves.size() + 1);

        assertEquals(rfc.mth(leaves.size()), log.root());
        assertEquals(rfc.mth(earlierSize), log.root(earlierSize));
    }

    @Property(tries = 100)
    void everyInclusionProofVerifiesAndIsThePathRfc9162Defines(@ForAll("inclusionCases") InclusionCase c) {
        MerkleLog log = c.log();

        InclusionProof proof = log.inclusionProof(c.index(), c.treeSize());

        assertEquals("ok", proof.verify(log.leafHash(c.index()), log.root(c.treeSize())).reason());
        assertEquals(rfcOf(log).path((int) c.index(), (int) c.treeSize()), proof.path());
        assertEquals(32 * proof.path().size(), proof.sizeBytes());
    }

    @Property(tries = 100)
    void everyConsistencyProofVerifiesAndIsTheProofRfc9162Defines(@ForAll("consistencyCases") ConsistencyCase c) {
        MerkleLog log = c.log();

        ConsistencyProof proof = log.consistencyProof(c.size1(), c.size2());

        assertEquals("ok", proof.verify(log.root(c.size1()), log.root(c.size2())).reason());
        assertEquals(rfcOf(log).proof((int) c.size1(), (int) c.size2()), proof.path());
    }

    @Property(tries = 100)
    void flippingAnyBitOfAnInclusionProofBreaksIt(@ForAll("inclusionCases") InclusionCase c,
                                                 @ForAll int pick, @ForAll @IntRange(max = 255) int bit) {
        MerkleLog log = c.log();
        InclusionProof proof = log.inclusionProof(c.index(), c.treeSize());
        if (proof.path().isEmpty()) {
            return; // a one-leaf tree has no proof hashes to flip
        }

        InclusionProof flipped = new InclusionProof(c.index(), c.treeSize(), flipBit(proof.path(), pick, bit));

        assertFails(flipped, log.leafHash(c.index()), log.root(c.treeSize()));
    }

    @Property(tries = 100)
    void droppingOrAddingAHashBreaksAnInclusionProof(@ForAll("inclusionCases") InclusionCase c, @ForAll int pick,
                                                     @ForAll("hashes") Hash extra) {
        MerkleLog log = c.log();
        InclusionProof proof = log.inclusionProof(c.index(), c.treeSize());
        Hash leaf = log.leafHash(c.index());
        Hash root = log.root(c.treeSize());

        assertFails(new InclusionProof(c.index(), c.treeSize(), withExtra(proof.path(), pick, extra)), leaf, root);
        assertFails(new InclusionProof(c.index(), c.treeSize(), withExtra(proof.path(), proof.path().size(), root)),
                leaf, root);
        if (!proof.path().isEmpty()) {
            assertFails(new InclusionProof(c.index(), c.treeSize(), without(proof.path(), pick)), leaf, root);
        }
    }

    @Property(tries = 100)
    void anInclusionProofProvesNoOtherIndex(@ForAll("inclusionCases") InclusionCase c,
                                            @ForAll @IntRange(min = 0, max = MAX_LEAVES) int pick) {
        MerkleLog log = c.log();
        InclusionProof proof = log.inclusionProof(c.index(), c.treeSize());
        // Any index in [0, treeSize + 1] but the right one.
        long otherIndex = (c.index() + 1 + pick % (c.treeSize() + 1)) % (c.treeSize() + 2);

        assertFails(new InclusionProof(otherIndex, c.treeSize(), proof.path()), log.leafHash(c.index()),
                log.root(c.treeSize()));
    }

    @Property(tries = 100)
    void anInclusionProofHoldsInNoTreeOfAnotherSize(@ForAll("inclusionCases") InclusionCase c,
                                                   @ForAll @IntRange(min = 0, max = MAX_LEAVES) int pick) {
        if (c.logSize() < 2) {
            return; // no other size to try
        }
        MerkleLog log = c.log();
        InclusionProof proof = log.inclusionProof(c.index(), c.treeSize());
        long otherSize = 1 + (c.treeSize() - 1 + 1 + pick % (c.logSize() - 1)) % c.logSize();

        assertFails(new InclusionProof(c.index(), otherSize, proof.path()), log.leafHash(c.index()),
                log.root(otherSize));
    }

    @Property(tries = 100)
    void anInclusionProofFailsAgainstAnyOtherRootOrLeaf(@ForAll("inclusionCases") InclusionCase c,
                                                      @ForAll("hashes") Hash random) {
        MerkleLog log = c.log();
        InclusionProof proof = log.inclusionProof(c.index(), c.treeSize());
        Hash leaf = log.leafHash(c.index());
        Hash root = log.root(c.treeSize());

        assertFails(proof, leaf, random);
        assertFails(proof, random, root);
        assertFails(proof, leaf, log.root(c.treeSize() == c.logSize() ? c.treeSize() - 1 : c.treeSize() + 1));
        if (c.logSize() > 1) {
            assertFails(proof, log.leafHash((c.index() + 1) % c.logSize()), root);
        }
    }

    @Property(tries = 100)
    void flippingAnyBitOfAConsistencyProofBreaksIt(@ForAll("strictConsistencyCases") ConsistencyCase c,
                                                  @ForAll int pick, @ForAll @IntRange(max = 255) int bit) {
        MerkleLog log = c.log();
        ConsistencyProof proof = log.consistencyProof(c.size1(), c.size2());

        ConsistencyProof flipped = new ConsistencyProof(c.size1(), c.size2(), flipBit(proof.path(), pick, bit));

        assertFails(flipped, log.root(c.size1()), log.root(c.size2()));
    }

    @Property(tries = 100)
    void droppingOrAddingAHashBreaksAConsistencyProof(@ForAll("strictConsistencyCases") ConsistencyCase c,
                                                      @ForAll int pick, @ForAll("hashes") Hash extra) {
        MerkleLog log = c.log();
        ConsistencyProof proof = log.consistencyProof(c.size1(), c.size2());
        Hash root1 = log.root(c.size1());
        Hash root2 = log.root(c.size2());

        assertFails(new ConsistencyProof(c.size1(), c.size2(), without(proof.path(), pick)), root1, root2);
        assertFails(new ConsistencyProof(c.size1(), c.size2(), withExtra(proof.path(), pick, extra)), root1, root2);
        assertFails(new ConsistencyProof(c.size1(), c.size2(), withExtra(proof.path(), 0, root1)), root1, root2);
        assertFails(new ConsistencyProof(c.size1(), c.size2(), withExtra(proof.path(), proof.path().size(), root2)),
                root1, root2);
    }

    @Property(tries = 100)
    void aConsistencyProofHoldsForNoOtherPairOfSizes(@ForAll("strictConsistencyCases") ConsistencyCase c,
                                                    @ForAll @IntRange(min = 0, max = MAX_LEAVES) int pick) {
        MerkleLog log = c.log();
        ConsistencyProof proof = log.consistencyProof(c.size1(), c.size2());
        // Another size1 within [1, size2], and another size2 within [size1, logSize].
        long otherSize1 = 1 + (c.size1() - 1 + 1 + pick % (c.size2() - 1)) % c.size2();
        long span2 = c.logSize() - c.size1() + 1;
        long otherSize2 = c.size1() + (c.size2() - c.size1() + 1 + pick % (span2 - 1)) % span2;

        assertFails(new ConsistencyProof(otherSize1, c.size2(), proof.path()), log.root(otherSize1),
                log.root(c.size2()));
        assertFails(new ConsistencyProof(c.size1(), otherSize2, proof.path()), log.root(c.size1()),
                log.root(otherSize2));
    }

    @Property(tries = 100)
    void aConsistencyProofFailsForSwappedOrOtherRoots(@ForAll("strictConsistencyCases") ConsistencyCase c,
                                                     @ForAll("hashes") Hash random) {
        MerkleLog log = c.log();
        ConsistencyProof proof = log.consistencyProof(c.size1(), c.size2());
        Hash root1 = log.root(c.size1());
        Hash root2 = log.root(c.size2());

        assertFails(proof, root2, root1);
        assertFails(proof, random, root2);
        assertFails(proof, root1, random);
        assertFails(proof, log.root(c.size1() - 1), root2);
    }

    @Provide
    Arbitrary<List<byte[]>> leafData() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(40).list().ofMinSize(1).ofMaxSize(MAX_LEAVES);
    }

    @Provide
    Arbitrary<Hash> hashes() {
        return Arbitraries.bytes().array(byte[].class).ofSize(Hash.LENGTH).map(Hash::of);
    }

    @Provide
    Arbitrary<InclusionCase> inclusionCases() {
        return Combinators.combine(Arbitraries.integers().between(1, MAX_LEAVES), Arbitraries.longs())
                .flatAs((logSize, salt) -> Arbitraries.integers().between(1, logSize)
                        .flatMap(size -> Arbitraries.integers().between(0, size - 1)
                                .map(index -> new InclusionCase(logSize, salt, index, size))));
    }

    @Provide
    Arbitrary<ConsistencyCase> consistencyCases() {
        return Combinators.combine(Arbitraries.integers().between(1, MAX_LEAVES), Arbitraries.longs())
                .flatAs((logSize, salt) -> Arbitraries.integers().between(1, logSize)
                        .flatMap(size2 -> Arbitraries.integers().between(1, size2)
                                .map(size1 -> new ConsistencyCase(logSize, salt, size1, size2))));
    }

    /** Cases with 0 < size1 < size2, whose proofs are never empty and whose roots differ. */
    @Provide
    Arbitrary<ConsistencyCase> strictConsistencyCases() {
        return Combinators.combine(Arbitraries.integers().between(2, MAX_LEAVES), Arbitraries.longs())
                .flatAs((logSize, salt) -> Arbitraries.integers().between(2, logSize)
                        .flatMap(size2 -> Arbitraries.integers().between(1, size2 - 1)
                                .map(size1 -> new ConsistencyCase(logSize, salt, size1, size2))));
    }

    private static MerkleLog distinctLeaves(int n, long salt) {
        MerkleLog log = new MerkleLog();
        ByteBuffer leaf = ByteBuffer.allocate(Long.BYTES + Integer.BYTES);
        for (int i = 0; i < n; i++) {
            leaf.clear();
            leaf.putLong(salt).putInt(i);
            log.appendLeaf(leaf.array(), 0, leaf.capacity());
        }
        return log;
    }

    private static RfcMerkleTree rfcOf(MerkleLog log) {
        List<Hash> leaves = new ArrayList<>();
        for (long i = 0; i < log.size(); i++) {
            leaves.add(log.leafHash(i));
        }
        return new RfcMerkleTree(leaves);
    }

    private static List<Hash> flipBit(List<Hash> path, int pick, int bit) {
        List<Hash> result = new ArrayList<>(path);
        int at = Math.floorMod(pick, path.size());
        byte[] bytes = result.get(at).bytes();
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        result.set(at, Hash.of(bytes));
        return result;
    }

    private static List<Hash> without(List<Hash> path, int pick) {
        List<Hash> result = new ArrayList<>(path);
        result.remove(Math.floorMod(pick, path.size()));
        return result;
    }

    private static List<Hash> withExtra(List<Hash> path, int pick, Hash extra) {
        List<Hash> result = new ArrayList<>(path);
        result.add(Math.floorMod(pick, path.size() + 1), extra);
        return result;
    }

    private static void assertFails(InclusionProof proof, Hash leaf, Hash root) {
        assertFalse(proof.verify(leaf, root).ok(), () -> proof + " verifies leaf " + leaf + " against root " + root);
    }

    private static void assertFails(ConsistencyProof proof, Hash root1, Hash root2) {
        assertFalse(proof.verify(root1, root2).ok(), () -> proof + " verifies roots " + root1 + " and " + root2);
    }
}
