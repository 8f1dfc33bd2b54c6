package org.trustmall.ledger.ordering;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.tx.Transaction;

/**
 * Puts verified transactions into one total order, in batches with a timestamp, and hands each batch to the
 * ledger's {@link BatchCommitter} — on every node, in the same order. The embedded orderer is {@link SoloOrderer};
 * a consensus-backed one (Raft) implements the same interface, so contracts and everything above the ledger do not
 * change with the orderer.
 */
public interface Orderer extends AutoCloseable {

    /** Begins delivering batches to {@code committer}. Called once. */
    void start(BatchCommitter committer);

    /**
     * Queues a transaction whose signature was already checked. The future completes with its receipt once the
     * block holding it is durable (or with a rejection), and exceptionally if the ledger fails or closes first.
     */
    CompletableFuture<Receipt> order(Transaction transaction);

    /**
     * The other nodes' seals over the block of {@code own} (this node's checkpoint, with its own seal), as many as
     * could be had within the orderer's bound on waiting: only seals over the very same header count. The ledger
     * serves its checkpoints with these added, so that a client requiring k of n signatures can take them as they
     * come. Thread-safe. The embedded orderer has no peers: none.
     */
    default List<Checkpoint.Signature> peerSeals(Checkpoint own) {
        return List.of();
    }

    /** Stops accepting transactions, commits those already queued, and stops. */
    @Override
    void close();
}
