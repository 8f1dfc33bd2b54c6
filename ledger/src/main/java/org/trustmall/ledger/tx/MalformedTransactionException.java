package org.trustmall.ledger.tx;

import org.trustmall.ledger.LedgerException;

/** Bytes that are not a well-formed transaction encoding; the message says what and where. */
public final class MalformedTransactionException extends LedgerException {
    public MalformedTransactionException(String message) {
        super(message);
    }
}
