package org.trustmall.privacy.vault;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.security.GeneralSecurityException;

/** The one place that sets Tink up: AES-256-GCM keysets and their AEAD primitives. */
final class TinkAead {
    /** Tink's registry, with the AEAD key types registered: it parses, creates and runs AES-GCM keys. */
    static final Configuration CONFIGURATION;

    static {
        try {
            AeadConfig.register();
            CONFIGURATION = RegistryConfiguration.get();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TinkAead() {
    }

    /** Runs the registration above; call before parsing a keyset. */
    static void ensureRegistered() {
        // the static initialiser has run by the time this body does
    }

    /** A new keyset holding one fresh AES-256-GCM key. */
    static KeysetHandle newKeyset() {
        try {
            return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, CONFIGURATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink cannot generate an AES-256-GCM key", e);
        }
    }

    /** A keyset builder entry for a fresh AES-256-GCM key with a random id. */
    static KeysetHandle.Builder.Entry newEntry() {
        return KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId();
    }

    static Aead aead(KeysetHandle keyset) throws GeneralSecurityException {
        return keyset.getPrimitive(CONFIGURATION, Aead.class);
    }

    /** Whether every key of the keyset is an enabled AES-GCM key of 256 bits, the only kind the vault accepts. */
    static boolean allAes256Gcm(KeysetHandle keyset) {
        for (int i = 0; i < keyset.size(); i++) {
            KeysetHandle.Entry entry = keyset.getAt(i);
            if (!(entry.getKey() instanceof AesGcmKey key) || key.getParameters().getKeySizeBytes() != 32
                    || !entry.getStatus().equals(com.google.crypto.tink.KeyStatus.ENABLED)) {
                return false;
            }
        }
        return keyset.size() > 0;
    }
}
