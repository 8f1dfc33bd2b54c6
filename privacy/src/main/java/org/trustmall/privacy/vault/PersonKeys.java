package org.trustmall.privacy.vault;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One person's keys in the clear, as held in memory: their data key (a Tink AES-256-GCM keyset) and their 32-byte
 * commitment secret. {@link #serialise()} gives the bytes that the key store keeps only wrapped.
 */
final class PersonKeys {
    static final int SECRET_LENGTH = 32;
    private static final byte[] COMMITMENT_DOMAIN = "trustmall-commitment:v1:".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeysetHandle dataKeyset;
    private final Aead dataKey;
    private final SecretKeySpec commitmentKey;

    private PersonKeys(KeysetHandle dataKeyset, byte[] commitmentSecret) throws GeneralSecurityException {
        this.dataKeyset = dataKeyset;
        this.dataKey = TinkAead.aead(dataKeyset);
        this.commitmentKey = new SecretKeySpec(commitmentSecret, "HmacSHA256");
    }

    static PersonKeys generate() {
        byte[] secret = new byte[SECRET_LENGTH];
        RANDOM.nextBytes(secret);
        try {
            return new PersonKeys(TinkAead.newKeyset(), secret);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink cannot make an AEAD from a fresh AES-256-GCM keyset", e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** The inverse of {@link #serialise()}; null if the bytes are not a person's keys. */
    static PersonKeys parse(byte[] bytes) {
        TinkAead.ensureRegistered();
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            int keysetLength = in.getInt();
            if (keysetLength < 0 || keysetLength != in.remaining() - SECRET_LENGTH) {
                return null;
            }
            byte[] keyset = new byte[keysetLength];
            in.get(keyset);
            byte[] secret = new byte[SECRET_LENGTH];
            in.get(secret);
            KeysetHandle handle = TinkProtoKeysetFormat.parseKeyset(keyset, InsecureSecretKeyAccess.get(),
                    TinkAead.CONFIGURATION);
            Arrays.fill(keyset, (byte) 0);
            if (!TinkAead.allAes256Gcm(handle)) {
                return null;
            }
            PersonKeys keys = new PersonKeys(handle, secret);
            Arrays.fill(secret, (byte) 0);
            return keys;
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /** Length of the keyset (4 bytes, big-endian), the serialised Tink keyset, the 32-byte commitment secret. */
    byte[] serialise() {
        try {
            byte[] keyset = TinkProtoKeysetFormat.serializeKeyset(dataKeyset, InsecureSecretKeyAccess.get(),
                    TinkAead.CONFIGURATION);
            byte[] secret = commitmentKey.getEncoded();
            byte[] out = ByteBuffer.allocate(4 + keyset.length + SECRET_LENGTH)
                    .putInt(keyset.length).put(keyset).put(secret).array();
            Arrays.fill(keyset, (byte) 0);
            Arrays.fill(secret, (byte) 0);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink cannot serialise a keyset it made", e);
        }
    }

    Aead dataKey() {
        return dataKey;
    }

    /** HMAC-SHA256 of the label under this person's commitment secret. */
    byte[] commitment(String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(commitmentKey);
            mac.update(COMMITMENT_DOMAIN);
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
