package org.trustmall.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.trustmall.ledger.block.Block;
import org.trustmall.ledger.block.BlockHeader;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.block.MalformedBlockException;
import org.trustmall.ledger.execution.ChainState;
import org.trustmall.ledger.execution.ContractRuntime;
import org.trustmall.ledger.execution.ExecutedBlock;
import org.trustmall.ledger.storage.CommitLog;
import org.trustmall.ledger.storage.Damage;
import org.trustmall.ledger.storage.LedgerCorruptedException;
import org.trustmall.ledger.storage.SegmentStore;

/**
 * Loads a ledger from its files: decides how much of them is acknowledged, then replays those blocks through a
 * fresh {@link ChainState}, checking that each block's roots come out exactly as stored.
 */
final class LedgerFiles {

    /**
     * @param blocks          blocks loaded (and kept, when opening for writing)
     * @param restoredCommits commit records to append on open: the record of a complete, valid block that a crash
     *                        (or damage to the record itself) left without one
     */
    record Loaded(ChainState chain, BlockIndex index, SegmentStore.Scan segmentScan, int blocks,
                  Block.Seal lastSeal, List<CommitLog.Commit> restoredCommits) {
    }

    private LedgerFiles() {
    }

    /**
     * @param recovering true when opening for writing: an unacknowledged torn tail is then expected and will be
     *                   cut by the caller; read-only loads simply ignore it
     */
    static Loaded load(LedgerLayout layout, ContractRuntime runtime, boolean recovering) {
        // Commit records first: a block is written before its record, so segments read afterwards hold at least
        // every block the records name, even while another process appends.
        CommitLog.Scan commits = CommitLog.scan(layout.commits());
        SegmentStore.Scan segments = SegmentStore.scan(layout.segments());
        int acknowledged = acknowledgedBlocks(layout, segments, commits, recovering);
        if (acknowledged == 0) {
            throw new LedgerException(layout.dir() + " holds no ledger (no acknowledged genesis block); create one "
                    + "with 'trustmall ledger init'");
        }
        ChainState chain = new ChainState(runtime);
        BlockIndex index = new BlockIndex();
        Block.Seal lastSeal = null;
        for (int h = 0; h < acknowledged; h++) {
            SegmentStore.Position p = segments.entries().get(h);
            Block block = replay(layout, chain, p, h);
            CommitLog.Commit c = commits.commits().get(h);
            if (!c.blockHash().equals(block.hash()) || c.logSize() != block.header().logSize()) {
                throw new LedgerCorruptedException(layout.commits(), 16L + 52L * h,
                        "commit record " + h + " does not match block " + h);
            }
            lastSeal = addToIndex(index, chain, block, p);
        }
        List<CommitLog.Commit> restored = new ArrayList<>();
        int blocks = acknowledged;
        if (recovering && segments.entries().size() == acknowledged + 1) {
            // A complete block without a commit record: written and synced, then the crash came before its record
            // (or the record was damaged). It is durable, so keep it — cutting it could drop transactions that were
            // acknowledged before the record was damaged.
            SegmentStore.Position p = segments.entries().get(acknowledged);
            Block block = replayUnrecorded(layout, chain, p, acknowledged);
            lastSeal = addToIndex(index, chain, block, p);
            restored.add(new CommitLog.Commit(block.header().height(), block.header().logSize(), block.hash()));
            blocks++;
        }
        index.publish(blocks);
        return new Loaded(chain, index, segments, blocks, lastSeal, restored);
    }

    /** Decodes and re-executes a stored block, checking it reproduces its header exactly. */
    private static Block replay(LedgerLayout layout, ChainState chain, SegmentStore.Position p, int h) {
        Block block;
        try {
            block = Block.decode(SegmentStore.readClosed(layout.segments(), p),
                    h == 0 ? Integer.MAX_VALUE : chain.parameters().maxArgsBytes());
        } catch (MalformedBlockException e) {
            throw corrupt(layout, p, "block " + h + " does not decode: " + e.getMessage());
        }
        if (block.header().height() != h) {
            throw corrupt(layout, p, "entry " + h + " holds block " + block.header().height());
        }
        ExecutedBlock exec;
        try {
            exec = chain.execute(block.header().timestamp(), block.transactions());
        } catch (LedgerException e) {
            throw corrupt(layout, p, "block " + h + " does not replay: " + e.getMessage());
        }
        if (!exec.rejections().isEmpty()) {
            throw corrupt(layout, p, "block " + h + " holds a transaction the rules reject: "
                    + exec.rejections().get(0).reason());
        }
        if (exec.empty()) {
            throw corrupt(layout, p, "block " + h + " holds no transactions");
        }
        if (!exec.header().equals(block.header())) {
            throw corrupt(layout, p, "block " + h + " replays to a different header (stored state root "
                    + block.header().stateRoot().hex() + ", replayed " + exec.header().stateRoot().hex() + ")");
        }
        chain.publish(exec);
        return block;
    }

