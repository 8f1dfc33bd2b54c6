package org.trustmall.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.trustmall.ledger.crypto.Hash;

class MerkleLogTest {

    /** The leaves and roots of the 8-leaf tree used by RFC 6962's reference tests and transparency-dev/merkle. */
    private static final List<String> REFERENCE_LEAVES = List.of(
            "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f");
    private static final List<String> REFERENCE_ROOTS = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    @Test
    void rootsOfTheReferenceTreeMatchThePublishedOnes() {
        MerkleLog log = new MerkleLog();
        for (String leaf : REFERENCE_LEAVES) {
            byte[] data = HexFormat.of().parseHex(leaf);
            log.appendLeaf(data, 0, data.length);
        }
        for (int size = 1; size <= REFERENCE_ROOTS.size(); size++) {
            assertEquals(Hash.fromHex(REFERENCE_ROOTS.get(size - 1)), log.root(size), "root of size " + size);
        }
    }

    @Test
    void emptyLogHasTheRootOfTheEmptyStringAndNoLeaves() {
        MerkleLog log = new MerkleLog();

        assertAll(
                () -> assertEquals(0, log.size()),
                () -> assertEquals(Hash.fromHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                        log.root()),
                () -> assertEquals(MerkleHashes.emptyRoot(), log.root(0)),
                () -> assertThrows(IllegalArgumentException.class, () -> log.leafHash(0)),
                () -> assertThrows(IllegalArgumentException.class, () -> log.inclusionProof(0, 0)),
                () -> assertThrows(IllegalArgumentException.class, () -> log.root(1)));
    }

    @Test
    void emptyTreeIsConsistentWithItselfThroughAnEmptyProof() {
        MerkleLog log = new MerkleLog();

        ConsistencyProof proof = log.consistencyProof(0, 0);

        assertEquals(List.of(), proof.path());
        assertTrue(proof.verify(log.root(0), log.root(0)).ok());
    }

    @Test
    void noConsistencyProofStartsFromTheEmptyTree() {
        MerkleLog log = logOf(3);

        assertThrows(IllegalArgumentException.class, () -> log.consistencyProof(0, 3));
    }

    @Test
    void singleLeafTreeHasTheLeafHashAsRootAndAnEmptyInclusionProof() {
        MerkleLog log = new MerkleLog();
        Hash leaf = MerkleHashes.leafHash("only".getBytes(StandardCharsets.UTF_8));

        assertEquals(0, log.append(leaf));

        assertEquals(leaf, log.root());
        assertEquals(leaf, log.leafHash(0));
        InclusionProof proof = log.inclusionProof(0, 1);
        assertEquals(0, proof.sizeBytes());
        assertTrue(proof.verify(leaf, leaf).ok());
    }

    @Test
    void appendLeafHashesTheDataLikeMerkleHashes() {
        MerkleLog log = new MerkleLog();
        byte[] data = "xxhello worldxx".getBytes(StandardCharsets.UTF_8);

        log.appendLeaf(data, 2, 11);

        assertEquals(MerkleHashes.leafHash("hello world".getBytes(StandardCharsets.UTF_8)), log.leafHash(0));
    }

    @Test
    void proofsEqualTheRecursiveDefinitionsOfRfc9162ForEveryIndexAndSizeOfASmallTree() {
        int n = 40;
        RfcMerkleTree rfc = new RfcMerkleTree(leafHashes(n));
        MerkleLog log = logOf(n);

        for (int size = 0; size <= n; size++) {
            assertEquals(rfc.mth(size), log.root(size), "root of size " + size);
            for (int m = 0; m < size; m++) {
                assertEquals(rfc.path(m, size), log.inclusionProof(m, size).path(), "PATH(" + m + ", " + size + ")");
            }
            for (int m = 1; m <= size; m++) {
                assertEquals(rfc.proof(m, size), log.consistencyProof(m, size).path(),
                        "PROOF(" + m + ", " + size + ")");
            }
        }
    }

    @Test
    void truncatedLogEqualsALogThatNeverHadTheDroppedLeaves() {
        MerkleLog log = logOf(100);

        log.truncate(37);

        MerkleLog expected = logOf(37);
        assertEquals(37, log.size());
        assertEquals(expected.root(), log.root());
        assertThrows(IllegalArgumentException.class, () -> log.leafHash(37));
        assertThrows(IllegalArgumentException.class, () -> log.root(38));
    }

