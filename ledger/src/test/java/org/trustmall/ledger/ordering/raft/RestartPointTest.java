package org.trustmall.ledger.ordering.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.ratis.server.protocol.TermIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.testing.LedgerCopies;

/** Where a restarted node resumes in the Raft log, from the block index, the applied point and the ledger's height. */
class RestartPointTest {
    @TempDir
    Path tmp;

    @Test
    void aNodeResumesAfterTheEntryItsLastBlockCameFrom() {
        Path file = tmp.resolve("index");
        try (BlockIndexFile index = BlockIndexFile.open(file)) {
            index.record(1, 1, 3);
            index.record(2, 1, 5);
            index.record(3, 2, 9);
        }
        try (BlockIndexFile index = BlockIndexFile.open(file)) {
            assertEquals(Optional.of(TermIndex.valueOf(2, 9)),
                    LedgerStateMachine.appliedOnStart(index.at(3), Optional.empty(), 3, file));
        }
    }

    @Test
    void anEntryWhoseBlockNeverReachedTheLedgerIsAppliedAgain() {
        Path file = tmp.resolve("index");
        try (BlockIndexFile index = BlockIndexFile.open(file)) {
            index.record(1, 1, 3);
            index.record(2, 1, 5);
            // Recorded before block 2 was committed; the node stopped before it became durable: height is 1.
            assertEquals(Optional.of(TermIndex.valueOf(1, 3)),
                    LedgerStateMachine.appliedOnStart(index.at(1), Optional.empty(), 1, file));
        }
    }

    @Test
    void aLaterPointAtTheSameHeightCoversEntriesThatMadeNoBlock() {
        Path file = tmp.resolve("index");
        try (BlockIndexFile index = BlockIndexFile.open(file);
             AppliedPoint marker = AppliedPoint.open(tmp.resolve("point"))) {
            index.record(1, 1, 3);
            marker.write(1, 8, 1);
            assertEquals(Optional.of(TermIndex.valueOf(1, 8)),
                    LedgerStateMachine.appliedOnStart(index.at(1), marker.last(), 1, file));
            index.record(2, 2, 12);
            assertEquals(Optional.of(TermIndex.valueOf(2, 12)),
                    LedgerStateMachine.appliedOnStart(index.at(2), marker.last(), 2, file),
                    "a point at another height says nothing about this one");
        }
    }

    @Test
    void withoutRecordsEverythingIsApplied() {
        Path file = tmp.resolve("index");
        try (BlockIndexFile index = BlockIndexFile.open(file)) {
            assertTrue(LedgerStateMachine.appliedOnStart(index.at(0), Optional.empty(), 0, file).isEmpty());
        }
    }

    @Test
    void aLedgerWithBlocksButNoRecordIsRefusedRatherThanReplayedOntoItself() {
        Path file = tmp.resolve("index");
        try (BlockIndexFile index = BlockIndexFile.open(file)) {
            LedgerException e = assertThrows(LedgerException.class,
                    () -> LedgerStateMachine.appliedOnStart(index.at(4), Optional.empty(), 4, file));
            assertTrue(e.getMessage().contains("copy of the genesis ledger"), e.getMessage());
        }
    }

    @Test
    void aDamagedRecordIsNoRecord() {
        Path file = tmp.resolve("index");
        try (BlockIndexFile index = BlockIndexFile.open(file)) {
            index.record(1, 1, 3);
            index.record(2, 1, 5);
        }
        LedgerCopies.flipByte(file, 28 + 10, (byte) 0x01);
        try (BlockIndexFile index = BlockIndexFile.open(file)) {
            assertEquals(Optional.of(TermIndex.valueOf(1, 3)), index.at(1));
            assertTrue(index.at(2).isEmpty());
        }
    }

    @Test
    void aTornPointWriteLeavesThePointBeforeIt() {
        Path file = tmp.resolve("point");
        try (AppliedPoint m = AppliedPoint.open(file)) {
            m.write(1, 4, 2);
            m.write(1, 5, 3);
        }
        // The second point went to slot 0 (sequence 2); spoil it as a torn write would.
        LedgerCopies.flipByte(file, 20, (byte) 0x40);
        try (AppliedPoint m = AppliedPoint.open(file)) {
            assertEquals(4, m.last().orElseThrow().index());
            m.write(1, 5, 3);
            assertEquals(5, m.last().orElseThrow().index());
        }
    }
}
