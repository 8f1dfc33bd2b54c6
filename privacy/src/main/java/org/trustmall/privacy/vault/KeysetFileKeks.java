package org.trustmall.privacy.vault;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default {@link KeyEncryptionKeys}: a Tink AES-256-GCM keyset in a JSON file (conventionally
 * {@code <vault>/kek.json}), one key per version; the keyset's primary key is the primary version and a version is
 * the key's Tink id in decimal. The file is owner-only (0600, in a 0700 directory when this creates it), replaced
 * atomically on {@link #rotate()} and {@link #retire(String)} with the replaced contents overwritten, and refused
 * when group or others may read it.
 *
 * <p>The keyset is in the clear in that file: whoever can read it and the key store can read all personal data,
 * so back it up apart from the data and protect it as the platform's most sensitive secret, or use a KMS adapter.
 *
 * <p>Thread-safe: wrapping and unwrapping read an immutable snapshot; rotation and retirement are serialised.
 */
public final class KeysetFileKeks implements KeyEncryptionKeys {
    static {
        TinkAead.ensureRegistered();
    }

    private final Path file;
    private volatile Snapshot snapshot;

    private KeysetFileKeks(Path file, KeysetHandle keyset) {
        this.file = file;
        this.snapshot = Snapshot.of(file, keyset);
    }

    /**
     * Opens an existing keyset file. Fails with {@link VaultException.KeyUnavailable} naming the file if it is
     * missing, readable by group or others, not a Tink keyset, or holds anything but enabled AES-256-GCM keys.
     */
    public static KeysetFileKeks open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new VaultException.KeyUnavailable("key-encryption keyset file " + file + " does not exist");
        }
        SecureFiles.requireOwnerOnly(file);
        String json = new String(SecureFiles.read(file), StandardCharsets.UTF_8);
        KeysetHandle keyset;
        try {
            keyset = TinkJsonProtoKeysetFormat.parseKeyset(json, TinkAead.CONFIGURATION, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new VaultException.KeyUnavailable(file + " is not a Tink keyset (corrupt or not a keyset file)", e);
        }
        if (!TinkAead.allAes256Gcm(keyset)) {
            throw new VaultException.KeyUnavailable(file
                    + " must hold only enabled AES-256-GCM keys; it holds another kind of key");
        }
        return new KeysetFileKeks(file, keyset);
    }

    /**
     * Creates a new keyset file with one fresh key (permissions 0600; missing directories 0700). Refuses to
     * overwrite an existing file.
     */
    public static KeysetFileKeks create(Path file) {
        SecureFiles.createPrivateDirectory(file.toAbsolutePath().getParent());
        KeysetHandle keyset = TinkAead.newKeyset();
        SecureFiles.createNew(file, serialise(file, keyset));
        return new KeysetFileKeks(file, keyset);
    }

    public Path file() {
        return file;
    }

    @Override
    public Wrapped wrap(byte[] plaintext, byte[] associatedData) {
        Snapshot s = snapshot;
        try {
            return new Wrapped(s.primary, s.byVersion.get(s.primary).encrypt(plaintext, associatedData));
        } catch (GeneralSecurityException e) {
            throw new VaultException("cannot wrap under version " + s.primary + " of " + file, e);
        }
    }

    @Override
    public byte[] unwrap(Wrapped wrapped, byte[] associatedData) {
        Aead aead = snapshot.byVersion.get(wrapped.version());
        if (aead == null) {
            throw new VaultException.KeyUnavailable("key-encryption key version " + wrapped.version()
                    + " is not in " + file + " (retired, or a wrong keyset file)");
        }
        try {
            return aead.decrypt(wrapped.ciphertext(), associatedData);
        } catch (GeneralSecurityException e) {
            throw new VaultException.KeyUnavailable("version " + wrapped.version() + " of " + file
                    + " cannot unwrap this blob (a different key under the same version, or altered bytes)", e);
        }
    }

    @Override
    public String primaryVersion() {
        return snapshot.primary;
    }

    @Override
    public List<String> versions() {
        return List.copyOf(snapshot.byVersion.keySet());
    }

    @Override
    public synchronized String rotate() {
        KeysetHandle.Builder builder = KeysetHandle.newBuilder(snapshot.keyset);
        builder.addEntry(TinkAead.newEntry().makePrimary());
        KeysetHandle rotated = build(builder);
        SecureFiles.replace(file, serialise(file, rotated));
        snapshot = Snapshot.of(file, rotated);
        return snapshot.primary;
    }

    @Override
    public synchronized void retire(String version) {
        KeysetHandle keyset = snapshot.keyset;
        if (version.equals(snapshot.primary)) {
            throw new VaultException.KeyVersionInUse(version, 0, "version " + version + " of " + file
                    + " is the primary key-encryption key; rotate to a new one before retiring it");
        }
        KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
        boolean found = false;
        for (int i = 0; i < builder.size(); i++) {
            if (version(keyset.getAt(i)).equals(version)) {
                builder.deleteAt(i);
                found = true;
                break;
            }
        }
        if (!found) {
            throw new VaultException.KeyUnavailable("key-encryption key version " + version + " is not in " + file);
        }
        KeysetHandle retired = build(builder);
        SecureFiles.replace(file, serialise(file, retired));
        snapshot = Snapshot.of(file, retired);
    }

    @Override
    public String describe() {
        return "keyset file " + file;
    }

    private KeysetHandle build(KeysetHandle.Builder builder) {
        try {
            return builder.build();
        } catch (GeneralSecurityException e) {
            throw new VaultException("cannot build the new keyset for " + file, e);
        }
    }

    private static byte[] serialise(Path file, KeysetHandle keyset) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, TinkAead.CONFIGURATION, InsecureSecretKeyAccess.get())
                    .getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new VaultException("cannot serialise the keyset for " + file, e);
        }
    }

    private static String version(KeysetHandle.Entry entry) {
        return Integer.toUnsignedString(entry.getId());
    }

    /** One AEAD per version, each over a one-key keyset, so a blob is opened only by the version it names. */
    private record Snapshot(KeysetHandle keyset, String primary, Map<String, Aead> byVersion) {
        static Snapshot of(Path file, KeysetHandle keyset) {
            Map<String, Aead> byVersion = new LinkedHashMap<>();
            try {
                for (int i = 0; i < keyset.size(); i++) {
                    KeysetHandle.Entry entry = keyset.getAt(i);
                    KeysetHandle single = KeysetHandle.newBuilder()
                            .addEntry(KeysetHandle.importKey(entry.getKey()).withFixedId(entry.getId()).makePrimary())
                            .build();
                    byVersion.put(version(entry), TinkAead.aead(single));
                }
                return new Snapshot(keyset, version(keyset.getPrimary()), Map.copyOf(byVersion));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new VaultException.KeyUnavailable(file + " holds a key Tink cannot use", e);
            }
        }
    }
}
