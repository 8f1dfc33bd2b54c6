package org.trustmall.ledger.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An immutable SHA-256 digest (32 bytes). Value semantics: equal bytes, equal hashes; ordered bytewise unsigned.
 * Thread-safe.
 */
public final class Hash implements Comparable<Hash> {
    public static final int LENGTH = 32;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Hash::newSha256);

    private final byte[] bytes;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps a copy of exactly 32 bytes. */
    public static Hash of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a SHA-256 hash has 32 bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        return new Hash(bytes.clone());
    }

    /** Reads 32 bytes at {@code offset}. */
    public static Hash of(byte[] source, int offset) {
        return new Hash(Arrays.copyOfRange(source, offset, offset + LENGTH));
    }

    public static Hash fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    public static Hash fromBase64(String base64) {
        return of(Base64.getDecoder().decode(base64));
    }

    /** SHA-256 over the concatenation of the given parts. */
    public static Hash sha256(byte[]... parts) {
        MessageDigest md = sha256Digest();
        for (byte[] part : parts) {
            md.update(part);
        }
        return new Hash(md.digest());
    }

    public static Hash sha256(byte[] data, int offset, int length) {
        MessageDigest md = sha256Digest();
        md.update(data, offset, length);
        return new Hash(md.digest());
    }

    /** This thread's reset SHA-256 instance; callers must finish with {@code digest()} before the next use. */
    public static MessageDigest sha256Digest() {
        MessageDigest md = SHA256.get();
        md.reset();
        return md;
    }

    /** Finishes a digest started with {@link #sha256Digest()}. */
    public static Hash finish(MessageDigest md) {
        return new Hash(md.digest());
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Writes the 32 bytes into {@code target} at {@code offset}. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, LENGTH);
    }

    public void updateDigest(MessageDigest md) {
        md.update(bytes);
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The first 8 bytes as a long, for hash tables; not a substitute for {@link #equals}. */
    public long prefix64() {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bytes[i] & 0xff);
        }
        return v;
    }

    public boolean matches(byte[] other) {
        return MessageDigest.isEqual(bytes, other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return (int) prefix64();
    }

    @Override
    public int compareTo(Hash o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return hex();
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
