package org.trustmall.ledger.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerLayout;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.testing.LedgerCopies;
import org.trustmall.ledger.testing.TestLedgers;
import org.trustmall.ledger.tx.Transaction;
import org.trustmall.ledger.verify.LedgerVerifier;
import org.trustmall.ledger.verify.VerificationReport;
import org.trustmall.ledger.verify.VerificationReport.Status;

/**
 * How storage tells the shape a crash leaves (damage at the tail, cut on open) from damage no crash explains, on
 * real files: the scans of {@link SegmentStore} and {@link CommitLog}, and what opening a ledger does with each.
 */
class StorageRecoveryTest {
    private static final SegmentStore.Scan EMPTY = new SegmentStore.Scan(List.of(), Optional.empty());

    @TempDir
    Path dir;

    // ---- segment scans ----

    @Test
    void aPartlyWrittenLastEntryIsDamageAtTheTailAndOpeningForAppendCutsIt() {
        byte[] headerOnly = ByteBuffer.allocate(8).putInt(100).putInt(12345).array();
        byte[] partOfAHeader = {0, 0, 1};
        byte[] headerAndPartOfThePayload = ByteBuffer.allocate(38).putInt(100).putInt(12345)
                .put(new byte[] {5, 5, 5, 5, 5}).array();
        for (byte[] torn : List.of(partOfAHeader, headerOnly, headerAndPartOfThePayload)) {
            Path segments = dir.resolve("segments-" + torn.length);
            List<byte[]> payloads = writeSegmentEntries(segments, 3);
            Path file = segments.resolve(String.format("%020d.seg", 0));
            long dataEnd = LedgerCopies.segmentDataEnd(file);
            // What a crash in the middle of appending a fourth entry leaves where it was being written.
            LedgerCopies.writeAt(file, dataEnd, torn);

            SegmentStore.Scan scan = SegmentStore.scan(segments);

            String what = torn.length + " bytes of a fourth entry";
            assertEquals(3, scan.entries().size(), what);
            Damage damage = scan.damage().orElseThrow();
            assertTrue(damage.atTail(), what + ": " + damage.describe());
            assertEquals(dataEnd, damage.offset(), what);
            try (SegmentStore store = SegmentStore.openForAppend(segments, scan, 3, 1 << 20)) {
                assertEquals(dataEnd, LedgerCopies.size(file), what + ": the torn entry is cut");
                store.append(new byte[] {7, 7});
                store.sync();
            }
            SegmentStore.Scan after = SegmentStore.scan(segments);
            assertTrue(after.damage().isEmpty(), after.damage()::toString);
            assertEquals(4, after.entries().size());
            assertArrayEquals(payloads.get(2), SegmentStore.readClosed(segments, after.entries().get(2)));
            assertArrayEquals(new byte[] {7, 7}, SegmentStore.readClosed(segments, after.entries().get(3)));
        }
    }

    @Test
    void aFlippedByteInAMiddleEntryIsDamageThatIsNotAtTheTail() {
        Path segments = dir.resolve("segments");
        writeSegmentEntries(segments, 3);
        SegmentStore.Position second = SegmentStore.scan(segments).entries().get(1);
        LedgerCopies.flipByte(LedgerCopies.segmentFiles(dir).get(0), second.offset() + 3, (byte) 0x10);

        SegmentStore.Scan scan = SegmentStore.scan(segments);

        assertEquals(1, scan.entries().size(), "only the entries before the damage are readable");
        Damage damage = scan.damage().orElseThrow();
        assertFalse(damage.atTail(), damage::describe);
        assertEquals(second.offset() - 8, damage.offset());
        assertEquals("entry checksum mismatch", damage.problem());
    }

    @Test
    void aFlippedByteInTheLastEntryLooksLikeATornWriteWhichIsWhyCommitRecordsAreNeeded() {
        Path segments = dir.resolve("segments");
        writeSegmentEntries(segments, 3);
        Path file = LedgerCopies.segmentFiles(dir).get(0);
        LedgerCopies.flipByte(file, LedgerCopies.size(file) - 1, (byte) 0x01);

        Damage damage = SegmentStore.scan(segments).damage().orElseThrow();

        assertTrue(damage.atTail(), damage::describe);
    }

    // ---- commit log scans ----

    @Test
    void aPartlyWrittenLastCommitRecordIsDamageAtTheTail() {
        Path file = dir.resolve("commits");
        writeCommits(file, 3);
        byte[] partOfARecord = new byte[20];
        Arrays.fill(partOfARecord, (byte) 3);
        LedgerCopies.writeAt(file, LedgerCopies.commitsDataEnd(3), partOfARecord);

        CommitLog.Scan scan = CommitLog.scan(file);

        assertEquals(3, scan.commits().size());
        Damage damage = scan.damage().orElseThrow();
        assertTrue(damage.atTail(), damage::describe);
        assertEquals(LedgerCopies.commitsDataEnd(3), damage.offset());
    }

