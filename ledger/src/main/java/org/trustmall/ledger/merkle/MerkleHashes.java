package org.trustmall.ledger.merkle;

import java.security.DigestException;
import java.security.MessageDigest;

import org.trustmall.ledger.crypto.Hash;

/**
 * The hash functions of an RFC 9162 (Certificate Transparency v2) Merkle tree, §2.1.1: a leaf hashes as
 * SHA-256(0x00 || leaf), an inner node as SHA-256(0x01 || left || right), and the empty tree as SHA-256 of nothing.
 * The distinct prefixes keep a leaf from ever being passed off as an inner node (second-preimage resistance).
 * Stateless and thread-safe.
 */
public final class MerkleHashes {
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;
    private static final Hash EMPTY_ROOT = Hash.sha256();

    private MerkleHashes() {
    }

    /** SHA-256(0x00 || data). */
    public static Hash leafHash(byte[] data) {
        return leafHash(data, 0, data.length);
    }

    /** SHA-256(0x00 || data[off, off + len)). */
    public static Hash leafHash(byte[] data, int off, int len) {
        MessageDigest md = Hash.sha256Digest();
        md.update(LEAF_PREFIX);
        md.update(data, off, len);
        return Hash.finish(md);
    }

    /** SHA-256(0x01 || left || right). */
    public static Hash nodeHash(Hash left, Hash right) {
        MessageDigest md = Hash.sha256Digest();
        md.update(NODE_PREFIX);
        left.updateDigest(md);
        right.updateDigest(md);
        return Hash.finish(md);
    }

    /** The root of the tree with no leaves: SHA-256 of the empty string. */
    public static Hash emptyRoot() {
        return EMPTY_ROOT;
    }

    /**
     * SHA-256(0x01 || left || right) over raw byte arrays of any length, so that a verifier can process proofs
     * whose hashes it has not (yet) vetted.
     */
    static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest md = Hash.sha256Digest();
        md.update(NODE_PREFIX);
        md.update(left);
        md.update(right);
        return md.digest();
    }

    /** Writes SHA-256(0x00 || data[off, off + len)) into {@code out} at {@code outOff}, allocating nothing. */
    static void leafHashInto(byte[] data, int off, int len, byte[] out, int outOff) {
        MessageDigest md = Hash.sha256Digest();
        md.update(LEAF_PREFIX);
        md.update(data, off, len);
        finishInto(md, out, outOff);
    }

    /**
     * Writes SHA-256(0x01 || left || right) into {@code out} at {@code outOff}, where the children are the 32 bytes at
     * the given offsets. {@code out} may be one of the inputs: the digest reads them before it writes.
     */
    static void nodeHashInto(byte[] left, int leftOff, byte[] right, int rightOff, byte[] out, int outOff) {
        MessageDigest md = Hash.sha256Digest();
        md.update(NODE_PREFIX);
        md.update(left, leftOff, Hash.LENGTH);
        md.update(right, rightOff, Hash.LENGTH);
        finishInto(md, out, outOff);
    }

    private static void finishInto(MessageDigest md, byte[] out, int outOff) {
        try {
            md.digest(out, outOff, Hash.LENGTH);
        } catch (DigestException e) {
            // Only possible when out lacks 32 bytes at outOff, which callers rule out.
            throw new IllegalStateException("no room for a digest at offset " + outOff, e);
        }
    }
}
