package org.trustmall.ledger;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import org.trustmall.ledger.crypto.SignatureVerifier;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.storage.SegmentStore;

/**
 * How a ledger node runs (not chain rules, which live in the genesis block).
 *
 * @param maxBatch        most transactions per block
 * @param maxBatchDelay   longest the solo orderer waits for a batch to fill, under load
 * @param queueLimit      queued transactions beyond which submitters block (back-pressure)
 * @param maxSegmentBytes size at which a new segment file is started
 * @param clock           the orderer's clock for block timestamps
 * @param verifier        the Ed25519 verifier for transaction signatures
 */
public record LedgerOptions(int maxBatch, Duration maxBatchDelay, int queueLimit, long maxSegmentBytes,
                            InstantSource clock, SignatureVerifier verifier) {
    public static final LedgerOptions DEFAULT = new LedgerOptions(2000, Duration.ofMillis(4), 100_000,
            SegmentStore.DEFAULT_MAX_SEGMENT_BYTES, InstantSource.system(), Signatures.fastest());

    public LedgerOptions {
        Objects.requireNonNull(maxBatchDelay, "maxBatchDelay");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(verifier, "verifier");
        if (maxBatch < 1 || queueLimit < 1 || maxSegmentBytes < 4096) {
            throw new IllegalArgumentException("maxBatch and queueLimit must be positive, segments at least 4 KiB");
        }
    }

    public LedgerOptions withMaxSegmentBytes(long bytes) {
        return new LedgerOptions(maxBatch, maxBatchDelay, queueLimit, bytes, clock, verifier);
    }

    public LedgerOptions withBatch(int max, Duration delay) {
        return new LedgerOptions(max, delay, queueLimit, maxSegmentBytes, clock, verifier);
    }

    public LedgerOptions withClock(InstantSource c) {
        return new LedgerOptions(maxBatch, maxBatchDelay, queueLimit, maxSegmentBytes, c, verifier);
    }
}
