package org.trustmall.ledger.execution;

import java.util.List;
import org.trustmall.ledger.block.BlockHeader;
import org.trustmall.ledger.block.TxResult;
import org.trustmall.ledger.state.WorldState;
import org.trustmall.ledger.tx.Transaction;

/**
 * A block as the executor produced it, not yet sealed or durable: the header, the admitted transactions with their
 * results, the candidates it rejected (never written) and the state writes to publish once the block is durable.
 */
public record ExecutedBlock(BlockHeader header, List<Transaction> transactions, List<TxResult> results,
                            List<Rejection> rejections, WorldState.BlockWrites writes) {

    /** A candidate that did not enter the block, and why. */
    public record Rejection(Transaction transaction, String reason) {
    }
}
