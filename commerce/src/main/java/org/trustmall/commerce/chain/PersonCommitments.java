package org.trustmall.commerce.chain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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

    /**
     * Commitments HMAC-SHA256(secret, "account:" + id) under one shared 32-byte secret: for tools and tests that need
     * a stable commitment without a vault. Erasure cannot unlink these; the platform does not use them for persons.
     */
    static PersonCommitments withSecret(byte[] secret) {
        if (secret.length != LENGTH) {
            throw new IllegalArgumentException("the commitment secret has 32 bytes");
        }
        SecretKeySpec key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        return accountId -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac.doFinal(("account:" + accountId).getBytes(StandardCharsets.US_ASCII));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
            }
        };
    }
}
