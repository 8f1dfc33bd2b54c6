package org.trustmall.ledger.block;

import org.trustmall.ledger.LedgerException;

/** Bytes that do not decode as a block. */
public final class MalformedBlockException extends LedgerException {
    public MalformedBlockException(String message) {
        super(message);
    }
}
