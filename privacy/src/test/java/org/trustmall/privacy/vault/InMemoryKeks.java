package org.trustmall.privacy.vault;

import com.google.crypto.tink.Aead;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for a KMS adapter: key-encryption keys held in memory under names like "kms-1", "kms-2", to show
 * that the vault needs nothing of {@link KeysetFileKeks} beyond the {@link KeyEncryptionKeys} contract.
 */
final class InMemoryKeks implements KeyEncryptionKeys {
    private final Map<String, Aead> byVersion = new LinkedHashMap<>();
    private String primary;
    private int next = 1;

    InMemoryKeks() {
        rotate();
    }

    @Override
    public synchronized Wrapped wrap(byte[] plaintext, byte[] associatedData) {
        try {
            return new Wrapped(primary, byVersion.get(primary).encrypt(plaintext, associatedData));
        } catch (GeneralSecurityException e) {
            throw new VaultException("wrap failed", e);
        }
    }

    @Override
    public synchronized byte[] unwrap(Wrapped wrapped, byte[] associatedData) {
        Aead aead = byVersion.get(wrapped.version());
        if (aead == null) {
            throw new VaultException.KeyUnavailable("no KMS key " + wrapped.version());
        }
        try {
            return aead.decrypt(wrapped.ciphertext(), associatedData);
        } catch (GeneralSecurityException e) {
            throw new VaultException.KeyUnavailable("KMS key " + wrapped.version() + " cannot unwrap this", e);
        }
    }

    @Override
    public synchronized String primaryVersion() {
        return primary;
    }

    @Override
    public synchronized List<String> versions() {
        return new ArrayList<>(byVersion.keySet());
    }

    @Override
    public synchronized String rotate() {
        try {
            primary = "kms-" + next++;
            byVersion.put(primary, TinkAead.aead(TinkAead.newKeyset()));
            return primary;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void retire(String version) {
        if (version.equals(primary)) {
            throw new IllegalStateException("retiring the primary");
        }
        byVersion.remove(version);
    }

    @Override
    public String describe() {
        return "in-memory test KMS";
    }
}
