package org.trustmall.ledger.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 private key (the 32-byte RFC 8032 seed) with its public key. Signing is deterministic and
 * thread-safe. {@link #toString()} never shows the secret.
 */
public final class SigningKey {
    public static final int SEED_LENGTH = 32;

    private final byte[] seed;
    private final PublicKey publicKey;

    private SigningKey(byte[] seed) {
        this.seed = seed;
        byte[] pk = new byte[PublicKey.LENGTH];
        Ed25519.generatePublicKey(seed, 0, pk, 0);
        this.publicKey = PublicKey.of(pk);
    }

    public static SigningKey generate(SecureRandom random) {
        byte[] seed = new byte[SEED_LENGTH];
        Ed25519.generatePrivateKey(random, seed);
        return new SigningKey(seed);
    }

    public static SigningKey generate() {
        return generate(new SecureRandom());
    }

    public static SigningKey fromSeed(byte[] seed) {
        if (seed == null || seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 private key seed has 32 bytes");
        }
        return new SigningKey(seed.clone());
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The 64-byte signature of {@code message[offset, offset+length)}. */
    public byte[] sign(byte[] message, int offset, int length) {
        byte[] sig = new byte[Signatures.SIGNATURE_LENGTH];
        Ed25519.sign(seed, 0, publicKey.raw(), 0, message, offset, length, sig, 0);
        return sig;
    }

    public byte[] sign(byte[] message) {
        return sign(message, 0, message.length);
    }

    /** The seed, for writing the key file only. */
    byte[] seed() {
        return seed.clone();
    }

    /** Overwrites the secret in memory; the key is unusable afterwards. */
    public void destroy() {
        Arrays.fill(seed, (byte) 0);
    }

    @Override
    public String toString() {
        return "SigningKey[public=" + publicKey.shortId() + "…]";
    }
}
