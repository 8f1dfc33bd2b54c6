package org.trustmall.privacy.vault;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key store's own 32-byte secret, kept only wrapped: once under each key-encryption key version, in
 * {@code <vault>/store-secret.wrapped}. It does two jobs.
 *
 * <ul>
 *   <li>It names the person key files: a file's name is the keyed hash of the subject id, so neither the directory
 *       listing nor a copy of the files reveals who has keys, and nobody without the key-encryption keys can test
 *       a guessed id against them.</li>
 *   <li>It is the check value for the key-encryption keys: opening unwraps every entry, so a wrong, foreign or
 *       incomplete keyset is found at start-up, before anything is written.</li>
 * </ul>
 *
 * <p>File format: {@code "TMSS"}, format byte 1, entry count (u16), then per entry the version (u16 length,
 * UTF-8) and the wrapped secret (u32 length, bytes). Thread-safe.
 */
final class StoreSecret {
    static final String FILE = "store-secret.wrapped";
    private static final byte[] MAGIC = "TMSS".getBytes(StandardCharsets.US_ASCII);
    private static final byte FORMAT = 1;
    private static final int LENGTH = 32;
    private static final byte[] WRAP_AD = "trustmall-vault:store-secret:v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NAME_DOMAIN = "trustmall-vault:person-file:v1:".getBytes(StandardCharsets.UTF_8);

    private final Path file;
    private final SecretKeySpec namingKey;
    private final byte[] secret;
    private final Map<String, byte[]> wrappedByVersion; // guarded by this

    private StoreSecret(Path file, byte[] secret, Map<String, byte[]> wrappedByVersion) {
        this.file = file;
        this.secret = secret;
        this.namingKey = new SecretKeySpec(secret, "HmacSHA256");
        this.wrappedByVersion = new LinkedHashMap<>(wrappedByVersion);
    }

    static Path file(Path dir) {
        return dir.resolve(FILE);
    }

    /** Makes a new secret wrapped under the primary version and writes the file, which must not exist. */
    static StoreSecret create(Path file, KeyEncryptionKeys keks) {
        byte[] secret = new byte[LENGTH];
        new SecureRandom().nextBytes(secret);
        KeyEncryptionKeys.Wrapped wrapped = keks.wrap(secret, WRAP_AD);
        StoreSecret created = new StoreSecret(file, secret, Map.of(wrapped.version(), wrapped.ciphertext()));
        SecureFiles.createNew(file, created.encode());
        return created;
    }

    /**
     * Reads the file and unwraps every entry with {@code keks}; writes nothing. Fails with
     * {@link VaultException.KeyUnavailable} if an entry's version is not among the keys, an entry does not unwrap,
     * or the entries disagree: each means these are not the keys this store was made with.
     */
    static StoreSecret open(Path file, KeyEncryptionKeys keks) {
        Map<String, byte[]> entries = decode(file, SecureFiles.read(file));
        byte[] secret = null;
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            String version = e.getKey();
            if (!keks.versions().contains(version)) {
                throw new VaultException.KeyUnavailable("the key store's check value " + file
                        + " is wrapped under key-encryption key version " + version + ", which "
                        + keks.describe() + " does not hold: wrong or outdated keys; restore the right ones");
            }
            byte[] unwrapped;
            try {
                unwrapped = keks.unwrap(new KeyEncryptionKeys.Wrapped(version, e.getValue()), WRAP_AD);
            } catch (VaultException.KeyUnavailable ex) {
                throw new VaultException.KeyUnavailable("version " + version + " of " + keks.describe()
                        + " cannot unwrap the key store's check value " + file
                        + ": these are not the keys this store was made with", ex);
            }
            if (unwrapped.length != LENGTH || (secret != null && !MessageDigest.isEqual(secret, unwrapped))) {
                throw new VaultException.KeyUnavailable(file + " is corrupt: its entries disagree");
            }
            secret = unwrapped;
        }
        return new StoreSecret(file, secret, entries);
    }

    /** Adds an entry for the primary version if there is none, so the check covers the keys in use. */
    synchronized void wrapUnderPrimary(KeyEncryptionKeys keks) {
        if (wrappedByVersion.containsKey(keks.primaryVersion())) {
            return;
        }
        KeyEncryptionKeys.Wrapped wrapped = keks.wrap(secret, WRAP_AD);
        wrappedByVersion.put(wrapped.version(), wrapped.ciphertext());
        SecureFiles.replace(file, encode());
    }

    /** Drops the entry of a version about to be retired. */
    synchronized void forget(String version) {
        if (wrappedByVersion.remove(version) != null) {
            SecureFiles.replace(file, encode());
        }
    }

    /** The key file name for a subject: hex HMAC-SHA256 of the subject id under this secret. */
    String fileId(String subject) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(namingKey);
            mac.update(NAME_DOMAIN);
            return HexFormat.of().formatHex(mac.doFinal(subject.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    void destroy() {
        Arrays.fill(secret, (byte) 0);
    }

    private synchronized byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeByte(FORMAT);
            out.writeShort(wrappedByVersion.size());
            for (Map.Entry<String, byte[]> e : wrappedByVersion.entrySet()) {
                byte[] version = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeShort(version.length);
                out.write(version);
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("a byte array stream cannot fail", e);
        }
    }

    private static Map<String, byte[]> decode(Path file, byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC) || in.get() != FORMAT) {
                throw corrupt(file);
            }
            int count = Short.toUnsignedInt(in.getShort());
            Map<String, byte[]> entries = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                byte[] version = new byte[Short.toUnsignedInt(in.getShort())];
                in.get(version);
                int length = in.getInt();
                if (length < 0 || length > in.remaining()) {
                    throw corrupt(file);
                }
                byte[] wrapped = new byte[length];
                in.get(wrapped);
                entries.put(new String(version, StandardCharsets.UTF_8), wrapped);
            }
            if (in.hasRemaining() || entries.isEmpty()) {
                throw corrupt(file);
            }
            return entries;
        } catch (BufferUnderflowException e) {
            throw corrupt(file);
        }
    }

    private static VaultException.KeyUnavailable corrupt(Path file) {
        return new VaultException.KeyUnavailable(file + " is corrupt: not a key store check file; restore it from "
                + "the backup taken with the key files");
    }

    static boolean exists(Path dir) {
        return Files.exists(file(dir));
    }
}
