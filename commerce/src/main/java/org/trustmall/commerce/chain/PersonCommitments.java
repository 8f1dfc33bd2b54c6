package org.trustmall.commerce.chain;

/**
 * How a person appears on the ledger: never by name, email or account number, only as a 32-byte keyed commitment.
 * The platform uses commitments under each person's own secret, kept in the privacy vault, so that erasing the person
 * destroys the link for good ({@code VaultPersonalDataStore#commitment}). Thread-safe.
 */
@FunctionalInterface
public interface PersonCommitments {
    int LENGTH = 32;

    /** The 32-byte commitment to account {@code accountId}. */
    byte[] account(long accountId);
}
