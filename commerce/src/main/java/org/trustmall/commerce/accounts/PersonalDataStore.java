package org.trustmall.commerce.accounts;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place personal data (emails, names, phones, addresses, private messages) is kept; nothing else reads or
 * writes those tables. Every value is encrypted with its owner's own data key (the person, an account), so erasing
 * the person destroys the key and with it every value, wherever copies of the database went. A value belongs to a
 * record of the owner's ({@code account:42} for the profile, {@code order:17} for a shipping address) and a field.
 * Every read of decrypted values is recorded in the ledger's access log: who read, why, which fields. Emails are
 * found by a blind index (a keyed hash of the normalised email), never stored in the clear. Thread-safe.
 */
public interface PersonalDataStore {
    /** The longest value a field may hold. */
    int MAX_VALUE_CHARS = 1000;

    /** Trimmed and lower-cased, the form emails are indexed and compared in. */
    static String normaliseEmail(String email) {
        return email == null ? null : email.strip().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Who reads personal data and why, as the access log records it: {@code accessor} is {@code self}, a role and
     * account such as {@code merchant:7}, or {@code service:<name>}; {@code purpose} is e.g. {@code fulfilment}.
     */
    record Access(String accessor, String purpose) {
        public static Access self(String purpose) {
            return new Access("self", purpose);
        }

        public static Access service(String name, String purpose) {
            return new Access("service:" + name, purpose);
        }

        /** {@code viewer} reading {@code owner}'s data: {@code self}, or their role and account (e.g. arbiter:9). */
        public static Access forViewer(org.trustmall.commerce.Actor viewer, long owner, String purpose) {
            return viewer.accountId() == owner ? self(purpose)
                    : new Access(viewer.role().wire() + ":" + viewer.accountId(), purpose);
        }
    }

    /** Sets the given fields of {@code record} (a null value removes that field); other fields stay. */
    void put(long owner, String record, Map<String, String> fields);

    /** The record's fields, decrypted; the read is logged. Empty when the record has none. */
    Map<String, String> get(long owner, String record, Access access);

    /** Every record of the owner, decrypted (for their export); the read is logged. */
    Map<String, Map<String, String>> all(long owner, Access access);

    /** The account whose normalised (trimmed, lower-cased) email this is. */
    Optional<Long> accountByEmail(String email);

    /** Records the normalised email of an account for login; {@code false} if another account has it. */
    boolean claimEmail(String email, long accountId);

    /**
     * Erases the person: their data key and secret are destroyed (crypto-shredding), their encrypted values and
     * their email's index removed. Afterwards nothing of theirs can be decrypted, with any copy of any file.
     */
    void erase(long owner);

    /** The person's 32-byte keyed commitment for the ledger, under their own secret (gone once they are erased). */
    byte[] commitment(long owner);

    /** The records of the owner that hold values, e.g. {@code [account:42, order:17]}. */
    List<String> records(long owner);
}
