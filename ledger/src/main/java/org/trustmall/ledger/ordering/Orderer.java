package org.trustmall.ledger.ordering;

import java.util.concurrent.CompletableFuture;
import org.trustmall.ledger.Receipt;
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

    /** Stops accepting transactions, commits those already queued, and stops. */
    @Override
    void close();
}
