package org.trustmall.app.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.app.Cli;
import org.trustmall.privacy.vault.Vault;

/** A wrong or missing key-encryption key stops the platform at start-up, clearly, before any data is touched. */
class KeyEncryptionKeyStartupTest {
    @TempDir
    Path tmp;

    private static Map<String, String> snapshot(Path root, Path except) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path f : walk.filter(Files::isRegularFile).filter(f -> !f.equals(except)).toList()) {
                out.put(root.relativize(f).toString(), HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }

    @Test
    void aWrongOrMissingKeyEncryptionKeyIsAClearStartUpErrorAndTouchesNoData() throws Exception {
        Path data = tmp.resolve("data");
        Cli seeded = Cli.run("demo", "--data-dir", data.toString(), "--products", "12", "--no-serve");
        assertEquals(0, seeded.exit(), seeded::toString);
        Path kek = data.resolve("vault").resolve(Vault.KEYSET_FILE);
        byte[] original = Files.readAllBytes(kek);
        Map<String, String> before = snapshot(data, kek);

        try (Vault other = Vault.open(tmp.resolve("other-vault"))) {
            assertNotEquals(other.primaryKeyVersion(), "");
        }
        Files.copy(tmp.resolve("other-vault").resolve(Vault.KEYSET_FILE), kek, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(kek, PosixFilePermissions.fromString("rw-------"));
        Cli wrong = Cli.run("admin", "reconcile", "--data-dir", data.toString());
        assertNotEquals(0, wrong.exit(), wrong::toString);
        assertTrue(wrong.err().contains(Vault.KEYSET_FILE), wrong::toString);
        assertFalse(wrong.err().contains("Exception"), "one readable line, no stack trace: " + wrong.err());
        assertEquals(before, snapshot(data, kek), "nothing was touched");

        Files.delete(kek);
        Cli missing = Cli.run("admin", "reconcile", "--data-dir", data.toString());
        assertNotEquals(0, missing.exit(), missing::toString);
        assertTrue(missing.err().contains(Vault.KEYSET_FILE), missing::toString);
        assertFalse(Files.exists(kek), "no new key-encryption key is made over existing data");
        assertEquals(before, snapshot(data, kek), "nothing was touched");

        Files.write(kek, original);
        Files.setPosixFilePermissions(kek, PosixFilePermissions.fromString("rw-------"));
        Cli restored = Cli.run("admin", "reconcile", "--data-dir", data.toString());
        assertEquals(0, restored.exit(), restored::toString);
    }
}
