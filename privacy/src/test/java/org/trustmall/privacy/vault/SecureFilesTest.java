package org.trustmall.privacy.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replacing and shredding key files overwrite the old bytes themselves, not only their names. */
class SecureFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacingAFileOverwritesItsOldContentsAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("key");
        SecureFiles.createNew(file, "old key material".getBytes(StandardCharsets.UTF_8));
        Path oldBytes = Files.createLink(dir.resolve("second-name"), file);

        SecureFiles.replace(file, "new".getBytes(StandardCharsets.UTF_8));

        assertEquals("new", Files.readString(file));
        assertArrayEquals(new byte["old key material".length()], Files.readAllBytes(oldBytes));
        assertFalse(Files.exists(SecureFiles.temp(file)));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
    }

    @Test
    void shreddingOverwritesThenUnlinksAndCanBeRepeated() throws IOException {
        Path file = dir.resolve("key");
        byte[] content = new byte[10_000];
        java.util.Arrays.fill(content, (byte) 0x5a);
        SecureFiles.createNew(file, content);
        Path sameBytes = Files.createLink(dir.resolve("second-name"), file);

        SecureFiles.shred(file);
        SecureFiles.shred(file);

        assertFalse(Files.exists(file));
        assertArrayEquals(new byte[content.length], Files.readAllBytes(sameBytes));
    }

    @Test
    void aStaleTemporaryFileIsShreddedBeforeAReplacementUsesItsName() throws IOException {
        Path file = dir.resolve("key");
        SecureFiles.createNew(file, new byte[] {1});
        Path stale = SecureFiles.temp(file);
        Files.write(stale, "a crash left this".getBytes(StandardCharsets.UTF_8));
        Path staleBytes = Files.createLink(dir.resolve("stale-second-name"), stale);

        SecureFiles.replace(file, new byte[] {2});

        assertArrayEquals(new byte[] {2}, Files.readAllBytes(file));
        assertArrayEquals(new byte["a crash left this".length()], Files.readAllBytes(staleBytes));
    }
}
