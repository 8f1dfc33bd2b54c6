package org.trustmall.commerce.reviews;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The name a reviewer appears under when they choose none: "Buyer " and six hex digits of HMAC-SHA256(secret,
 * "pseudonym:" + account id). Stable for an account, so readers can tell one reviewer's reviews apart from
 * another's, yet without the secret no one can tell which account it is, nor link it to the author's commitment on
 * the ledger (a different key and message). Thread-safe.
 */
public final class Pseudonyms {
    private static final int HEX_DIGITS = 6;
    private final SecretKeySpec key;

    public Pseudonyms(byte[] secret) {
        if (secret.length != 32) {
            throw new IllegalArgumentException("the pseudonym secret has 32 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    public String of(long accountId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] tag = mac.doFinal(("pseudonym:" + accountId).getBytes(StandardCharsets.US_ASCII));
            return "Buyer " + HexFormat.of().formatHex(tag).substring(0, HEX_DIGITS).toUpperCase(Locale.ROOT);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
