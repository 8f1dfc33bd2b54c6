package org.trustmall.commerce.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.commerce.CommerceException;
import org.trustmall.ledger.identity.KeyDirectory;

class SecretFilesTest {
    @TempDir
    Path dir;

    @Test
    void aSecretIsCreatedOnceWithOwnerOnlyPermissionsAndReadBackAfterwards() throws Exception {
        Path keys = dir.resolve("keys");
        byte[] first = SecretFiles.loadOrCreate(keys, "session");
        assertEquals(32, first.length);
        Path file = keys.resolve("commerce").resolve("session.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        assertArrayEquals(first, SecretFiles.loadOrCreate(keys, "session"));
        assertFalse(java.util.Arrays.equals(first, SecretFiles.loadOrCreate(keys, "commitment")));
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertEquals(List.of("commitment.key", "session.key"), left.map(p -> p.getFileName().toString())
                    .sorted().toList(), "no temporary files are left behind");
        }
    }

    @Test
    void aSecretOthersCanReadIsRefused() throws Exception {
        Path keys = dir.resolve("keys");
        SecretFiles.loadOrCreate(keys, "session");
        Path file = keys.resolve("commerce").resolve("session.key");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        CommerceException e = assertThrows(CommerceException.class, () -> SecretFiles.loadOrCreate(keys, "session"));
        assertTrue(e.getMessage().contains("too open"), e.getMessage());
    }

    @Test
    void concurrentFirstUsesAgreeOnOneSecret() throws Exception {
        Path keys = dir.resolve("keys");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> all = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                all.add(pool.submit(() -> SecretFiles.loadOrCreate(keys, "session")));
            }
            byte[] first = all.get(0).get();
            for (Future<byte[]> f : all) {
                assertArrayEquals(first, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void commerceSecretsDoNotDisturbTheLedgersKeyDirectory() {
        Path keys = dir.resolve("keys");
        KeyDirectory ledgerKeys = new KeyDirectory(keys);
        ledgerKeys.createOrganisation("platform");
        SecretFiles.loadOrCreate(keys, "session");
        SecretFiles.loadOrCreate(keys, "commitment");
        assertEquals("platform", ledgerKeys.organisation().organisation().name());
    }
}
