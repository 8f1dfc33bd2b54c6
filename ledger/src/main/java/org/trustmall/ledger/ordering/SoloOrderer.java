package org.trustmall.ledger.ordering;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.tx.Transaction;

/**
 * The embedded orderer: one thread takes queued transactions in arrival order and cuts a batch when it holds
 * {@code maxBatch} transactions or {@code maxDelay} has passed since its first one arrived — whichever comes first.
 * While a block is being made durable, new transactions queue up and form the next batch, so the cost of each
 * fsync is shared by every transaction that arrived during it (group commit). The delay applies only under load
 * (when the previous batch held at least {@value #LINGER_THRESHOLD} transactions): then waiting a little makes
 * fewer, larger blocks, each costing one seal and two syncs; a lone transaction is committed at once.
 *
 * <p>If committing a batch fails (a disk error), the orderer stops for good and fails every pending and future
 * transaction: after a failed fsync the ledger must be reopened, which recovers from the files.
 */
public final class SoloOrderer implements Orderer {
    private static final System.Logger LOG = System.getLogger(SoloOrderer.class.getName());

    private record Pending(Transaction transaction, CompletableFuture<Receipt> future) {
    }

    static final int LINGER_THRESHOLD = 32;

    private final BlockingQueue<Pending> queue;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final InstantSource clock;
    private volatile boolean closing;
    private volatile Throwable failure;
    private Thread worker;

    /**
     * @param maxBatch   most transactions per block
     * @param maxDelay   longest a transaction waits for its batch to fill
     * @param queueLimit pending transactions beyond which {@link #order} blocks its caller (back-pressure)
     */
    public SoloOrderer(int maxBatch, Duration maxDelay, int queueLimit, InstantSource clock) {
        if (maxBatch < 1 || queueLimit < 1 || maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxBatch and queueLimit must be positive, maxDelay not negative");
        }
        this.maxBatch = maxBatch;
        this.maxDelayNanos = maxDelay.toNanos();
        this.queue = new LinkedBlockingQueue<>(queueLimit);
        this.clock = clock;
    }

    public static SoloOrderer withDefaults() {
        return new SoloOrderer(2000, Duration.ofMillis(4), 100_000, InstantSource.system());
    }

    @Override
    public synchronized void start(BatchCommitter committer) {
        if (worker != null) {
            throw new IllegalStateException("already started");
        }
        worker = Thread.ofPlatform().name("ledger-solo-orderer").daemon(true).start(() -> run(committer));
    }

    @Override
    public CompletableFuture<Receipt> order(Transaction transaction) {
        CompletableFuture<Receipt> future = new CompletableFuture<>();
        if (failure != null || closing) {
            future.completeExceptionally(stopped());
            return future;
        }
        try {
            queue.put(new Pending(transaction, future));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.completeExceptionally(new LedgerException("interrupted while queueing a transaction"));
        }
        // A transaction queued just as the orderer stopped would otherwise wait forever.
        Thread w = worker;
        if (failure != null || (closing && (w == null || !w.isAlive()))) {
            drainAndFail(stopped());
        }
        return future;
    }

    private void run(BatchCommitter committer) {
        List<Pending> batch = new ArrayList<>(maxBatch);
        List<Transaction> txs = new ArrayList<>(maxBatch);
        int lastBatch = 0;
        try {
            while (true) {
                Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - batch.size());
                if (lastBatch >= LINGER_THRESHOLD) {
                    linger(batch);
                }
                for (Pending p : batch) {
                    txs.add(p.transaction);
                }
                lastBatch = batch.size();
                List<Receipt> receipts = committer.commit(clock.millis(), txs);
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).future.complete(receipts.get(i));
                }
                batch.clear();
                txs.clear();
            }
        } catch (InterruptedException e) {
            failure = new LedgerException("the orderer was interrupted");
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.log(System.Logger.Level.ERROR, "committing a block failed; the ledger stops and must be reopened",
                    e);
        } finally {
            LedgerException stopped = stopped();
            for (Pending p : batch) {
                p.future.completeExceptionally(stopped);
            }
            drainAndFail(stopped);
        }
    }

    /**
     * Lets the batch fill for up to {@code maxDelay}. Sleeps in short steps rather than waiting on the queue, so
     * that arriving transactions do not each wake this thread (a futex call per transaction on both sides).
     */
    private void linger(List<Pending> batch) {
        long deadline = System.nanoTime() + maxDelayNanos;
        long step = Math.max(50_000L, maxDelayNanos / 8);
        while (batch.size() < maxBatch) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || batch.size() + queue.size() >= maxBatch) {
                break;
            }
            LockSupport.parkNanos(Math.min(left, step));
        }
        queue.drainTo(batch, maxBatch - batch.size());
    }

    private void drainAndFail(LedgerException why) {
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        for (Pending p : left) {
            p.future.completeExceptionally(why);
        }
    }

    private LedgerException stopped() {
        Throwable f = failure;
        return f == null ? new LedgerException("the ledger is closed")
                : new LedgerException("the ledger stopped after a failure: " + f.getMessage(), f);
    }

    @Override
    public void close() {
        closing = true;
        Thread w;
        synchronized (this) {
            w = worker;
        }
        if (w != null) {
            try {
                w.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        drainAndFail(stopped());
    }
}
