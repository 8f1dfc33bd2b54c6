package org.trustmall.ledger.contract;

import org.trustmall.ledger.encoding.CborMap;

/**
 * A smart contract: deterministic Java run by the ledger on every node, in block order.
 *
 * <p>Contract code may read and write state only through the {@link ContractContext}; it must not read clocks,
 * random numbers, files, the network, environment variables or static mutable state, and must not depend on
 * iteration order of hash-based collections. Given the same state and the same transaction it must make the same
 * writes and return the same bytes on every machine, today and when the log is replayed years later — that is what
 * lets anyone recompute the state root. To fail a call, throw {@link ContractFailure}; every write the call made is
 * then rolled back and the transaction is recorded as failed with the reason.
 *
 * <p>Implementations must be stateless (or immutable) and thread-safe: queries run concurrently with execution.
 */
public interface Contract {

    /** The id transactions address, e.g. {@code "registry"}: 1-64 characters of a-z, 0-9, '-', '_', '.'. */
    String id();

    /**
     * Runs one method of a committed transaction.
     *
     * @return the result, returned to the submitter in its receipt and recorded in the block
     */
    CborMap invoke(String method, CborMap args, ContractContext context);

    /** Answers a read-only question about the current committed state. */
    default CborMap query(String method, CborMap args, StateView state) {
        throw new ContractFailure("contract '" + id() + "' has no query '" + method + "'");
    }
}
