package org.trustmall.privacy.vault;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A blind index for looking accounts up by email without storing the email in the clear: the hex HMAC-SHA256 of
 * the normalised address under a 32-byte secret. The secret lives in its own owner-only file (conventionally
 * {@code <vault>/blind-index.key}), apart from the key-encryption keys, so the index column alone reveals nothing
 * and cannot be tested against guessed addresses without the secret.
 *
 * <p>Normalisation: surrounding white space removed, Unicode NFKC, lower case ({@link Locale#ROOT}). So
 * {@code " Ann@Example.COM"} and {@code "ann@example.com"} index alike, and the same secret gives the same index
 * across restarts. Losing or replacing the secret makes every stored index unmatchable; back it up with the
 * database. Thread-safe.
 */
public final class BlindIndex {
    static final int SECRET_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] DOMAIN = "trustmall-blind-index:email:v1:".getBytes(StandardCharsets.UTF_8);

    private final SecretKeySpec key;

    private BlindIndex(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /**
     * Opens the secret file, creating it (0600, 32 random bytes) if it does not exist. Fails with
     * {@link VaultException.KeyUnavailable} naming the file if it is readable by group or others or is not 32
     * bytes long. Outside tests the vault opens it ({@link Vault#blindIndex()}), refusing to create a new secret
     * next to existing keys.
     */
    static BlindIndex open(Path secretFile) {
        if (!Files.exists(secretFile)) {
            create(secretFile);
        }
        return openExisting(secretFile);
    }

    static void create(Path secretFile) {
        SecureFiles.createPrivateDirectory(secretFile.toAbsolutePath().getParent());
        byte[] secret = new byte[SECRET_LENGTH];
        new SecureRandom().nextBytes(secret);
        SecureFiles.createNew(secretFile, secret);
        Arrays.fill(secret, (byte) 0);
    }

    static BlindIndex openExisting(Path secretFile) {
        if (!Files.isRegularFile(secretFile)) {
            throw new VaultException.KeyUnavailable("blind index secret file " + secretFile + " does not exist");
        }
        SecureFiles.requireOwnerOnly(secretFile);
        byte[] secret = SecureFiles.read(secretFile);
        try {
            if (secret.length != SECRET_LENGTH) {
                throw new VaultException.KeyUnavailable(secretFile + " is not a blind index secret (it has "
                        + secret.length + " bytes, not " + SECRET_LENGTH + ")");
            }
            return new BlindIndex(secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** The index of an email address: 64 lower-case hex digits. */
    public String index(String email) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(DOMAIN);
            return HexFormat.of().formatHex(mac.doFinal(normalise(email).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    static String normalise(String email) {
        return Normalizer.normalize(email, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    }
}
