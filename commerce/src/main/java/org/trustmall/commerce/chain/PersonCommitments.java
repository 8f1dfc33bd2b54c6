package org.trustmall.commerce.chain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a person appears on the ledger: never by name, email or account number, only as the keyed commitment
 * HMAC-SHA256(secret, "account:" + id) — 32 bytes that the platform can recompute and link to the account, and no
 * one without the secret can. One platform secret for now; the privacy work moves this to a secret per person so
 * that erasing a person destroys the link. Thread-safe.
 */
public final class PersonCommitments {
    public static final int LENGTH = 32;
    private final SecretKeySpec key;

    public PersonCommitments(byte[] secret) {
        if (secret.length != 32) {
            throw new IllegalArgumentException("the commitment secret has 32 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** The 32-byte commitment to account {@code accountId}. */
    public byte[] account(long accountId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(("account:" + accountId).getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