    @Test
    void appendsAfterATruncationReplaceTheDroppedLeaves() {
        MerkleLog log = new MerkleLog(1);
        for (Hash h : leafHashes(100)) {
            log.append(h);
        }
        log.truncate(37);
        List<Hash> others = leafHashes("other", 80);
        for (Hash h : others) {
            log.append(h);
        }

        List<Hash> all = new ArrayList<>(leafHashes(37));
        all.addAll(others);
        RfcMerkleTree rfc = new RfcMerkleTree(all);
        assertEquals(117, log.size());
        for (int size = 0; size <= 117; size++) {
            assertEquals(rfc.mth(size), log.root(size), "root of size " + size);
        }
        assertEquals(rfc.path(50, 117), log.inclusionProof(50, 117).path());
        assertEquals(rfc.proof(36, 117), log.consistencyProof(36, 117).path());
    }

    @Test
    void truncatingToZeroLeavesTheEmptyTreeAndToTheCurrentSizeChangesNothing() {
        MerkleLog log = logOf(9);
        Hash root = log.root();

        log.truncate(9);
        assertEquals(root, log.root());

        log.truncate(0);
        assertEquals(0, log.size());
        assertEquals(MerkleHashes.emptyRoot(), log.root());
        log.append(leafHashes(1).get(0));
        assertEquals(leafHashes(1).get(0), log.root());
    }

    @Test
    void truncateCannotGrowTheLog() {
        MerkleLog log = logOf(5);

        assertThrows(IllegalArgumentException.class, () -> log.truncate(6));
        assertThrows(IllegalArgumentException.class, () -> log.truncate(-1));
        assertEquals(5, log.size());
    }

    @Test
    void tinyChunksGiveTheSameTreeAsTheDefaultOnes() {
        int n = 1500;
        MerkleLog tiny = new MerkleLog(1);
        MerkleLog small = new MerkleLog(3);
        MerkleLog standard = new MerkleLog();
        for (Hash h : leafHashes(n)) {
            tiny.append(h);
            small.append(h);
            standard.append(h);
        }

        for (int size = 0; size <= n; size += 7) {
            assertEquals(standard.root(size), tiny.root(size), "root of size " + size);
            assertEquals(standard.root(size), small.root(size), "root of size " + size);
        }
        assertEquals(standard.inclusionProof(1234, 1499), tiny.inclusionProof(1234, 1499));
        assertEquals(standard.consistencyProof(513, 1500), tiny.consistencyProof(513, 1500));
        assertEquals(standard.leafHash(1027), tiny.leafHash(1027));
    }

    @Test
    void logSpanningManyFullChunksMatchesTheRecursiveDefinition() {
        // 2^12 hashes per chunk puts level 0 of 20,000 leaves in five chunks and level 1 in three.
        int n = 20_000;
        List<Hash> leaves = leafHashes(n);
        MerkleLog log = new MerkleLog(12);
        leaves.forEach(log::append);
        RfcMerkleTree rfc = new RfcMerkleTree(leaves);

        for (int size : new int[] {4095, 4096, 4097, 8192, 12_289, 19_999, 20_000}) {
            assertEquals(rfc.mth(size), log.root(size), "root of size " + size);
        }
        assertEquals(rfc.path(8191, 20_000), log.inclusionProof(8191, 20_000).path());
        assertEquals(rfc.proof(4097, 20_000), log.consistencyProof(4097, 20_000).path());
    }

    @Test
    void readersSeeCorrectRootsAndProofsForEverySizeTheWriterPublished() throws Exception {
        int n = 20_000;
        List<Hash> leaves = leafHashes(n);
        MerkleLog reference = new MerkleLog();
        leaves.forEach(reference::append);
        Hash[] roots = new Hash[n + 1];
        for (int size = 0; size <= n; size++) {
            roots[size] = reference.root(size);
        }

        // Tiny chunks make the writer replace chunk directories all the time while the readers work.
        MerkleLog log = new MerkleLog(1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> writer = pool.submit(() -> leaves.forEach(log::append));
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    long seen;
                    do {
                        seen = log.size();
                        assertEquals(roots[(int) seen], log.root(seen), "root of size " + seen);
                        if (seen > 0) {
                            long index = seen / 3;
                            assertTrue(log.inclusionProof(index, seen).verify(leaves.get((int) index), roots[(int) seen])
                                    .ok(), "inclusion of " + index + " in " + seen);
                        }
                        // A writer that failed leaves the log short; stop rather than wait for it forever.
                    } while (seen < n && !(writer.isDone() && log.size() < n));
                    return null;
                }));
            }
            writer.get();
            for (Future<?> reader : readers) {
                reader.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static MerkleLog logOf(int n) {
        MerkleLog log = new MerkleLog();
        leafHashes(n).forEach(log::append);
        return log;
    }

    private static List<Hash> leafHashes(int n) {
        return leafHashes("leaf", n);
    }

    private static List<Hash> leafHashes(String prefix, int n) {
        List<Hash> hashes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            hashes.add(MerkleHashes.leafHash((prefix + i).getBytes(StandardCharsets.UTF_8)));
        }
        return hashes;
    }
}