    /**
     * Replays the complete block after the last commit record. Its checksum is valid, so a crash did not tear it:
     * it must also be sealed by one of the ledger's organisations and replay exactly, or the files were tampered
     * with and the open stops.
     */
    private static Block replayUnrecorded(LedgerLayout layout, ChainState chain, SegmentStore.Position p, int h) {
        Block block = replay(layout, chain, p, h);
        boolean sealedByMember = chain.organisations().stream()
                .anyMatch(o -> o.key().equals(block.seal().signer()));
        if (!sealedByMember || !Signatures.fastest().verify(block.seal().signer(),
                BlockHeader.signingMessage(chain.chainId(), block.hash()), block.seal().signature())) {
            throw corrupt(layout, p, "block " + h + " (after the last commit record) is not validly sealed by an "
                    + "organisation of this ledger");
        }
        return block;
    }

    private static Block.Seal addToIndex(BlockIndex index, ChainState chain, Block block, SegmentStore.Position p) {
        long first = block.header().logSize() - block.transactions().size();
        for (int i = 0; i < block.transactions().size(); i++) {
            index.addTransaction(block.transactions().get(i).id(), first + i);
        }
        index.add(p, block.header().logSize());
        return block.seal();
    }

    /**
     * The number of leading blocks that were acknowledged and are intact. Damage anywhere in them, or a commit
     * record for a block that is missing, is corruption; blocks (complete or torn) after the last commit record
     * were never acknowledged. A crash leaves at most one complete block without its commit record, because the
     * next block is written only after the previous one's record is synced; more than one means records of
     * acknowledged blocks were lost, and a recovery that cut those blocks would lose acknowledged transactions.
     */
    private static int acknowledgedBlocks(LedgerLayout layout, SegmentStore.Scan segments, CommitLog.Scan commits,
                                          boolean recovering) {
        Optional<Damage> commitDamage = commits.damage();
        if (commitDamage.isPresent() && !(commitDamage.get().atTail() && recovering)
                && !(commitDamage.get().atTail() && commits.commits().size() > 0)) {
            Damage d = commitDamage.get();
            throw new LedgerCorruptedException(d.file(), d.offset(), d.problem());
        }
        int acknowledged = commits.commits().size();
        int intact = segments.entries().size();
        if (acknowledged > intact) {
            Damage d = segments.damage().orElse(null);
            String where = d == null ? "the segments end early" : d.problem();
            throw new LedgerCorruptedException(d == null ? null : d.file(), d == null ? 0 : d.offset(), "block " + intact + " was acknowledged but cannot be read ("
                    + where + "): " + (acknowledged - intact) + " acknowledged block(s) lost");
        }
        if (recovering && intact - acknowledged > 1) {
            throw new LedgerCorruptedException(layout.commits(), 16L + 52L * acknowledged, (intact - acknowledged)
                    + " complete blocks from height " + acknowledged + " have no commit record, but a crash leaves at"
                    + " most one: commit records of acknowledged blocks are missing, and cutting those blocks would"
                    + " lose them");
        }
        segments.damage().filter(d -> !d.atTail()).ifPresent(d -> {
            throw new LedgerCorruptedException(d.file(), d.offset(), d.problem());
        });
        return acknowledged;
    }

    private static LedgerCorruptedException corrupt(LedgerLayout layout, SegmentStore.Position p, String problem) {
        return new LedgerCorruptedException(SegmentStore.segmentFile(layout.segments(), p.segment()),
                p.offset() - 8, problem);
    }
}
