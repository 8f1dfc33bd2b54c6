package org.trustmall.ledger.encoding;

import org.trustmall.ledger.LedgerException;

/**
 * Bytes that are not the canonical encoding of a supported value: malformed, truncated, or well-formed CBOR that
 * is not in the deterministic subset the ledger accepts. {@link #offset()} points at the byte where the problem was
 * found, counted from the start of the encoding (not from the start of any larger buffer it sits in).
 */
public final class MalformedEncodingException extends LedgerException {
    private final int offset;

    MalformedEncodingException(String problem, int offset) {
        super(problem + " at byte " + offset);
        this.offset = offset;
    }

    /** Byte offset of the problem, relative to the first byte of the encoding. */
    public int offset() {
        return offset;
    }
}
