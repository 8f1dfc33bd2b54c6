package org.trustmall.privacy.vault;

import java.util.List;

/**
 * The key-encryption keys (KEKs) that wrap every person's data key: the seam where a KMS adapter plugs in. The
 * default is {@link KeysetFileKeks}, a Tink keyset file; an adapter for a cloud KMS implements the same six
 * operations with the KMS's key versions.
 *
 * <p>A KEK exists in versions. New blobs are always wrapped under the primary version, and each {@link Wrapped}
 * blob names the version that wrapped it, so it is unwrapped with that version even after rotation. Rotation adds
 * a new primary version; the vault then re-wraps the stored blobs and retires the old version.
 *
 * <p>Implementations are thread-safe: {@link #wrap} and {@link #unwrap} are called concurrently from many threads,
 * and while {@link #rotate} or {@link #retire} run. Failures are {@link VaultException.KeyUnavailable} (an unknown
 * version, a blob that does not authenticate under its version) or {@link VaultException} (input/output); messages
 * name the keyset or KMS key, never the wrapped contents.
 */
public interface KeyEncryptionKeys {

    /**
     * A blob wrapped under one KEK version. {@code version} is what {@link #versions()} lists (for a KMS, its key
     * version id); {@code ciphertext} is opaque. Equality is by reference, as for any record with an array.
     */
    record Wrapped(String version, byte[] ciphertext) {
        public Wrapped {
            if (version == null || version.isEmpty() || ciphertext == null) {
                throw new IllegalArgumentException("a wrapped blob has a version and a ciphertext");
            }
        }
    }

    /** Wraps {@code plaintext} under the primary version, authenticating {@code associatedData} with it. */
    Wrapped wrap(byte[] plaintext, byte[] associatedData);

    /**
     * Unwraps with the version the blob names; the same {@code associatedData} must be given as when it was
     * wrapped. Fails with {@link VaultException.KeyUnavailable} if that version is unknown or the blob does not
     * authenticate (a wrong key, another blob's associated data, or altered bytes).
     */
    byte[] unwrap(Wrapped wrapped, byte[] associatedData);

    /** The version {@link #wrap} uses now. */
    String primaryVersion();

    /** Every version that can still unwrap, primary included, in no particular order. */
    List<String> versions();

    /** Adds a new version and makes it the primary; durable before it returns. Returns the new version. */
    String rotate();

    /**
     * Removes a version for good; durable before it returns. Refuses the primary. The caller checks first that no
     * stored blob still needs it ({@link Vault#retire} does).
     */
    void retire(String version);

    /** Names the keys in error messages: a file path or a KMS key id; never key material. */
    String describe();
}
