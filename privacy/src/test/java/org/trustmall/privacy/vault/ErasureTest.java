package org.trustmall.privacy.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crypto-shredding: once a person is erased, their data cannot be decrypted by anyone holding every file that is
 * left, the key-encryption keyset included.
 */
class ErasureTest {
    private static final String ANN = "account:41";
    private static final String BOB = "account:42";
    private static final String NAME = "account:41/name";
    private static final byte[] ANNS_NAME = "Ann Lee 李安".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path root;

    @Test
    void afterErasureNothingDecryptsAnErasedPersonsDataEvenWithEveryRemainingFile() throws Exception {
        Path dir = root.resolve("vault");
        byte[] annSealed;
        byte[] bobSealed;
        try (Vault vault = Vault.open(dir)) {
            annSealed = vault.seal(ANN, NAME, ANNS_NAME);
            bobSealed = vault.seal(BOB, "account:42/name", "Bob".getBytes(StandardCharsets.UTF_8));

            vault.erase(ANN);

            assertThrows(VaultException.SubjectErased.class, () -> vault.open(ANN, NAME, annSealed));
            assertArrayEquals("Bob".getBytes(StandardCharsets.UTF_8), vault.open(BOB, "account:42/name", bobSealed));
        }

        // Everything left, in an attacker's hands: without the tombstone the vault has no key for Ann at all...
        Path stolen = root.resolve("stolen");
        DirectorySnapshot.copyTree(dir, stolen);
        try (Stream<Path> tombstones = Files.list(stolen.resolve(PersonKeyStore.ERASED))) {
            for (Path t : tombstones.toList()) {
                Files.delete(t);
            }
        }
        try (Vault copy = Vault.open(stolen)) {
            assertThrows(VaultException.KeyUnavailable.class, () -> copy.open(ANN, NAME, annSealed));
        }

        // ...and no key file that is left, unwrapped with the keyset under any file's name, decrypts her data.
        KeysetFileKeks keks = KeysetFileKeks.open(stolen.resolve(Vault.KEYSET_FILE));
        List<Path> keyFiles;
        try (Stream<Path> files = Files.list(stolen.resolve(PersonKeyStore.PERSONS))) {
            keyFiles = files.toList();
        }
        assertEquals(1, keyFiles.size(), "only Bob's key file is left");
        PersonKeyStore store = new PersonKeyStore(stolen);
        int unwrapped = 0;
        for (Path keyFile : keyFiles) {
            KeyEncryptionKeys.Wrapped wrapped = store.read(fileId(keyFile)).orElseThrow();
            for (Path nameSource : keyFiles) {
                byte[] plain;
                try {
                    plain = keks.unwrap(wrapped, ("trustmall-vault:person-key:v1:" + fileId(nameSource))
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (VaultException.KeyUnavailable e) {
                    continue;
                }
                unwrapped++;
                PersonKeys keys = PersonKeys.parse(plain);
                assertThrows(GeneralSecurityException.class, () -> keys.dataKey().decrypt(annSealed,
                        associatedData(ANN, NAME)));
            }
        }
        assertEquals(1, unwrapped, "the attack works on the key that is left (Bob's)");
    }

    @Test
    void erasureRemovesThePersonsKeyFileAndItsBytesFromTheVaultDirectory() throws IOException {
        Path dir = root.resolve("vault");
        try (Vault vault = Vault.open(dir)) {
            vault.seal(ANN, NAME, ANNS_NAME);
            vault.seal(BOB, NAME, ANNS_NAME);
            Path keyFile = vault.keyFile(ANN);
            byte[] keyBytes = Files.readAllBytes(keyFile);
            // A second name for the same file: it shows what happens to the bytes themselves, not only the name.
            Path sameBytes = Files.createLink(root.resolve("link-to-key-file"), keyFile);

            vault.erase(ANN);

            assertFalse(Files.exists(keyFile));
            assertFalse(DirectorySnapshot.anyFileContains(dir, Arrays.copyOfRange(keyBytes, 16, keyBytes.length)));
            byte[] left = Files.readAllBytes(sameBytes);
            assertEquals(keyBytes.length, left.length);
            assertArrayEquals(new byte[keyBytes.length], left, "the key file's bytes were overwritten with zeros");
        }
    }

    @Test
    void erasingTwiceOrErasingSomeoneUnknownIsHarmless() {
        try (Vault vault = Vault.open(root.resolve("vault"))) {
            vault.seal(ANN, NAME, ANNS_NAME);

            vault.erase(ANN);
            vault.erase(ANN);
            vault.erase("account:never-seen");

            assertTrue(vault.isErased(ANN));
            assertTrue(vault.isErased("account:never-seen"));
        }
    }

    @Test
    void erasureSurvivesARestartAndTheCacheNeverHoldsAnErasedKey() {
        Path dir = root.resolve("vault");
        byte[] sealed;
        try (Vault vault = Vault.open(dir)) {
            sealed = vault.seal(ANN, NAME, ANNS_NAME);
            assertArrayEquals(ANNS_NAME, vault.open(ANN, NAME, sealed)); // cached now
            vault.erase(ANN);
            assertThrows(VaultException.SubjectErased.class, () -> vault.open(ANN, NAME, sealed));
        }
        try (Vault vault = Vault.open(dir)) {
            assertTrue(vault.isErased(ANN));
            assertThrows(VaultException.SubjectErased.class, () -> vault.open(ANN, NAME, sealed));
        }
    }

    @Test
    void anErasureACrashInterruptedIsFinishedAtTheNextOpen() throws IOException {
        Path dir = root.resolve("vault");
        Path keyFile;
        String fileId;
        try (Vault vault = Vault.open(dir)) {
            vault.seal(ANN, NAME, ANNS_NAME);
            keyFile = vault.keyFile(ANN);
            fileId = fileId(keyFile);
            vault.seal(BOB, NAME, ANNS_NAME);
        }
        // The state a crash between writing the tombstone and shredding the key file leaves, plus a temporary copy
        // of a key file that a crash during a re-wrap leaves.
        Files.createFile(dir.resolve(PersonKeyStore.ERASED).resolve(fileId));
        Path leftoverTemp = SecureFiles.temp(keyFile);
        Files.copy(keyFile, leftoverTemp);

        try (Vault vault = Vault.open(dir)) {
            assertFalse(Files.exists(keyFile));
            assertFalse(Files.exists(leftoverTemp));
            assertTrue(vault.isErased(ANN));
            assertFalse(vault.isErased(BOB));
        }
    }

    private static String fileId(Path keyFile) {
        String name = keyFile.getFileName().toString();
        return name.substring(0, name.length() - PersonKeyStore.SUFFIX.length());
    }

    // The vault's binding of subject and context, restated so the attack uses exactly what the vault would.
    private static byte[] associatedData(String subject, String context) {
        byte[] domain = "trustmall-vault:data:v1".getBytes(StandardCharsets.UTF_8);
        byte[] s = subject.getBytes(StandardCharsets.UTF_8);
        byte[] c = context.getBytes(StandardCharsets.UTF_8);
        return java.nio.ByteBuffer.allocate(domain.length + 8 + s.length + c.length)
                .put(domain).putInt(s.length).put(s).putInt(c.length).put(c).array();
    }
}
