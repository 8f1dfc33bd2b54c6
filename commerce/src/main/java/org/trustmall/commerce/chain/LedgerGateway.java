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

    /**
     * Submits and waits, signed with the key of signing role {@code role} that this platform holds for someone who
     * acts on the ledger in their own name — an arbiter's vote is signed with that arbiter's key, so the ledger
     * shows who voted. The key is created and registered with the ledger's membership on first use.
     *
     * @throws org.trustmall.commerce.CommerceException as {@link #submit}, or when this gateway holds no role keys
     */
    Committed submitAs(String role, String contract, String method, CborMap args);

    /** The Ed25519 public key (32 bytes) of signing role {@code role}, created and registered on first use. */
    byte[] roleKey(String role);

    /** A committed transaction as the ledger holds it: the call it made and whether it succeeded. */
    record CommittedCall(String transactionId, String contract, String method, CborMap args, boolean ok, long height,
                         CborMap resultOrNull) {
    }

    /** The committed transaction {@code transactionId} (64 hex digits), if the ledger has it. */
    java.util.Optional<CommittedCall> transaction(String transactionId);

    /** Reads contract state: a query against the committed state. */
    CborMap query(String contract, String method, CborMap args);

    /** The latest block timestamp (ms), the ledger's notion of "now" for timeouts. */
    long blockTime();
}
