package org.trustmall.ledger;

import java.util.Optional;
import org.trustmall.ledger.block.Block;
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

    record Loaded(ChainState chain, BlockIndex index, SegmentStore.Scan segmentScan, int blocks,
                  Block.Seal lastSeal) {
    }

    private LedgerFiles() {
    }

    /**
     * @param recovering true when opening for writing: an unacknowledged torn tail is then expected and will be
     *                   cut by the caller; read-only loads simply ignore it
     */
    static Loaded load(LedgerLayout layout, ContractRuntime runtime, boolean recovering) {
        SegmentStore.Scan segments = SegmentStore.scan(layout.segments());
        CommitLog.Scan commits = CommitLog.scan(layout.commits());
        int acknowledged = acknowledgedBlocks(segments, commits, recovering);
        if (acknowledged == 0) {
            throw new LedgerException(layout.dir() + " holds no ledger (no acknowledged genesis block); create one "
                    + "with 'trustmall ledger init'");
        }
        ChainState chain = new ChainState(runtime);
        BlockIndex index = new BlockIndex();
        Block.Seal lastSeal = null;
        for (int h = 0; h < acknowledged; h++) {
            SegmentStore.Position p = segments.entries().get(h);
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
            if (!exec.header().equals(block.header())) {
                throw corrupt(layout, p, "block " + h + " replays to a different header (stored state root "
                        + block.header().stateRoot().hex() + ", replayed " + exec.header().stateRoot().hex() + ")");
            }
            CommitLog.Commit c = commits.commits().get(h);
            if (!c.blockHash().equals(block.hash()) || c.logSize() != block.header().logSize()) {
                throw new LedgerCorruptedException(layout.commits(), 16L + 52L * h,
                        "commit record " + h + " does not match block " + h);
            }
            chain.publish(exec);
            long first = block.header().logSize() - block.transactions().size();
            for (int i = 0; i < block.transactions().size(); i++) {
                index.addTransaction(block.transactions().get(i).id(), first + i);
            }
            index.add(p, block.header().logSize());
            lastSeal = block.seal();
        }
        index.publish(acknowledged);
        return new Loaded(chain, index, segments, acknowledged, lastSeal);
    }

    /**
     * The number of leading blocks that were acknowledged and are intact. Damage anywhere in them, or a commit
     * record for a block that is missing, is corruption; blocks (complete or torn) after the last commit record
     * were never acknowledged.
     */
    private static int acknowledgedBlocks(SegmentStore.Scan segments, CommitLog.Scan commits, boolean recovering) {
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
        segments.damage().filter(d -> !d.atTail()).ifPresent(d -> {
            throw new LedgerCorruptedException(d.file(), d.offset(), d.problem());
        });
        return acknowledged;
    }

    private static LedgerCorruptedException corrupt(LedgerLayout layout, SegmentStore.Position p, String problem) {
        return new LedgerCorruptedException(layout.segments().resolve(String.format("%020d.seg", p.segment())),
                p.offset() - 8, problem);
    }
}
