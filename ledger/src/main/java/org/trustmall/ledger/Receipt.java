package org.trustmall.ledger;

import java.util.Objects;
import org.trustmall.ledger.block.TxResult;
import org.trustmall.ledger.crypto.Hash;

/**
 * What became of a submitted transaction: committed in a durable block (with the contract's result, which may
 * itself be a failure), or rejected before ordering with nothing written.
 */
public sealed interface Receipt permits Receipt.Committed, Receipt.Rejected {

    Hash transactionId();

    /**
     * @param logIndex the transaction's leaf index in the Merkle log, for inclusion proofs
     */
    record Committed(Hash transactionId, long height, long logIndex, TxResult result) implements Receipt {
        public Committed {
            Objects.requireNonNull(transactionId, "transactionId");
            Objects.requireNonNull(result, "result");
        }
    }

    record Rejected(Hash transactionId, String reason) implements Receipt {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
