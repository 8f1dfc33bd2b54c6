package org.trustmall.ledger.cosign;

import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.merkle.ConsistencyProof;

/**
 * One ledger node as seen by whoever collects or checks checkpoints: its organisation, its checkpoints (each block
 * sealed with that node's key) and its consistency proofs. An in-process {@link Ledger} is one ({@link #of}); a
 * network client for a remote node is another. Nothing a source answers is trusted: the collector and the
 * {@link LightClient} check signatures and proofs themselves.
 *
 * <p>Any method may throw (an unreachable node, a height it does not have); callers treat that as "did not answer".
 * Implementations that talk over a network bound their own calls; the {@link CheckpointCollector} also gives up on
 * a node after its timeout.
 */
public interface CheckpointSource {

    /** The name of the organisation that runs this node, for reports. */
    String organisation();

    /** The height of the node's last durable block. */
    long height();

    /** The node's block at {@code height} as a checkpoint, with the node's own seal. */
    Checkpoint checkpoint(long height);

    /** The node's proof that its log of {@code size1} entries is a prefix of its log of {@code size2} entries. */
    ConsistencyProof consistencyProof(long size1, long size2);

    /** An in-process ledger node run by {@code organisation}. */
    static CheckpointSource of(String organisation, Ledger ledger) {
        return new LedgerSource(organisation, ledger);
    }
}
