package org.trustmall.privacy.vault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The vault for personal data: each person (a <em>subject</em>, e.g. {@code "account:42"}) has their own data key
 * (Tink AES-256-GCM) and commitment secret, stored only wrapped by a key-encryption key in a dedicated key store
 * on disk; personal data is kept elsewhere (the SQL database) only as ciphertext made here. Erasing a person
 * destroys their keys, after which nothing of theirs can be decrypted, whichever copies of the files remain.
 *
 * <p>Layout of the vault directory (0700):
 * <ul>
 *   <li>{@code kek.json}: the key-encryption keyset ({@link KeysetFileKeks}), unless a KMS adapter is given;</li>
 *   <li>{@code store-secret.wrapped}: the key store's check value and file-naming secret ({@link StoreSecret});</li>
 *   <li>{@code persons/<hash>.key}: one wrapped key file per person, named by a keyed hash of the subject;</li>
 *   <li>{@code erased/<hash>}: empty tombstones of erased persons;</li>
 *   <li>{@code blind-index.key}: the {@link BlindIndex} secret; {@code vault.lock}: held while open.</li>
 * </ul>
 * Back the directory up as a whole, and {@code kek.json} also apart from it and from the database.
 *
 * <p>Opening checks everything before writing anything: a missing, wrong or group-readable keyset, a missing
 * blind index secret or check value next to existing key files, each stops start-up with a
 * {@link VaultException.KeyUnavailable} naming the file, and the directory is left as it was. A new keyset and
 * secrets are only ever created in a vault that holds no keys yet.
 *
 * <p>Thread-safe. {@link #seal}, {@link #open} and {@link #commitment} run concurrently with each other, with
 * {@link #erase}, and with {@link #rewrapAll} on another thread. {@link #rotate} and {@link #retire} hold back the
 * creation of new person keys while they run (retirement reads every key file's header to count its users). Unwrapped keys are cached (least recently used out beyond 10,000 persons) and
 * dropped on erasure. One process at a time: a second {@code open} of the same directory fails until
 * {@link #close()}.
 */
public final class Vault implements AutoCloseable {
    /** The default key-encryption keyset's file name in the vault directory. */
    public static final String KEYSET_FILE = "kek.json";
    /** The blind index secret's file name in the vault directory. */
    public static final String BLIND_INDEX_FILE = "blind-index.key";
    static final String LOCK_FILE = "vault.lock";
    static final int DEFAULT_CACHE_SIZE = 10_000;
    private static final String TEXT_PREFIX = "v1:";
    private static final byte[] DATA_DOMAIN = "trustmall-vault:data:v1".getBytes(StandardCharsets.UTF_8);
    private static final String PERSON_KEY_DOMAIN = "trustmall-vault:person-key:v1:";
    private static final int STRIPES = 64;

    private final Path dir;
    private final KeyEncryptionKeys keks;
    private final StoreSecret storeSecret;
    private final PersonKeyStore store;
    private final BlindIndex blindIndex;
    private final KeyCache cache;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    // Read: wrapping a person key under the primary. Write: changing which versions exist.
    private final ReentrantReadWriteLock versions = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private Vault(Path dir, KeyEncryptionKeys keks, StoreSecret storeSecret, PersonKeyStore store,
                  BlindIndex blindIndex, int cacheSize, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.keks = keks;
        this.storeSecret = storeSecret;
        this.store = store;
        this.blindIndex = blindIndex;
        this.cache = new KeyCache(cacheSize);
        this.lockChannel = lockChannel;
        this.lock = lock;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /**
     * Opens (or, if it holds no keys yet, creates) the vault in {@code dir} with the key-encryption keyset file
     * {@code dir/kek.json}. A vault that holds keys but whose keyset file is missing is refused: a new keyset would
     * make all its personal data unreadable.
     */
    public static Vault open(Path dir) {
        Path keyset = dir.resolve(KEYSET_FILE);
        return open(dir, holdsKeys -> {
            if (Files.exists(keyset)) {
                return KeysetFileKeks.open(keyset);
            }
            if (holdsKeys) {
                throw new VaultException.KeyUnavailable("key-encryption keyset file " + keyset + " is missing, but "
                        + "the key store in " + dir + " holds keys wrapped by it; restore the keyset file from its "
                        + "backup (a new keyset would make all personal data unreadable)");
            }
            return KeysetFileKeks.create(keyset);
        }, DEFAULT_CACHE_SIZE);
    }

    /** Opens (or creates) the vault in {@code dir} with other key-encryption keys, such as a KMS adapter. */
    public static Vault open(Path dir, KeyEncryptionKeys keks) {
        Objects.requireNonNull(keks, "keks");
        return open(dir, holdsKeys -> keks, DEFAULT_CACHE_SIZE);
    }

    static Vault open(Path dir, Function<Boolean, KeyEncryptionKeys> keksFor, int cacheSize) {
        SecureFiles.createPrivateDirectory(dir);
        FileChannel lockChannel = null;
        FileLock lock = null;
        try {
            lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
            if (lock == null) {
                throw new VaultException("vault " + dir + " is in use by another process (" + LOCK_FILE + " is held)");
            }
            Vault vault = openLocked(dir, keksFor, cacheSize, lockChannel, lock);
            lockChannel = null; // the vault owns it now
            return vault;
        } catch (OverlappingFileLockException e) {
            throw new VaultException("vault " + dir + " is already open in this process; close it first", e);
        } catch (IOException e) {
            throw new VaultException("cannot lock " + dir.resolve(LOCK_FILE) + ": " + e.getMessage(), e);
        } finally {
            if (lockChannel != null) {
                try {
                    lockChannel.close(); // releases the lock too
                } catch (IOException ignored) {
                    // nothing was written; closing is all that is left to do
                }
            }
        }
    }

    private static Vault openLocked(Path dir, Function<Boolean, KeyEncryptionKeys> keksFor, int cacheSize,
                                    FileChannel lockChannel, FileLock lock) {
        PersonKeyStore store = new PersonKeyStore(dir);
        Path secretFile = StoreSecret.file(dir);
        boolean hasSecret = Files.exists(secretFile);
        boolean hasKeyFiles = store.holdsKeyFiles();
        if (!hasSecret && hasKeyFiles) {
            throw new VaultException.KeyUnavailable("the key store " + store.directory() + " holds key files but its "
                    + "check value " + secretFile + " is missing; restore it from the backup taken with them");
        }
        boolean holdsKeys = hasSecret || hasKeyFiles;
        KeyEncryptionKeys keks = keksFor.apply(holdsKeys);
        Path blindIndexFile = dir.resolve(BLIND_INDEX_FILE);
        boolean hasBlindIndex = Files.exists(blindIndexFile);
        if (holdsKeys && !hasBlindIndex) {
            throw new VaultException.KeyUnavailable("blind index secret file " + blindIndexFile + " is missing, but "
                    + "the vault holds keys; restore it from its backup (a new one would make every stored "
                    + "email index unmatchable)");
        }
        BlindIndex blindIndex = hasBlindIndex ? BlindIndex.openExisting(blindIndexFile) : null;
        StoreSecret storeSecret = hasSecret ? StoreSecret.open(secretFile, keks) : null;

        // Everything is checked; from here on the vault may write.
        if (storeSecret == null) {
            storeSecret = StoreSecret.create(secretFile, keks);
        } else {
            storeSecret.wrapUnderPrimary(keks);
        }
        if (blindIndex == null) {
            BlindIndex.create(blindIndexFile);
            blindIndex = BlindIndex.openExisting(blindIndexFile);
        }
        store.createDirectories();
        store.recover();
        SecureFiles.shred(SecureFiles.temp(dir.resolve(KEYSET_FILE)));
        SecureFiles.shred(SecureFiles.temp(secretFile));
        return new Vault(dir, keks, storeSecret, store, blindIndex, cacheSize, lockChannel, lock);
    }

    /**
     * Encrypts {@code plaintext} under the subject's data key, creating the key on the subject's first use. The
     * subject and {@code context} (the field it belongs to, e.g. {@code "order:17/address.line1"}) are bound to
     * the ciphertext: {@link #open} succeeds only with the same two. The result is 33 bytes longer than the
     * plaintext. Fails with {@link VaultException.SubjectErased} for an erased subject.
     */
    public byte[] seal(String subject, String context, byte[] plaintext) {
        requireWellFormed("subject", subject);
        requireWellFormed("context", context);
        Objects.requireNonNull(plaintext, "plaintext");
        PersonKeys keys = keys(storeSecret.fileId(subject), true);
        try {
            return keys.dataKey().encrypt(plaintext, associatedData(subject, context));
        } catch (GeneralSecurityException e) {
            throw new VaultException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts what {@link #seal} made for the same subject and context. Fails with
     * {@link VaultException.CiphertextRejected} if it was altered or made for another subject or context,
     * {@link VaultException.SubjectErased} once the subject is erased, and {@link VaultException.KeyUnavailable}
     * if no key was ever made for the subject here.
     */
    public byte[] open(String subject, String context, byte[] ciphertext) {
        requireWellFormed("subject", subject);
        requireWellFormed("context", context);
        Objects.requireNonNull(ciphertext, "ciphertext");
        PersonKeys keys = keys(storeSecret.fileId(subject), false);
        try {
            return keys.dataKey().decrypt(ciphertext, associatedData(subject, context));
        } catch (GeneralSecurityException e) {
            throw new VaultException.CiphertextRejected("the ciphertext does not decrypt under this subject's key "
                    + "and this context: altered, or sealed for another subject or field");
        }
    }

    /**
     * {@link #seal} for text, in a form that fits a text column: {@code "v1:"} then the ciphertext in unpadded
     * URL-safe base64 (no {@code +}, {@code /} or {@code =}). Its length is
     * {@code 3 + ceil(4 * (n + 33) / 3)} for a plaintext of {@code n} UTF-8 bytes. The text must be well-formed
     * Unicode (no lone surrogates).
     */
    public String sealText(String subject, String context, String plaintext) {
        byte[] bytes = utf8("plaintext", plaintext);
        try {
            return TEXT_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(seal(subject, context, bytes));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Decrypts what {@link #sealText} made; fails as {@link #open} does, and on text not in that form. */
    public String openText(String subject, String context, String sealed) {
        Objects.requireNonNull(sealed, "sealed");
        if (!sealed.startsWith(TEXT_PREFIX)) {
            throw new VaultException.CiphertextRejected("not a sealed text value (it does not start with "
                    + TEXT_PREFIX + ")");
        }
        byte[] ciphertext;
        try {
            ciphertext = Base64.getUrlDecoder().decode(sealed.substring(TEXT_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new VaultException.CiphertextRejected("a sealed text value is not valid base64url");
        }
        byte[] plaintext = open(subject, context, ciphertext);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(plaintext)).toString();
        } catch (CharacterCodingException e) {
            throw new VaultException.CiphertextRejected("the sealed value is bytes, not text: use open");
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * A 32-byte keyed commitment to {@code label} (e.g. {@code "account:42"}) for the ledger: HMAC-SHA256 under
     * the subject's own commitment secret. The same for the same subject and label, across restarts; unlinkable
     * to the subject without the secret, and no longer computable (nor checkable) once the subject is erased.
     * Creates the subject's keys on first use, as {@link #seal} does.
     */
    public byte[] commitment(String subject, String label) {
        requireWellFormed("subject", subject);
        requireWellFormed("label", label);
        return keys(storeSecret.fileId(subject), true).commitment(label);
    }

    /**
     * Crypto-shredding: destroys the subject's data key and commitment secret (overwrites and unlinks their key
     * file, forces both to disk) and leaves a tombstone, so that {@link #open}, {@link #seal} and
     * {@link #commitment} fail with {@link VaultException.SubjectErased} from then on. Idempotent; erasing a
     * subject that never had keys only leaves the tombstone.
     */
    public void erase(String subject) {
        requireWellFormed("subject", subject);
        ensureOpen();
        String id = storeSecret.fileId(subject);
        ReentrantLock stripe = stripe(id);
        stripe.lock();
        try {
            store.tombstone(id);
            cache.remove(id);
            store.shred(id);
        } finally {
            stripe.unlock();
        }
    }

    /** Whether {@link #erase} was called for the subject (false for one never seen). */
    public boolean isErased(String subject) {
        requireWellFormed("subject", subject);
        return store.tombstoned(storeSecret.fileId(subject));
    }

    /** The email blind index whose secret is {@code blind-index.key} in the vault directory. */
    public BlindIndex blindIndex() {
        return blindIndex;
    }

    /** The key-encryption key version new person keys are wrapped under. */
    public String primaryKeyVersion() {
        return keks.primaryVersion();
    }

    /** Every key-encryption key version, primary included. */
    public List<String> keyVersions() {
        return keks.versions();
    }

    /**
     * Adds a new key-encryption key version and makes it the primary. Existing key files stay wrapped under their
     * versions until {@link #rewrapAll}. Returns the new version.
     */
    public String rotate() {
        versions.writeLock().lock();
        try {
            ensureOpen();
            String version = keks.rotate();
            storeSecret.wrapUnderPrimary(keks);
            return version;
        } finally {
            versions.writeLock().unlock();
        }
    }

    /**
     * Re-wraps every person key file not yet under the primary version, one file at a time (each an atomic
     * replacement whose old contents are overwritten). Meant for a background thread while the platform runs:
     * {@link #seal}, {@link #open} and {@link #erase} go on meanwhile. Returns how many files it re-wrapped.
     */
    public int rewrapAll() {
        ensureOpen();
        int rewrapped = 0;
        for (String id : store.fileIds()) {
            ReentrantLock stripe = stripe(id);
            stripe.lock();
            versions.readLock().lock();
            try {
                Optional<KeyEncryptionKeys.Wrapped> wrapped = store.read(id);
                if (wrapped.isEmpty() || wrapped.get().version().equals(keks.primaryVersion())) {
                    continue; // erased meanwhile, or already current
                }
                byte[] plain = unwrap(id, wrapped.get());
                try {
                    store.write(id, keks.wrap(plain, personKeyAssociatedData(id)));
                } finally {
                    Arrays.fill(plain, (byte) 0);
                }
                rewrapped++;
            } finally {
                versions.readLock().unlock();
                stripe.unlock();
            }
        }
        return rewrapped;
    }

    /**
     * Removes a key-encryption key version for good. Refused with {@link VaultException.KeyVersionInUse} while it
     * is the primary or any key file is still wrapped under it (run {@link #rewrapAll} first), and with
     * {@link VaultException.KeyUnavailable} for an unknown version.
     */
    public void retire(String version) {
        Objects.requireNonNull(version, "version");
        versions.writeLock().lock();
        try {
            ensureOpen();
            if (version.equals(keks.primaryVersion())) {
                throw new VaultException.KeyVersionInUse(version, 0, "key-encryption key version " + version
                        + " is the primary; rotate to a new one before retiring it");
            }
            if (!keks.versions().contains(version)) {
                throw new VaultException.KeyUnavailable("key-encryption key version " + version + " is not in "
                        + keks.describe());
            }
            int using = store.countWrappedUnder(version);
            if (using > 0) {
                throw new VaultException.KeyVersionInUse(version, using, using + " key files in "
                        + store.directory() + " are still wrapped under key-encryption key version " + version
                        + "; run the re-wrap first");
            }
            // Forget the check entry first: a crash before the keyset changes then only leaves a version the
            // check file no longer covers, which opening tolerates; the other order would refuse to start.
            storeSecret.forget(version);
            keks.retire(version);
        } finally {
            versions.writeLock().unlock();
        }
    }

    /** Drops the cached keys and releases the directory for another process; the vault is unusable after. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cache.clear();
        storeSecret.destroy();
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new VaultException("cannot release " + dir.resolve(LOCK_FILE) + ": " + e.getMessage(), e);
        }
    }

    /** The key file a subject's keys are (or would be) in; for tests. */
    Path keyFile(String subject) {
        return store.file(storeSecret.fileId(subject));
    }

    private PersonKeys keys(String id, boolean create) {
        ensureOpen();
        PersonKeys keys = cache.get(id);
        if (keys != null) {
            return keys;
        }
        ReentrantLock stripe = stripe(id);
        stripe.lock();
        try {
            keys = cache.get(id);
            if (keys != null) {
                return keys;
            }
            if (store.tombstoned(id)) {
                store.shred(id); // finishes an erasure a crash interrupted; nothing if it was complete
                throw new VaultException.SubjectErased();
            }
            Optional<KeyEncryptionKeys.Wrapped> wrapped = store.read(id);
            if (wrapped.isPresent()) {
                byte[] plain = unwrap(id, wrapped.get());
                keys = PersonKeys.parse(plain);
                Arrays.fill(plain, (byte) 0);
                if (keys == null) {
                    throw new VaultException.KeyUnavailable(store.file(id) + " is corrupt: it unwraps, but not to "
                            + "a person's keys");
                }
            } else if (create) {
                keys = PersonKeys.generate();
                byte[] plain = keys.serialise();
                versions.readLock().lock();
                try {
                    store.write(id, keks.wrap(plain, personKeyAssociatedData(id)));
                } finally {
                    versions.readLock().unlock();
                    Arrays.fill(plain, (byte) 0);
                }
            } else {
                throw new VaultException.KeyUnavailable("this subject has no data key in " + store.directory()
                        + ": nothing was sealed for them in this vault");
            }
            cache.put(id, keys);
            return keys;
        } finally {
            stripe.unlock();
        }
    }

    private byte[] unwrap(String id, KeyEncryptionKeys.Wrapped wrapped) {
        try {
            return keks.unwrap(wrapped, personKeyAssociatedData(id));
        } catch (VaultException.KeyUnavailable e) {
            throw new VaultException.KeyUnavailable(store.file(id) + ": " + e.getMessage(), e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the vault in " + dir + " is closed");
        }
    }

    private ReentrantLock stripe(String id) {
        return stripes[Math.floorMod(id.hashCode(), STRIPES)];
    }

    // Binds a wrapped key file to its name: a key file copied over another person's cannot be unwrapped there. The
    // name (a keyed hash of the subject) stands in for the subject, which the key store never holds.
    private static byte[] personKeyAssociatedData(String fileId) {
        return (PERSON_KEY_DOMAIN + fileId).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] associatedData(String subject, String context) {
        byte[] s = subject.getBytes(StandardCharsets.UTF_8);
        byte[] c = context.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(DATA_DOMAIN.length + 8 + s.length + c.length)
                .put(DATA_DOMAIN).putInt(s.length).put(s).putInt(c.length).put(c).array();
    }

    private static void requireWellFormed(String name, String value) {
        Objects.requireNonNull(value, name);
        if (name.equals("subject") && value.isEmpty()) {
            throw new IllegalArgumentException("the subject is empty");
        }
        utf8(name, value);
    }

    private static byte[] utf8(String name, String value) {
        Objects.requireNonNull(value, name);
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(java.nio.CharBuffer.wrap(value));
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the " + name + " is not well-formed Unicode (a lone surrogate)");
        }
    }
}
