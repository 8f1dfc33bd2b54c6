package org.trustmall.commerce.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import org.trustmall.commerce.CommerceException;
import org.trustmall.ledger.crypto.KeyFiles;

/**
 * Commerce's symmetric secrets (the session-token key, the person-commitment key): 32 random bytes each, in
 * {@code <keys dir>/commerce/<name>.key}, created on first use with mode 0600 in a 0700 directory and never
 * overwritten. The file appears in one step (written to a private temporary file, synced, then linked into place),
 * so a crash or a second process never sees half a key, and a second process starting at the same moment reads the
 * first one's key rather than making its own.
 *
 * <p>They sit in a subdirectory rather than beside the ledger's organisation key, because the ledger's
 * {@code KeyDirectory} takes every {@code *.key} file directly in the keys directory for an organisation key.
 */
public final class SecretFiles {
    public static final int LENGTH = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretFiles() {
    }

    /** The secret {@code name}, created if missing; {@code keysDir} is the data directory's {@code keys}. */
    public static byte[] loadOrCreate(Path keysDir, String name) {
        if (!name.matches("[a-z][a-z0-9-]{0,31}")) {
            throw new IllegalArgumentException("invalid secret name: " + name);
        }
        Path dir = keysDir.resolve("commerce");
        Path file = dir.resolve(name + ".key");
        try {
            privateDirectory(keysDir);
            privateDirectory(dir);
            if (!Files.exists(file)) {
                create(file);
            }
            return read(file);
        } catch (IOException e) {
            throw new CommerceException(file + ": cannot read or create the secret: " + e.getMessage(), e);
        }
    }

    /** A 0700 directory, tolerating another thread or process creating it at the same moment. */
    private static void privateDirectory(Path dir) throws IOException {
        try {
            KeyFiles.createPrivateDirectories(dir);
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(dir)) {
                throw raced;
            }
        }
    }

    private static void create(Path file) throws IOException {
        byte[] secret = new byte[LENGTH];
        RANDOM.nextBytes(secret);
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + HexFormat.of().toHexDigits(RANDOM.nextLong())
                + ".tmp");
        FileAttribute<?>[] attrs = posix(file) ? new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
        try {
            Files.createFile(tmp, attrs);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(secret));
                ch.force(true);
            }
            try {
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException raced) {
                // Another process made it first; its key is the one to use.
            } catch (UnsupportedOperationException noLinks) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Arrays.fill(secret, (byte) 0);
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] read(Path file) throws IOException {
        if (posix(file)) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(perms)) {
                throw new CommerceException(file + ": permissions " + PosixFilePermissions.toString(perms)
                        + " are too open; a secret must be 0600 (chmod 600 " + file + ")");
            }
        }
        byte[] secret = Files.readAllBytes(file);
        if (secret.length != LENGTH) {
            throw new CommerceException(file + ": a secret has " + LENGTH + " bytes, this file has "
                    + secret.length);
        }
        return secret;
    }

    private static boolean posix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
