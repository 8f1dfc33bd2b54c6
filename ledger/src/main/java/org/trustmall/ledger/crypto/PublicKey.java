package org.trustmall.ledger.crypto;

import java.util.Arrays;
import java.util.HexFormat;

/** A raw 32-byte Ed25519 public key (RFC 8032). Immutable; equal bytes, equal keys. */
public final class PublicKey implements Comparable<PublicKey> {
    public static final int LENGTH = 32;

    private final byte[] bytes;
    /** Keys are hashed on every transaction (nonce window, caches), so the hash is computed once. */
    private final int hash;

    private PublicKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    public static PublicKey of(byte[] raw) {
        if (raw == null || raw.length != LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, got "
                    + (raw == null ? "null" : raw.length));
        }
        return new PublicKey(raw.clone());
    }

    public static PublicKey of(byte[] source, int offset) {
        return new PublicKey(Arrays.copyOfRange(source, offset, offset + LENGTH));
    }

    public static PublicKey fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The key's bytes without a copy, for this package's signature code only. */
    byte[] raw() {
        return bytes;
    }

    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, LENGTH);
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** A short, human-friendly label for logs and messages: the first 8 bytes in hex. */
    public String shortId() {
        return hex().substring(0, 16);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(PublicKey o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
