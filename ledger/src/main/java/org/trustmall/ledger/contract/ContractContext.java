package org.trustmall.ledger.contract;

import java.util.Optional;
import org.trustmall.ledger.crypto.Hash;

/**
 * What a running contract may see and do. The block height and timestamp are the orderer's, never a time the
 * sender chose. Writes are buffered: they become visible to later reads in the same call, and are kept only if the
 * call returns normally. Not thread-safe: one context serves one call.
 */
public interface ContractContext extends StateView {
    int MAX_KEY_BYTES = 256;

    /** Who signed the transaction, as registered with the ledger's membership. */
    Caller caller();

    long blockHeight();

    /** Milliseconds since the epoch, set by the orderer and never decreasing from block to block. */
    long blockTimestamp();

    /** The id of the transaction being run: unique, so usable as a deterministic identifier. */
    Hash transactionId();

    void put(String key, byte[] value);

    /**
     * Reads another contract's state as this transaction sees it (committed state plus the writes of earlier
     * transactions in the same block). Read-only: a contract writes only its own namespace. This is how one
     * contract checks another's record — the escrow waits for a dispute's verdict — without trusting the caller.
     */
    Optional<byte[]> read(String contract, String key);

    void delete(String key);
}
