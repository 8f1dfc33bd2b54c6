package org.trustmall.ledger.execution;

import java.util.List;
import org.trustmall.ledger.block.BlockHeader;
import org.trustmall.ledger.block.TxResult;
import org.trustmall.ledger.state.WorldState;
import org.trustmall.ledger.tx.Transaction;

/**
 * A block as the executor produced it, not yet sealed or durable: the header, the admitted transactions with their
 * results, the candidates it rejected (never written) and the state writes to publish once the block is durable.
 * When every candidate was rejected there is no block: {@link #header()} is null and {@link #empty()} true.
 */
public record ExecutedBlock(BlockHeader header, List<Transaction> transactions, List<TxResult> results,
                            List<Rejection> rejections, WorldState.BlockWrites writes) {

    /** A candidate that did not enter the block, why, and its position in the batch. */
    public record Rejection(int position, Transaction transaction, String reason) {
    }

    static ExecutedBlock none(List<Rejection> rejections) {
        return new ExecutedBlock(null, List.of(), List.of(), List.copyOf(rejections), null);
    }

    public boolean empty() {
        return header == null;
    }

    /**
     * For each candidate of the batch, in order: the index of its transaction in this block, or -1 when it was
     * rejected. Positions rather than object identity, so the same transaction object submitted twice is told
     * apart.
     */
    public int[] placement(int candidates) {
        int[] out = new int[candidates];
        for (Rejection r : rejections) {
            out[r.position()] = -1;
        }
        int next = 0;
        for (int i = 0; i < candidates; i++) {
            if (out[i] == 0) {
                out[i] = next++;
            }
        }
        return out;
    }
}
