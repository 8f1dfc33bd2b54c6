package org.trustmall.privacy.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key-encryption key rotation while the platform runs: a new version, every key file re-wrapped in the
 * background while other threads seal and open, then the old version retired.
 */
class KeyRotationTest {
    private static final int PERSONS = 150;
    private static final int WORKERS = 4;
    private static final int MINIMUM_OPERATIONS_PER_WORKER = 300;

    @TempDir
    Path dir;

    @Test
    void rewrappingInTheBackgroundWhileOthersSealAndOpenThenRetiringTheOldVersionLosesNothing() throws Exception {
        Map<String, String> sealed = new ConcurrentHashMap<>();
        String oldVersion;
        // A small cache, so the workers keep reading key files from disk while the re-wrap replaces them.
        try (Vault vault = Vault.open(dir, holdsKeys -> holdsKeys
                ? KeysetFileKeks.open(dir.resolve(Vault.KEYSET_FILE))
                : KeysetFileKeks.create(dir.resolve(Vault.KEYSET_FILE)), 8)) {
            for (int i = 0; i < PERSONS; i++) {
                sealed.put(subject(i) + "|name", vault.sealText(subject(i), "name", "Person " + i + " 张伟"));
            }
            oldVersion = vault.primaryKeyVersion();
            String newVersion = vault.rotate();
            assertNotEquals(oldVersion, newVersion);
            assertEquals(Set.of(oldVersion, newVersion), Set.copyOf(vault.keyVersions()));

            AtomicBoolean rewrapDone = new AtomicBoolean();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
            try {
                List<Future<Integer>> workers = new ArrayList<>();
                for (int w = 0; w < WORKERS; w++) {
                    int worker = w;
                    workers.add(pool.submit(() -> {
                        start.await();
                        int done = 0;
                        while (!rewrapDone.get() || done < MINIMUM_OPERATIONS_PER_WORKER) {
                            String existing = subject((done * 7 + worker) % PERSONS);
                            assertEquals(vault.openText(existing, "name", sealed.get(existing + "|name")),
                                    "Person " + ((done * 7 + worker) % PERSONS) + " 张伟");
                            String fresh = "account:new-" + worker + "-" + done;
                            sealed.put(fresh + "|name", vault.sealText(fresh, "name", fresh));
                            done++;
                        }
                        return done;
                    }));
                }
                Future<Integer> rewrap = pool.submit(() -> {
                    start.await();
                    try {
                        return vault.rewrapAll();
                    } finally {
                        rewrapDone.set(true);
                    }
                });
                start.countDown();

                assertEquals(PERSONS, rewrap.get(), "every key file made before the rotation was re-wrapped");
                for (Future<Integer> worker : workers) {
                    assertTrue(worker.get() >= MINIMUM_OPERATIONS_PER_WORKER); // rethrows any worker's failure
                }
            } finally {
                pool.shutdownNow();
            }

            assertEquals(0, vault.rewrapAll(), "nothing is left under the old version");
            vault.retire(oldVersion);

            assertEquals(List.of(newVersion), vault.keyVersions());
            assertAllOpen(vault, sealed);
        }

        assertEquals(1, KeysetFileKeks.open(dir.resolve(Vault.KEYSET_FILE)).versions().size());
        try (Vault reopened = Vault.open(dir)) {
            assertAllOpen(reopened, sealed);
        }
    }

    @Test
    void aVersionThatKeyFilesStillUseIsNotRetired() {
        try (Vault vault = Vault.open(dir)) {
            String sealedText = vault.sealText("account:1", "name", "Ann");
            vault.sealText("account:2", "name", "Bob");
            String old = vault.primaryKeyVersion();
            vault.rotate();

            VaultException.KeyVersionInUse e = assertThrows(VaultException.KeyVersionInUse.class,
                    () -> vault.retire(old));

            assertEquals(old, e.version());
            assertEquals(2, e.keyFiles());
            assertTrue(e.getMessage().contains("2 key files"), e.getMessage());
            assertEquals(2, vault.keyVersions().size());
            assertEquals(2, KeysetFileKeks.open(dir.resolve(Vault.KEYSET_FILE)).versions().size());
            assertEquals("Ann", vault.openText("account:1", "name", sealedText));
        }
    }

    @Test
    void thePrimaryVersionIsNotRetiredAndAnUnknownOneIsNamed() {
        try (Vault vault = Vault.open(dir)) {
            String primary = vault.primaryKeyVersion();

            VaultException.KeyVersionInUse e = assertThrows(VaultException.KeyVersionInUse.class,
                    () -> vault.retire(primary));
            VaultException.KeyUnavailable unknown = assertThrows(VaultException.KeyUnavailable.class,
                    () -> vault.retire("12345"));

            assertTrue(e.getMessage().contains("is the primary"), e.getMessage());
            assertTrue(unknown.getMessage().contains("12345"), unknown.getMessage());
        }
    }

    @Test
    void aRotatedButNotYetRewrappedVaultReopensWithBothVersions() {
        String sealedText;
        try (Vault vault = Vault.open(dir)) {
            sealedText = vault.sealText("account:1", "name", "Ann");
            vault.rotate();
            vault.sealText("account:2", "name", "Bob");
        }

        try (Vault vault = Vault.open(dir)) {
            assertEquals(2, vault.keyVersions().size());
            assertEquals("Ann", vault.openText("account:1", "name", sealedText));
            assertEquals(1, vault.rewrapAll());
        }
    }

    @Test
    void aCrashBetweenForgettingTheCheckEntryAndRetiringTheKeyLeavesAVaultThatOpens() throws Exception {
        Path keyset = dir.resolve(Vault.KEYSET_FILE);
        String sealedText;
        String old;
        byte[] keysetWithBothVersions;
        try (Vault vault = Vault.open(dir)) {
            sealedText = vault.sealText("account:1", "name", "Ann");
            old = vault.primaryKeyVersion();
            vault.rotate();
            keysetWithBothVersions = Files.readAllBytes(keyset);
            vault.rewrapAll();
            vault.retire(old);
        }
        // The check file no longer covers the old version, but the keyset still holds it: the crash state.
        Files.write(keyset, keysetWithBothVersions);

        try (Vault vault = Vault.open(dir)) {
            assertEquals("Ann", vault.openText("account:1", "name", sealedText));
            assertTrue(vault.keyVersions().contains(old));
            vault.retire(old);
            assertFalse(vault.keyVersions().contains(old));
        }
    }

    private static void assertAllOpen(Vault vault, Map<String, String> sealed) {
        for (Map.Entry<String, String> e : sealed.entrySet()) {
            String subject = e.getKey().substring(0, e.getKey().indexOf('|'));
            String expected = subject.startsWith("account:new-") ? subject
                    : "Person " + subject.substring("account:".length()) + " 张伟";
            assertEquals(expected, vault.openText(subject, "name", e.getValue()));
        }
    }

    private static String subject(int i) {
        return "account:" + i;
    }
}
