package org.trustmall.ledger.contract;

import org.trustmall.ledger.LedgerException;

/**
 * Thrown by contract code to fail the current call: its writes are rolled back and the transaction is recorded as
 * failed with this message as the reason. The message is part of the block's results, so it must be
 * deterministic (no timestamps of this machine, no hash-map iteration order).
 */
public class ContractFailure extends LedgerException {
    public ContractFailure(String reason) {
        super(reason);
    }
}
