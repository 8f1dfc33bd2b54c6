package org.trustmall.ledger.cosign;

import java.util.Objects;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.merkle.ConsistencyProof;

/**
 * An in-process ledger as a {@link CheckpointSource}. Every block a node stores carries that node's own seal (the
 * header holds no signer), so {@link Ledger#checkpoint(long)} is this node's signature for that height — except the
 * genesis block, which every node copies with the founder's seal — plus, under a replicated orderer, the seals of the
 * peers it collected over the same block.
 */
record LedgerSource(String organisation, Ledger ledger) implements CheckpointSource {

    LedgerSource {
        Objects.requireNonNull(organisation, "organisation");
        Objects.requireNonNull(ledger, "ledger");
    }

    @Override
    public long height() {
        return ledger.height();
    }

    @Override
    public Checkpoint checkpoint(long height) {
        long last = ledger.height();
        if (height < 0 || height > last) {
            throw new IllegalArgumentException("height " + height + " is beyond the node's last block " + last);
        }
        return ledger.checkpoint(height);
    }

    @Override
    public ConsistencyProof consistencyProof(long size1, long size2) {
        return ledger.consistencyProof(size1, size2);
    }
}
