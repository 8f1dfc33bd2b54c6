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

/** Where a restarted node resumes in the Raft log, from the marker and the ledger's height. */
class AppliedMarkerTest {
    @TempDir
    Path tmp;

    @Test
    void anEntryWhoseBlockIsInTheLedgerIsNotAppliedAgain() {
        Path file = tmp.resolve("marker");
        try (AppliedMarker m = AppliedMarker.open(file)) {
            m.write(2, 17, 2, 15, 9);
        }
        try (AppliedMarker m = AppliedMarker.open(file)) {
            assertEquals(Optional.of(TermIndex.valueOf(2, 17)), LedgerStateMachine.appliedOnStart(m.last(), 10, file));
        }
    }

    @Test
    void anEntryWhoseBlockNeverReachedTheLedgerIsAppliedAgain() {
        Path file = tmp.resolve("marker");
        try (AppliedMarker m = AppliedMarker.open(file)) {
            m.write(2, 17, 2, 15, 9);
            assertEquals(Optional.of(TermIndex.valueOf(2, 15)), LedgerStateMachine.appliedOnStart(m.last(), 9, file));
        }
    }

    @Test
    void withoutAMarkerEverythingIsApplied() {
        Path file = tmp.resolve("marker");
        try (AppliedMarker m = AppliedMarker.open(file)) {
            assertTrue(LedgerStateMachine.appliedOnStart(m.last(), 0, file).isEmpty());
        }
    }

    @Test
    void aLedgerWithBlocksButNoMarkerIsRefusedRatherThanReplayedOntoItself() {
        Path file = tmp.resolve("marker");
        try (AppliedMarker m = AppliedMarker.open(file)) {
            LedgerException e = assertThrows(LedgerException.class,
                    () -> LedgerStateMachine.appliedOnStart(m.last(), 4, file));
            assertTrue(e.getMessage().contains("copy of the genesis ledger"), e.getMessage());
        }
    }

    @Test
    void aTornWriteLeavesTheRecordBeforeIt() {
        Path file = tmp.resolve("marker");
        try (AppliedMarker m = AppliedMarker.open(file)) {
            m.write(1, 4, 1, 3, 2);
            m.write(1, 5, 1, 4, 3);
        }
        // The second record went to slot 0 (sequence 2); spoil it as a torn write would.
        LedgerCopies.flipByte(file, 20, (byte) 0x40);
        try (AppliedMarker m = AppliedMarker.open(file)) {
            assertEquals(4, m.last().orElseThrow().index());
            m.write(1, 5, 1, 4, 3);
            assertEquals(5, m.last().orElseThrow().index());
        }
    }

    @Test
    void aLedgerThatDoesNotMatchTheRaftDirectoryIsRefused() {
        Path file = tmp.resolve("marker");
        try (AppliedMarker m = AppliedMarker.open(file)) {
            m.write(2, 17, 2, 15, 9);
            LedgerException e = assertThrows(LedgerException.class,
                    () -> LedgerStateMachine.appliedOnStart(m.last(), 3, file));
            assertTrue(e.getMessage().contains("do not belong together"), e.getMessage());
        }
    }
}
