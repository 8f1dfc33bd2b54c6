package org.trustmall.privacy.vault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The dedicated store of wrapped person keys: one small file per person in {@code <vault>/persons/}, named by
 * the keyed hash of the subject id ({@link StoreSecret#fileId}), plus an empty tombstone of the same name in
 * {@code <vault>/erased/} for each erased person. It lives in plain files rather than the SQL database because a
 * database keeps deleted bytes in dead rows, copy-on-write pages and its write-ahead log; here a deletion is an
 * overwrite, an unlink and an fsync ({@link SecureFiles#shred}).
 *
 * <p>Key file format: {@code "TMPK"}, format byte 1, the key-encryption key version (u16 length, UTF-8), then the
 * wrapped {@link PersonKeys} to the end of the file.
 *
 * <p>This class does no locking: {@link Vault} serialises the operations on one file id.
 */
final class PersonKeyStore {
    static final String PERSONS = "persons";
    static final String ERASED = "erased";
    static final String SUFFIX = ".key";
    private static final Pattern FILE_ID = Pattern.compile("[0-9a-f]{64}");
    private static final byte[] MAGIC = "TMPK".getBytes(StandardCharsets.US_ASCII);
    private static final byte FORMAT = 1;

    private final Path persons;
    private final Path erased;

    PersonKeyStore(Path vaultDir) {
        this.persons = vaultDir.resolve(PERSONS);
        this.erased = vaultDir.resolve(ERASED);
    }

    void createDirectories() {
        SecureFiles.createPrivateDirectory(persons);
        SecureFiles.createPrivateDirectory(erased);
    }

    Path directory() {
        return persons;
    }

    Path file(String fileId) {
        return persons.resolve(fileId + SUFFIX);
    }

    /** Whether there is any key file: if so, the key-encryption keys that wrapped them must be found, not made. */
    boolean holdsKeyFiles() {
        if (!Files.isDirectory(persons)) {
            return false;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(persons, "*" + SUFFIX)) {
            return files.iterator().hasNext();
        } catch (IOException e) {
            throw new VaultException("cannot list " + persons + ": " + e.getMessage(), e);
        }
    }

    /** The file ids of all key files now, in no particular order. */
    List<String> fileIds() {
        if (!Files.isDirectory(persons)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(persons, "*" + SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String id = name.substring(0, name.length() - SUFFIX.length());
                if (FILE_ID.matcher(id).matches()) {
                    ids.add(id);
                }
            }
        } catch (IOException e) {
            throw new VaultException("cannot list " + persons + ": " + e.getMessage(), e);
        }
        return ids;
    }

    Optional<KeyEncryptionKeys.Wrapped> read(String fileId) {
        Path file = file(fileId);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new VaultException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return Optional.of(decode(file, bytes));
    }

    void write(String fileId, KeyEncryptionKeys.Wrapped wrapped) {
        byte[] version = wrapped.version().getBytes(StandardCharsets.UTF_8);
        byte[] bytes = ByteBuffer.allocate(MAGIC.length + 1 + 2 + version.length + wrapped.ciphertext().length)
                .put(MAGIC).put(FORMAT).putShort((short) version.length).put(version).put(wrapped.ciphertext())
                .array();
        SecureFiles.replace(file(fileId), bytes);
    }

    /** Destroys a person's key file, and a temporary copy a crash may have left. Repeatable. */
    void shred(String fileId) {
        SecureFiles.shred(SecureFiles.temp(file(fileId)));
        SecureFiles.shred(file(fileId));
    }

    void tombstone(String fileId) {
        Path tombstone = erased.resolve(fileId);
        if (!Files.exists(tombstone)) {
            SecureFiles.createNew(tombstone, new byte[0]);
        }
    }

    boolean tombstoned(String fileId) {
        return Files.exists(erased.resolve(fileId));
    }

    /** How many key files are wrapped under {@code version}. */
    int countWrappedUnder(String version) {
        int count = 0;
        for (String id : fileIds()) {
            Optional<KeyEncryptionKeys.Wrapped> wrapped = read(id);
            if (wrapped.isPresent() && wrapped.get().version().equals(version)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Shreds temporary files a crash left behind (they hold wrapped keys, possibly of a person erased since), and
     * finishes erasures a crash interrupted (a tombstone whose key file is still there).
     */
    void recover() {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(persons, "*" + SecureFiles.TEMP_SUFFIX)) {
            for (Path temp : temps) {
                SecureFiles.shred(temp);
            }
        } catch (IOException e) {
            throw new VaultException("cannot list " + persons + ": " + e.getMessage(), e);
        }
        try (DirectoryStream<Path> tombstones = Files.newDirectoryStream(erased)) {
            for (Path tombstone : tombstones) {
                String id = tombstone.getFileName().toString();
                if (FILE_ID.matcher(id).matches()) {
                    shred(id);
                }
            }
        } catch (IOException e) {
            throw new VaultException("cannot list " + erased + ": " + e.getMessage(), e);
        }
    }

    private static KeyEncryptionKeys.Wrapped decode(Path file, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < MAGIC.length + 3 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                || bytes[MAGIC.length] != FORMAT) {
            throw corrupt(file);
        }
        in.position(MAGIC.length + 1);
        int versionLength = Short.toUnsignedInt(in.getShort());
        if (versionLength == 0 || versionLength >= in.remaining()) {
            throw corrupt(file);
        }
        byte[] version = new byte[versionLength];
        in.get(version);
        byte[] ciphertext = new byte[in.remaining()];
        in.get(ciphertext);
        return new KeyEncryptionKeys.Wrapped(new String(version, StandardCharsets.UTF_8), ciphertext);
    }

    private static VaultException.KeyUnavailable corrupt(Path file) {
        return new VaultException.KeyUnavailable(file + " is corrupt: not a person key file");
    }
}
