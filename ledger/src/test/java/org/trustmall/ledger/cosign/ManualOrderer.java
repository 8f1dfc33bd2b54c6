package org.trustmall.ledger.cosign;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.ordering.BatchCommitter;
import org.trustmall.ledger.ordering.Orderer;
import org.trustmall.ledger.tx.Transaction;

/**
 * An orderer driven by the test: it hands the ledger exactly the batches and timestamps the test chooses, as a
 * consensus orderer hands every node the same committed batches — or, to make a fork, a different one.
 */
final class ManualOrderer implements Orderer {
    private BatchCommitter committer;

    @Override
    public void start(BatchCommitter c) {
        this.committer = c;
    }

    @Override
    public CompletableFuture<Receipt> order(Transaction transaction) {
        return CompletableFuture.failedFuture(new LedgerException("this orderer takes its batches from the test"));
    }

    /** Commits one batch as the next block, on the caller's thread. */
    List<Receipt> commit(long timestamp, List<Transaction> batch) {
        return committer.commit(timestamp, batch);
    }

    @Override
    public void close() {
    }
}
