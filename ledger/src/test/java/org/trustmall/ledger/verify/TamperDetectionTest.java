package org.trustmall.ledger.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerLayout;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.block.Block;
import org.trustmall.ledger.block.BlockHeader;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.identity.TrustedKeys;
import org.trustmall.ledger.storage.LedgerCorruptedException;
import org.trustmall.ledger.storage.SegmentStore;
import org.trustmall.ledger.testing.LedgerCopies;
import org.trustmall.ledger.testing.TestLedgers;
import org.trustmall.ledger.verify.VerificationReport.Status;

/**
 * Acceptance: whatever is done to a closed ledger's files — a flipped byte anywhere, a truncation, blocks swapped
 * with valid checksums, a block re-sealed with a foreign key, a whole chain forged with another key — the verifier
 * never calls it intact, and it calls it a harmless torn tail only where nothing acknowledged is lost from the files.
 *
 * <p>One ledger of 1,201 transactions in dozens of blocks and several segment files is built once and left as
 * closing leaves it; every case works on a fresh copy of it. Random choices come from one seed, printed, and settable with
 * {@code -Dtrustmall.tamper.seed=...} to reproduce a failure.
 */
class TamperDetectionTest {
    private static final long SEED = Long.getLong("trustmall.tamper.seed", new SecureRandom().nextLong());
    private static final int WAVES = 50;
    private static final int PER_WAVE = 24;

    @TempDir
    static Path work;

    private static TestLedgers fixture;
    private static Path original;
    private static int blocks;
    private static long transactions;
    /** The key and value of every put, in order, so the same content can be re-signed by another organisation. */
    private static final List<Map.Entry<String, byte[]>> contents = new ArrayList<>();

    @BeforeAll
    static void buildOneLedgerOfSeveralSegments() {
        System.out.println("TamperDetectionTest seed " + SEED + " (-Dtrustmall.tamper.seed=" + SEED + " reproduces)");
        Random random = new Random(SEED);
        for (int i = 0; i < WAVES * PER_WAVE; i++) {
            byte[] value = new byte[16];
            random.nextBytes(value);
            contents.add(Map.entry("item/" + i, value));
        }
        original = work.resolve("original");
        fixture = TestLedgers.create(original);
        // Left exactly as the ledger leaves its files on close (not reopened: opening trims them).
        blocks = (int) writeInWaves(fixture) + 1;
        transactions = 1 + WAVES * PER_WAVE;
        long bytes = LedgerCopies.dataFiles(original).stream().mapToLong(LedgerCopies::size).sum();
        System.out.printf("tamper ledger: %d transactions in %d blocks, %d segment files, %d bytes%n", transactions,
                blocks, LedgerCopies.segmentFiles(original).size(), bytes);
        assertTrue(blocks > WAVES, "every wave should give at least one block, got " + blocks);
        assertTrue(LedgerCopies.segmentFiles(original).size() >= 3, "the ledger should span several segments");
        assertTrue(bytes < 1 << 20, "the ledger should stay small, is " + bytes + " bytes");
    }

    /**
     * Submits {@link #contents} in waves, each wave waited for, so that the log is cut into many blocks; returns
     * the height of the last block.
     */
    private static long writeInWaves(TestLedgers t) {
        long height = 0;
        try (Ledger ledger = t.open(LedgerOptions.DEFAULT.withMaxSegmentBytes(64 * 1024))) {
            for (int wave = 0; wave < WAVES; wave++) {
                List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
                for (int i = wave * PER_WAVE; i < (wave + 1) * PER_WAVE; i++) {
                    receipts.add(ledger.submit(t.put(contents.get(i).getKey(), contents.get(i).getValue())));
                }
                for (CompletableFuture<Receipt> r : receipts) {
                    height = Math.max(height, assertInstanceOf(Receipt.Committed.class, r.join()).height());
                }
            }
        }
        return height;
    }

    @Test
    void anUntouchedCopyVerifiesIntactWithTheTrustedKeys() {
        Path copy = LedgerCopies.copy(original, work.resolve("control"));

        VerificationReport report = verify(copy, true);

        assertEquals(Status.INTACT, report.status(), describe(report));
        assertEquals(blocks, report.blocks());
        assertEquals(transactions, report.transactions());
        assertTrue(report.keysExternal());
    }

