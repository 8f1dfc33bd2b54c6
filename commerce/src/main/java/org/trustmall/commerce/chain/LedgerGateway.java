package org.trustmall.commerce.chain;

import org.trustmall.ledger.encoding.CborMap;

/**
 * Commerce's port to the ledger: submits a contract call signed with the platform's service key (persons hold no
 * keys; the platform signs on their behalf and names them only by keyed commitment) and waits until it is durable.
 * Thread-safe.
 */
public interface LedgerGateway {

    /** A committed, successful call. */
    record Committed(String transactionId, long height, long logIndex, CborMap result) {
    }

    /**
     * Submits and waits. A rejected transaction or a failed contract call throws
     * {@link org.trustmall.commerce.CommerceException} carrying the ledger's reason (a failed call changed nothing
     * on the ledger).
     */
    Committed submit(String contract, String method, CborMap args);

    /** Reads contract state: a query against the committed state. */
    CborMap query(String contract, String method, CborMap args);

    /** The latest block timestamp (ms), the ledger's notion of "now" for timeouts. */
    long blockTime();
}
