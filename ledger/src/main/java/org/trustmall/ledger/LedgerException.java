package org.trustmall.ledger;

/**
 * Root of every unchecked exception the ledger throws. Expected, recoverable outcomes (a rejected transaction, a
 * proof that does not verify) are results, not exceptions; exceptions are for what a caller cannot plan around
 * (a corrupted file, an I/O failure) and carry what a person needs to act on them.
 */
public class LedgerException extends RuntimeException {
    public LedgerException(String message) {
        super(message);
    }

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