    @Test
    void everySingleByteFlipAnywhereInTheDataFilesIsDetected() {
        Random random = new Random(SEED ^ 0x5DEECE66DL);
        List<Path> files = LedgerCopies.dataFiles(original);
        long total = files.stream().mapToLong(LedgerCopies::size).sum();
        Map<String, Integer> byKind = new TreeMap<>();
        int flips = 200;
        for (int i = 0; i < flips; i++) {
            long at = random.nextLong(total);
            int f = 0;
            while (at >= LedgerCopies.size(files.get(f))) {
                at -= LedgerCopies.size(files.get(f));
                f++;
            }
            byte mask = (byte) (1 + random.nextInt(255));
            Path copy = LedgerCopies.copy(original, work.resolve("flip-" + i));
            Path file = copy.resolve(original.relativize(files.get(f)));
            LedgerCopies.flipByte(file, at, mask);
            String what = "flip " + i + ": byte " + at + " of " + original.relativize(files.get(f)) + " xor "
                    + (mask & 0xff) + " (seed " + SEED + ")";

            VerificationReport report = verify(copy, true);

            assertNotEquals(Status.INTACT, report.status(), what);
            if (report.status() == Status.TORN_TAIL) {
                byKind.merge("TORN_TAIL " + assertNothingAcknowledgedIsLost(copy, file, at, report, what), 1,
                        Integer::sum);
            } else {
                VerificationReport.Problem problem = report.problem().orElseThrow();
                assertTrue(problem.location().contains(file.getFileName().toString()),
                        what + " was reported elsewhere: " + problem.describe());
                byKind.merge(problem.kind(), 1, Integer::sum);
            }
            LedgerCopies.delete(copy);
        }
        System.out.println("byte flips: " + flips + " over " + total + " bytes, reported as " + byKind);
        assertEquals(flips, byKind.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void aFlipInTheLastCommitRecordReadsAsATornTailWithEveryBlockStillReadable() {
        Path copy = LedgerCopies.copy(original, work.resolve("last-commit-flip"));
        Path commits = new LedgerLayout(copy).commits();
        long at = LedgerCopies.commitsDataEnd(blocks) - 20;
        LedgerCopies.flipByte(commits, at, (byte) 0x40);

        VerificationReport report = verify(copy, true);

        assertEquals(Status.TORN_TAIL, report.status(), describe(report));
        assertEquals("in the last commit record",
                assertNothingAcknowledgedIsLost(copy, commits, at, report, "flip of the last commit record"));
    }

    @Test
    void aFlipInTheZeroPaddingAfterTheLastBlockReadsAsATornTailThatLosesNothing() {
        Path copy = LedgerCopies.copy(original, work.resolve("padding-flip"));
        List<Path> segments = LedgerCopies.segmentFiles(copy);
        Path last = segments.get(segments.size() - 1);
        long dataEnd = LedgerCopies.segmentDataEnd(last);
        assumeTrue(LedgerCopies.size(last) > dataEnd + 100, "this segment format leaves no padding after the data");
        long at = dataEnd + 100;
        LedgerCopies.flipByte(last, at, (byte) 0x01);

        VerificationReport report = verify(copy, true);

        assertEquals(Status.TORN_TAIL, report.status(), describe(report));
        assertEquals("in zero padding", assertNothingAcknowledgedIsLost(copy, last, at, report, "flip in padding"));
    }

    @Test
    void truncationsAreCorruptWhereverTheyCutAcknowledgedBlocksAndATornTailOnlyAtTheLastCommitRecord() {
        Random random = new Random(SEED ^ 0x7472756EL);
        List<String> outcomes = new ArrayList<>();
        Path commitsOfOriginal = new LedgerLayout(original).commits();
        long commitsDataEnd = LedgerCopies.commitsDataEnd(blocks);
        List<Map.Entry<Path, Long>> cuts = new ArrayList<>();
        List<Path> segments = LedgerCopies.segmentFiles(original);
        for (int i = 0; i < 20; i++) {
            Path file = random.nextBoolean() ? commitsOfOriginal : segments.get(random.nextInt(segments.size()));
            cuts.add(Map.entry(file, random.nextLong(dataEnd(file))));
        }
        // The shapes a crash can leave in the commit log, which random lengths rarely hit.
        cuts.add(Map.entry(commitsOfOriginal, commitsDataEnd - 1));
        cuts.add(Map.entry(commitsOfOriginal, commitsDataEnd - LedgerCopies.COMMIT_RECORD));
        Path lastSegment = segments.get(segments.size() - 1);
        cuts.add(Map.entry(lastSegment, dataEnd(lastSegment) - 1));
        // Cuts into zero padding after the data, where the format leaves any: they remove nothing acknowledged.
        for (Path file : List.of(commitsOfOriginal, lastSegment)) {
            if (LedgerCopies.size(file) > dataEnd(file) + 1) {
                cuts.add(Map.entry(file, (dataEnd(file) + LedgerCopies.size(file)) / 2));
            }
        }

        for (int i = 0; i < cuts.size(); i++) {
            Path relative = original.relativize(cuts.get(i).getKey());
            long length = cuts.get(i).getValue();
            Path copy = LedgerCopies.copy(original, work.resolve("truncate-" + i));
            Path file = copy.resolve(relative);
            LedgerCopies.truncate(file, length);
            String what = "truncation " + i + " of " + relative + " to " + length + " bytes (seed " + SEED + ")";

            VerificationReport report = verify(copy, true);

            boolean commitLog = file.equals(new LedgerLayout(copy).commits());
            long recordsKept = length < LedgerCopies.COMMITS_HEADER ? -1
                    : (length - LedgerCopies.COMMITS_HEADER) / LedgerCopies.COMMIT_RECORD;
            if (length >= dataEnd(cuts.get(i).getKey())) {
                assertNotEquals(Status.CORRUPT, report.status(), what + ": " + describe(report));
                assertEveryBlockIsStillReadable(copy, what);
                assertEquals(blocks, report.blocks(), what);
            } else if (commitLog && recordsKept >= blocks - 1) {
                // Only the last record is gone or torn: exactly what a crash before the acknowledgement leaves.
                assertEquals(Status.TORN_TAIL, report.status(), what + ": " + describe(report));
                assertEveryBlockIsStillReadable(copy, what);
                assertEquals(blocks - 1, report.blocks(), what);
            } else {
                assertEquals(Status.CORRUPT, report.status(), what + ": " + describe(report));
                String kind = report.problem().orElseThrow().kind();
                // With no record left the genesis block itself is unacknowledged; otherwise records are missing.
                assertEquals(commitLog && recordsKept >= 1 ? "commit record" : "truncation", kind,
                        what + ": " + describe(report));
                assertThrows(LedgerCorruptedException.class, () -> openAndClose(copy),
                        what + ": opening must refuse rather than cut acknowledged blocks");
            }
            outcomes.add(report.status() + (report.problem().map(p -> "/" + p.kind()).orElse("")));
            LedgerCopies.delete(copy);
        }
        Map<String, Long> counts = new TreeMap<>();
        outcomes.forEach(o -> counts.merge(o, 1L, Long::sum));
        System.out.println("truncations: " + cuts.size() + ", reported as " + counts);
    }

    @Test
    void twoBlocksSwappedWithValidChecksumsAreCorrupt() {
        Path copy = LedgerCopies.copy(original, work.resolve("swap"));
        Path segment = LedgerCopies.segmentFiles(copy).get(1);
        List<byte[]> entries = new ArrayList<>(LedgerCopies.entries(segment));
        byte[] first = entries.get(1);
        entries.set(1, entries.get(4));
        entries.set(4, first);
        LedgerCopies.rewrite(segment, entries);
        assertTrue(SegmentStore.scan(new LedgerLayout(copy).segments()).damage().isEmpty(),
                "the swap must leave every checksum valid, so that only the chain can give it away");

        VerificationReport report = verify(copy, true);

        assertEquals(Status.CORRUPT, report.status(), describe(report));
        assertEquals("height", report.problem().orElseThrow().kind(), describe(report));
    }

    @Test
    void aBlockResealedWithAForeignKeyIsCorruptWithOrWithoutTrustedKeys() {
        Path copy = LedgerCopies.copy(original, work.resolve("reseal"));
        int blocksInFirstSegment = LedgerCopies.entries(LedgerCopies.segmentFiles(copy).get(0)).size();
        Path segment = LedgerCopies.segmentFiles(copy).get(1);
        List<byte[]> entries = new ArrayList<>(LedgerCopies.entries(segment));
        Block block = Block.decode(entries.get(2), Integer.MAX_VALUE);
        long height = block.header().height();
        assertEquals(blocksInFirstSegment + 2, height);
        SigningKey foreign = SigningKey.generate();
        byte[] seal = foreign.sign(BlockHeader.signingMessage(fixture.chainId, block.header().hash()));
        entries.set(2, new Block(block.header(), new Block.Seal(foreign.publicKey(), seal), block.transactions(),
                block.results()).encode());
        LedgerCopies.rewrite(segment, entries);
        assertTrue(SegmentStore.scan(new LedgerLayout(copy).segments()).damage().isEmpty());

        for (boolean withKeys : new boolean[] {true, false}) {
            VerificationReport report = verify(copy, withKeys);

            String what = (withKeys ? "with" : "without") + " trusted keys: " + describe(report);
            assertEquals(Status.CORRUPT, report.status(), what);
            VerificationReport.Problem problem = report.problem().orElseThrow();
            assertEquals("signature", problem.kind(), what);
            assertTrue(problem.location().startsWith("block " + height + " "), what);
            assertTrue(problem.detail().contains("not an organisation of this ledger"), what);
            assertEquals(height, report.blocks(), "every block before the forged one checked out; " + what);
        }
    }

    @Test
    void aWholeChainForgedWithAnotherOrganisationKeyPassesOnlyWithoutTrustedKeys() {
        TestLedgers forged = TestLedgers.create(work.resolve("forged"), SigningKey.generate());
        writeInWaves(forged);

        VerificationReport selfConsistent = verify(forged.dir, false);
        VerificationReport againstTrusted = verify(forged.dir, true);

        assertEquals(Status.INTACT, selfConsistent.status(), describe(selfConsistent));
        assertFalse(selfConsistent.keysExternal());
        assertTrue(selfConsistent.notes().stream().anyMatch(n -> n.contains("only internal consistency")));
        assertEquals(transactions, selfConsistent.transactions());
        assertEquals(Status.CORRUPT, againstTrusted.status());
        VerificationReport.Problem problem = againstTrusted.problem().orElseThrow();
        assertEquals("signature", problem.kind(), describe(againstTrusted));
        assertTrue(problem.detail().contains("not among the trusted keys"), describe(againstTrusted));
        assertEquals(0, againstTrusted.blocks(), "even the genesis block must be refused");
    }

    /**
     * A torn tail loses nothing only where the damage lies in the last commit record (which a crash before the
     * acknowledgement also leaves torn) or in zero padding after the data: every block must still be readable,
     * and every block whose record is intact must check out. Returns where the damage was.
     */
    private static String assertNothingAcknowledgedIsLost(Path copy, Path file, long offset,
                                                          VerificationReport report, String what) {
        boolean commitLog = file.equals(new LedgerLayout(copy).commits());
        long dataEnd = commitLog ? LedgerCopies.commitsDataEnd(blocks) : LedgerCopies.segmentDataEnd(file);
        boolean inLastRecord = commitLog && offset >= dataEnd - LedgerCopies.COMMIT_RECORD && offset < dataEnd;
        boolean inPadding = offset >= dataEnd;
        assertTrue(inLastRecord || inPadding, what + " is a torn tail, but it hit acknowledged data: "
                + describe(report));
        assertEveryBlockIsStillReadable(copy, what);
        assertEquals(inLastRecord ? blocks - 1 : blocks, report.blocks(), what + ": acknowledged blocks check out");
        return inLastRecord ? "in the last commit record" : "in zero padding";
    }

    private static void assertEveryBlockIsStillReadable(Path copy, String what) {
        SegmentStore.Scan scan = SegmentStore.scan(new LedgerLayout(copy).segments());
        assertEquals(blocks, scan.entries().size(), what + ": a block was lost from the segments");
        assertTrue(scan.damage().isEmpty() || scan.damage().get().atTail(), what + ": " + scan.damage());
    }

    private static long dataEnd(Path file) {
        return file.getFileName().toString().equals("commits") ? LedgerCopies.commitsDataEnd(blocks)
                : LedgerCopies.segmentDataEnd(file);
    }

    private static void openAndClose(Path copy) {
        TestLedgers.existing(copy, fixture.orgKey, fixture.chainId).open().close();
    }

    private static VerificationReport verify(Path dir, boolean withTrustedKeys) {
        Optional<TrustedKeys> keys = withTrustedKeys ? Optional.of(fixture.trustedKeys()) : Optional.empty();
        return new LedgerVerifier(TestLedgers.runtime(), Signatures.fastest()).verify(dir, keys);
    }

    private static String describe(VerificationReport r) {
        return r.status() + r.problem().map(p -> " " + p.describe()).orElse("") + " " + r.notes();
    }
}