    @Test
    void aFlippedByteInAMiddleCommitRecordIsDamageThatIsNotAtTheTail() {
        Path file = dir.resolve("commits");
        writeCommits(file, 3);
        LedgerCopies.flipByte(file, 16 + 52 + 20, (byte) 0x80);

        CommitLog.Scan scan = CommitLog.scan(file);

        assertEquals(1, scan.commits().size());
        Damage damage = scan.damage().orElseThrow();
        assertFalse(damage.atTail(), damage::describe);
        assertEquals("commit record checksum mismatch", damage.problem());
    }

    @Test
    void aWellFormedCommitRecordForTheWrongHeightIsDamageThatIsNotAtTheTail() throws IOException {
        Path file = dir.resolve("commits");
        writeCommits(file, 3);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer record = ByteBuffer.wrap(bytes, 16 + 52, 52).slice();
        record.putLong(0, 7);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 16 + 52, 48);
        record.putInt(48, (int) crc.getValue());
        Files.write(file, bytes);

        Damage damage = CommitLog.scan(file).damage().orElseThrow();

        assertFalse(damage.atTail(), damage::describe);
        assertEquals("commit record for height 7 where height 1 was expected", damage.problem());
    }

    // ---- recovery of a ledger ----

    @Test
    void anIntactBlockWithoutACommitRecordIsKeptOnOpenAndItsRecordRestored() {
        TestLedgers t = TestLedgers.create(dir.resolve("ledger"));
        Transaction first = t.put("first", new byte[] {1});
        Transaction second = t.put("second", new byte[] {2});
        try (Ledger ledger = t.open()) {
            committed(ledger.submitAndWait(first));
            committed(ledger.submitAndWait(second));
        }
        // What a crash after the block's sync but before its commit record leaves behind — or a damaged last
        // record: the block itself is durable and intact, so it must survive (it may have been acknowledged).
        LedgerCopies.truncate(new LedgerLayout(t.dir).commits(), LedgerCopies.commitsDataEnd(2));

        VerificationReport torn = verify(t);
        assertEquals(Status.TORN_TAIL, torn.status(), torn::toString);
        assertTrue(torn.notes().get(torn.notes().size() - 1).contains("block 2 is complete and intact but has no "
                + "commit record"), torn.notes()::toString);

        Transaction next = t.put("next", new byte[] {3});
        try (Ledger ledger = t.open()) {
            assertEquals(2, ledger.height());
            assertTrue(ledger.transaction(first.id()).isPresent());
            assertTrue(ledger.transaction(second.id()).isPresent(), "the intact block was kept");
            committed(ledger.submitAndWait(next));
        }
        VerificationReport after = verify(t);
        assertEquals(Status.INTACT, after.status(), after::toString);
        try (Ledger ledger = t.open()) {
            assertEquals(3, ledger.height());
            assertTrue(ledger.transaction(next.id()).isPresent());
            assertTrue(ledger.transaction(second.id()).isPresent());
        }
    }

    @Test
    void aCompleteBlockWithoutACommitRecordThatIsNotValidlySealedStopsTheOpenAsTampering() {
        TestLedgers t = TestLedgers.create(dir.resolve("ledger"));
        Transaction kept = t.put("kept", new byte[] {1});
        Transaction unacknowledged = t.put("never-acknowledged", new byte[] {2});
        try (Ledger ledger = t.open()) {
            committed(ledger.submitAndWait(kept));
            committed(ledger.submitAndWait(unacknowledged));
        }
        LedgerCopies.truncate(new LedgerLayout(t.dir).commits(), LedgerCopies.commitsDataEnd(2));
        // Damage the unrecorded block's content, keeping its checksum valid, so it is complete but not trustworthy.
        Path segment = LedgerCopies.segmentFiles(t.dir).get(0);
        LedgerCopies.resealLastBlockWithForeignKey(segment, t.chainId);

        // A crash tears a block (bad checksum); it never re-seals one with a valid checksum.
        LedgerCorruptedException e = assertThrows(LedgerCorruptedException.class, t::open);
        assertTrue(e.getMessage().contains("not validly sealed"), e::getMessage);
        VerificationReport report = verify(t);
        assertEquals(Status.CORRUPT, report.status(), report::toString);
        assertEquals("signature", report.problem().orElseThrow().kind());
    }

    @Test
    void aTornEntryAfterTheLastBlockIsATornTailThatOpeningCuts() {
        TestLedgers t = TestLedgers.create(dir.resolve("ledger"));
        Transaction tx = t.put("k", new byte[] {1});
        try (Ledger ledger = t.open()) {
            committed(ledger.submitAndWait(tx));
        }
        Path segment = LedgerCopies.segmentFiles(t.dir).get(0);
        long dataEnd = LedgerCopies.segmentDataEnd(segment);
        LedgerCopies.writeAt(segment, dataEnd, ByteBuffer.allocate(200).putInt(4000).putInt(99).array());

        assertEquals(Status.TORN_TAIL, verify(t).status());
        try (Ledger ledger = t.open()) {
            assertEquals(dataEnd, LedgerCopies.size(segment));
            assertTrue(ledger.transaction(tx.id()).isPresent());
        }
        assertEquals(Status.INTACT, verify(t).status());
    }

    @Test
    void segmentsRollOverAtTheirSizeLimitAndEverythingReopensAndVerifies() {
        LedgerOptions small = LedgerOptions.DEFAULT.withMaxSegmentBytes(8192);
        TestLedgers t = TestLedgers.create(dir.resolve("ledger"));
        List<Transaction> written = new ArrayList<>();
        try (Ledger ledger = t.open(small)) {
            for (int wave = 0; wave < 20; wave++) {
                List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    Transaction tx = t.put("k" + wave + "/" + i, new byte[32]);
                    written.add(tx);
                    receipts.add(ledger.submit(tx));
                }
                receipts.forEach(r -> committed(r.join()));
            }
        }

        List<Path> segments = LedgerCopies.segmentFiles(t.dir);
        assertTrue(segments.size() >= 4, "200 transactions should fill several 8 KiB segments, got " + segments);
        segments.forEach(s -> assertTrue(LedgerCopies.size(s) <= 8192, s + " is over the limit"));
        assertEquals(Status.INTACT, verify(t).status());
        Transaction later = t.put("later", new byte[32]);
        try (Ledger ledger = t.open(small)) {
            for (Transaction tx : written) {
                assertTrue(ledger.transaction(tx.id()).isPresent(), tx::toString);
            }
            committed(ledger.submitAndWait(later));
        }
        try (Ledger ledger = t.open(small)) {
            assertTrue(ledger.transaction(later.id()).isPresent());
            assertEquals(written.size() + 2, ledger.logSize());
        }
        assertEquals(Status.INTACT, verify(t).status());
    }

    @Test
    void aMissingMiddleSegmentIsCorruptAndTheLedgerRefusesToOpen() throws IOException {
        TestLedgers t = TestLedgers.create(dir.resolve("ledger"));
        LedgerOptions small = LedgerOptions.DEFAULT.withMaxSegmentBytes(4096);
        try (Ledger ledger = t.open(small)) {
            for (int i = 0; i < 60; i++) {
                committed(ledger.submitAndWait(t.put("k" + i, new byte[32])));
            }
        }
        List<Path> segments = LedgerCopies.segmentFiles(t.dir);
        assertTrue(segments.size() >= 3, segments::toString);
        Files.delete(segments.get(1));

        VerificationReport report = verify(t);

        assertEquals(Status.CORRUPT, report.status());
        assertTrue(report.problem().orElseThrow().detail().contains("segment file is missing"),
                report.problem().get()::describe);
        LedgerCorruptedException refused = assertThrows(LedgerCorruptedException.class, () -> t.open().close());
        assertEquals(segments.get(1).getFileName(), refused.file().getFileName(), refused.getMessage());
    }

    // ---- helpers ----

    private static List<byte[]> writeSegmentEntries(Path segments, int n) {
        List<byte[]> payloads = new ArrayList<>();
        try (SegmentStore store = SegmentStore.openForAppend(segments, EMPTY, 0, 1 << 20)) {
            for (int i = 0; i < n; i++) {
                byte[] p = new byte[50 + i];
                p[0] = (byte) i;
                payloads.add(p);
                store.append(p);
            }
            store.sync();
        }
        return payloads;
    }

    private static void writeCommits(Path file, int n) {
        try (CommitLog log = CommitLog.openForAppend(file, 0)) {
            for (int i = 0; i < n; i++) {
                log.append(List.of(new CommitLog.Commit(i, i + 1, Hash.sha256(new byte[] {(byte) i}))));
            }
        }
    }

    private static VerificationReport verify(TestLedgers t) {
        return new LedgerVerifier(TestLedgers.runtime(), Signatures.fastest()).verify(t.dir,
                Optional.of(t.trustedKeys()));
    }

    private static void committed(Receipt r) {
        assertInstanceOf(Receipt.Committed.class, r, r::toString);
    }
}
