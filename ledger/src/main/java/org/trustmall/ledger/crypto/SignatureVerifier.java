package org.trustmall.ledger.crypto;

/**
 * Checks Ed25519 signatures (RFC 8032, pure Ed25519). Implementations are thread-safe and return false — never
 * throw — for a signature or key that is malformed.
 */
public interface SignatureVerifier {

    boolean verify(PublicKey key, byte[] message, int offset, int length, byte[] signature, int signatureOffset);

    default boolean verify(PublicKey key, byte[] message, byte[] signature) {
        return signature != null && signature.length == Signatures.SIGNATURE_LENGTH
                && verify(key, message, 0, message.length, signature, 0);
    }

    /** A short name for reports ("bouncycastle", "jdk"). */
    String name();
}
