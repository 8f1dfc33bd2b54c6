package org.trustmall.ledger;

import org.trustmall.ledger.block.TxResult;
import org.trustmall.ledger.tx.Transaction;

/** A committed transaction as the ledger holds it: where it is and what it did. */
public record TransactionRecord(Transaction transaction, long height, long logIndex, long blockTimestamp,
                                TxResult result) {
}
