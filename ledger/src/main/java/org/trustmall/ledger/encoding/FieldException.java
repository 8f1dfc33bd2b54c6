package org.trustmall.ledger.encoding;

import org.trustmall.ledger.LedgerException;

/**
 * A {@link CborMap} field that contract code asked for is missing or holds a value of another type. The message
 * names the field and what was expected, e.g. {@code field 'hash': expected bytes, got text}; {@link #field()} is
 * the dotted path from the outermost map, e.g. {@code order.buyer}.
 */
public final class FieldException extends LedgerException {
    private final String field;

    FieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** Dotted path of the field from the outermost map. */
    public String field() {
        return field;
    }
}
