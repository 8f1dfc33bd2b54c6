package org.trustmall.ledger.verify;

import java.util.List;
import java.util.Optional;
import org.trustmall.ledger.block.Checkpoint;

/**
 * What {@link LedgerVerifier} found.
 *
 * @param status        the verdict
 * @param blocks        acknowledged blocks checked (all of them when intact)
 * @param transactions  transactions in those blocks
 * @param head          the last acknowledged, verified block as a checkpoint
 * @param keysExternal  true when block seals were checked against keys obtained out of band; false when the keys
 *                      came from the ledger's own genesis block, so only internal consistency was shown
 * @param problem       the first thing found wrong (absent when intact)
 * @param notes         other observations, e.g. details of a torn tail
 */
public record VerificationReport(Status status, long blocks, long transactions, Optional<Checkpoint> head,
                                 boolean keysExternal, Optional<Problem> problem, List<String> notes) {

    public enum Status {
        /** Every acknowledged block checks out and nothing follows them. */
        INTACT,
        /**
         * Every acknowledged block checks out; after them lies an unacknowledged remainder (a crash mid-write).
         * No acknowledged transaction is lost; opening the ledger for writing cuts the remainder.
         */
        TORN_TAIL,
        /** Something acknowledged is missing, damaged or forged. */
        CORRUPT
    }

    /**
     * @param kind     what failed: checksum, truncation, encoding, height, hash link, timestamp, signature,
     *                 admission, merkle root, state root, results, commit record
     * @param location where: a file and byte offset, or a block height and transaction index
     */
    public record Problem(String kind, String location, String detail) {
        public String describe() {
            return kind + " at " + location + ": " + detail;
        }
    }

    public boolean intact() {
        return status == Status.INTACT;
    }
}
