package org.trustmall.privacy.vault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.trustmall.ledger.crypto.KeyFiles;

/**
 * File operations for key material: owner-only files and directories, atomic replacement (temporary file, fsync,
 * rename, fsync of the directory) and shredding (overwrite with zeros, fsync, unlink, fsync of the directory).
 *
 * <p>Overwriting is best effort: on copy-on-write file systems (btrfs, ZFS) and on flash storage with wear
 * levelling, the old blocks may survive. That is why the vault never relies on it alone: person keys are stored
 * only wrapped by a key-encryption key, so a surviving block is useless without it, and destroying a person's
 * wrapped key removes the only thing that could unwrap their data.
 *
 * <p>Callers serialise writes to the same file; the temporary file's name is derived from the target's.
 */
final class SecureFiles {
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    static final String TEMP_SUFFIX = ".tmp";
    private static final int ZEROS = 4096;

    private SecureFiles() {
    }

    /** Creates {@code dir} (and missing parents) with 0700 where it is created. */
    static void createPrivateDirectory(Path dir) {
        try {
            KeyFiles.createPrivateDirectories(dir.toAbsolutePath());
        } catch (IOException e) {
            throw new VaultException("cannot create directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Refuses a key or secret file that anyone but its owner may read or write, naming the chmod to run. */
    static void requireOwnerOnly(Path file) {
        if (!posix(file)) {
            return;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(p -> !OWNER_ONLY_FILE.contains(p))) {
                throw new VaultException.KeyUnavailable(file + ": permissions " + PosixFilePermissions.toString(perms)
                        + " are too open; a key file must be readable by its owner only (chmod 600 " + file + ")");
            }
        } catch (IOException e) {
            throw new VaultException.KeyUnavailable(file + ": cannot read its permissions: " + e.getMessage(), e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new VaultException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Creates a new owner-only file with {@code content}, durably; fails if it exists. */
    static void createNew(Path file, byte[] content) {
        try {
            try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    ownerOnly(file))) {
                writeFully(ch, ByteBuffer.wrap(content));
                ch.force(true);
            }
            fsyncDirectory(file.toAbsolutePath().getParent());
        } catch (FileAlreadyExistsException e) {
            throw new VaultException(file + " already exists; refusing to overwrite it", e);
        } catch (IOException e) {
            throw new VaultException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces {@code file} with {@code content} atomically: a reader sees the old or the new bytes, and after a
     * crash the file holds one or the other. The old contents are then overwritten with zeros through a channel
     * opened before the rename, so the replaced key material does not linger in the file's old blocks either.
     */
    static void replace(Path file, byte[] content) {
        Path temp = temp(file);
        try {
            shred(temp);
            try (FileChannel ch = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    ownerOnly(file))) {
                writeFully(ch, ByteBuffer.wrap(content));
                ch.force(true);
            }
            FileChannel old = openForOverwrite(file);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                fsyncDirectory(file.toAbsolutePath().getParent());
                if (old != null) {
                    zero(old);
                }
            } finally {
                if (old != null) {
                    old.close();
                }
            }
        } catch (IOException e) {
            throw new VaultException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Overwrites {@code file} with zeros, forces that to disk, unlinks it and forces the directory. Does nothing if
     * the file does not exist, so it can be repeated after a crash.
     */
    static void shred(Path file) {
        try {
            FileChannel ch = openForOverwrite(file);
            if (ch == null) {
                return;
            }
            try (ch) {
                zero(ch);
            }
            Files.deleteIfExists(file);
            fsyncDirectory(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new VaultException("cannot shred " + file + ": " + e.getMessage(), e);
        }
    }

    static Path temp(Path file) {
        return file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
    }

    static void fsyncDirectory(Path dir) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException e) {
            return; // some platforms cannot open a directory; there the rename's own durability has to do
        }
        try (ch) {
            ch.force(true);
        }
    }

    private static FileChannel openForOverwrite(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void zero(FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer zeros = ByteBuffer.allocate(ZEROS);
        for (long at = 0; at < size; at += ZEROS) {
            zeros.clear().limit((int) Math.min(ZEROS, size - at));
            while (zeros.hasRemaining()) {
                ch.write(zeros, at + zeros.position());
            }
        }
        ch.force(true);
    }

    private static void writeFully(FileChannel ch, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            ch.write(buffer);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path file) {
        return posix(file) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                : new FileAttribute<?>[0];
    }

    private static boolean posix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
