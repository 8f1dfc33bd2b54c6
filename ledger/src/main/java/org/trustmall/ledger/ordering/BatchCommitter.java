package org.trustmall.ledger.ordering;

import java.util.List;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.block.Block;
import org.trustmall.ledger.merkle.ConsistencyProof;
import org.trustmall.ledger.tx.Transaction;

/**
 * The ledger side of ordering: executes one ordered batch as the next block, seals it and makes it durable.
 * Called by one orderer thread at a time, in order.
 */
public interface BatchCommitter {

    /**
     * @param timestamp the orderer's time for the block, in ms since the epoch
     * @return one receipt per transaction of {@code batch}, in the same order, all durable when this returns
     */
    List<Receipt> commit(long timestamp, List<Transaction> batch);

    /**
     * Height of the last durable block. A replicated orderer reads it on start to tell whether the batch it was
     * committing when the node stopped became a block, so that it neither applies a batch twice nor skips one.
     */
    long height();

    /** A durable block, for a replicated orderer to hand to a peer that catches up from this node's blocks. */
    Block block(long height);

    /**
     * This node's proof that its log of {@code size1} entries is a prefix of its log of {@code size2} (both within
     * durable blocks), for a replicated orderer to answer a peer or client that checks checkpoints.
     */
    ConsistencyProof consistencyProof(long size1, long size2);
}
