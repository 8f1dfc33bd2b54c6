package org.trustmall.privacy.vault;

import org.trustmall.privacy.PrivacyException;

/**
 * What can go wrong in the vault. Messages name files, directories and key versions so an operator can act, and
 * never contain personal data: no plaintext, and no subject id (key files are named by a keyed hash for the same
 * reason). This class itself covers input/output failures and a vault directory held by another process.
 */
public class VaultException extends PrivacyException {
    public VaultException(String message) {
        super(message);
    }

    public VaultException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A key that is needed cannot be used: the key-encryption keyset is missing, wrong, corrupt or readable by
     * others, a key-encryption key version is not in the keyset, a secret file is unsafe, or a person has no data
     * key. Raised at start-up before anything is written, so the store is left as it was.
     */
    public static final class KeyUnavailable extends VaultException {
        public KeyUnavailable(String message) {
            super(message);
        }

        public KeyUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The subject's data key and commitment secret were destroyed by {@link Vault#erase}; nothing of theirs can be
     *  decrypted or committed to any more. */
    public static final class SubjectErased extends VaultException {
        public SubjectErased() {
            super("this subject was erased: their data key was destroyed, so their data cannot be decrypted");
        }
    }

    /** A ciphertext is malformed, was altered, or belongs to another subject or context. */
    public static final class CiphertextRejected extends VaultException {
        public CiphertextRejected(String message) {
            super(message);
        }
    }

    /** A key-encryption key version cannot be retired: it is the primary, or key files are still wrapped under it. */
    public static final class KeyVersionInUse extends VaultException {
        private final String version;
        private final int keyFiles;

        public KeyVersionInUse(String version, int keyFiles, String message) {
            super(message);
            this.version = version;
            this.keyFiles = keyFiles;
        }

        public String version() {
            return version;
        }

        /** How many person key files are still wrapped under the version (0 when it is refused as the primary). */
        public int keyFiles() {
            return keyFiles;
        }
    }
}
