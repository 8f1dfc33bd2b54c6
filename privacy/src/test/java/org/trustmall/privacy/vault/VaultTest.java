package org.trustmall.privacy.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealing, opening, commitments and the key store's files, on a real vault directory. */
class VaultTest {
    private static final String ANN = "account:41";
    private static final String BOB = "account:42";
    private static final String LINE1 = "order:17/address.line1";

    @TempDir
    Path dir;
    private Vault vault;

    @BeforeEach
    void openVault() {
        vault = Vault.open(dir);
    }

    @AfterEach
    void closeVault() {
        vault.close();
    }

    @Test
    void sealedTextOpensAgainForTheSameSubjectAndContext() {
        String sealed = vault.sealText(ANN, LINE1, "北京市朝阳区建国路 88 号");

        assertEquals("北京市朝阳区建国路 88 号", vault.openText(ANN, LINE1, sealed));
        assertTrue(sealed.matches("v1:[A-Za-z0-9_-]+"), sealed);
        // Not a substring test on the base64 (random ciphertext spells "88" now and then): the plaintext's bytes
        // must not appear in the decoded ciphertext.
        byte[] ciphertext = java.util.Base64.getUrlDecoder().decode(sealed.substring(3));
        byte[] plain = "北京市朝阳区建国路 88 号".getBytes(StandardCharsets.UTF_8);
        assertFalse(java.util.Collections.indexOfSubList(toList(ciphertext), toList(plain)) >= 0,
                "the text form holds no plaintext");
    }

    private static java.util.List<Byte> toList(byte[] bytes) {
        java.util.List<Byte> out = new java.util.ArrayList<>(bytes.length);
        for (byte b : bytes) {
            out.add(b);
        }
        return out;
    }

    @Test
    void aCiphertextDoesNotOpenForAnotherSubjectOrAnotherContext() {
        byte[] sealed = vault.seal(ANN, LINE1, "Ann Lee".getBytes(StandardCharsets.UTF_8));
        vault.seal(BOB, LINE1, new byte[] {1});

        assertThrows(VaultException.CiphertextRejected.class, () -> vault.open(ANN, "order:17/address.line2", sealed));
        assertThrows(VaultException.CiphertextRejected.class, () -> vault.open(ANN, "order:18/address.line1", sealed));
        assertThrows(VaultException.CiphertextRejected.class, () -> vault.open(BOB, LINE1, sealed));
        assertArrayEquals("Ann Lee".getBytes(StandardCharsets.UTF_8), vault.open(ANN, LINE1, sealed));
    }

    @Test
    void subjectAndContextAreBoundUnambiguouslyNotByConcatenation() {
        byte[] sealed = vault.seal("a", "bc", new byte[] {7});
        vault.seal("ab", "c", new byte[] {7});

        assertThrows(VaultException.CiphertextRejected.class, () -> vault.open("ab", "c", sealed));
    }

    @Test
    void anyAlteredByteOfACiphertextIsRejected() {
        byte[] sealed = vault.seal(ANN, LINE1, "+86 138 0000 0000".getBytes(StandardCharsets.UTF_8));

        for (int i = 0; i < sealed.length; i++) {
            byte[] altered = sealed.clone();
            altered[i] ^= 0x01;
            assertThrows(VaultException.class, () -> vault.open(ANN, LINE1, altered), "byte " + i);
        }
        assertThrows(VaultException.CiphertextRejected.class,
                () -> vault.open(ANN, LINE1, Arrays.copyOf(sealed, sealed.length - 1)));
    }

    @Test
    void malformedTextValuesAreRejectedAsSuch() {
        String sealed = vault.sealText(ANN, LINE1, "x");

        assertThrows(VaultException.CiphertextRejected.class, () -> vault.openText(ANN, LINE1, sealed.substring(3)));
        assertThrows(VaultException.CiphertextRejected.class, () -> vault.openText(ANN, LINE1, "v1:***"));
        assertThrows(VaultException.CiphertextRejected.class,
                () -> vault.openText(ANN, LINE1, "v1:" + sealed.substring(4)));
    }

    @Test
    void textThatIsNotWellFormedUnicodeIsRefusedRatherThanAltered() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> vault.sealText(ANN, LINE1, "half a pair \uD83D"));

        assertTrue(e.getMessage().contains("lone surrogate"), e.getMessage());
    }

    @Test
    void openingForASubjectWithNoKeyFailsWithoutCreatingOne() {
        byte[] sealed = vault.seal(ANN, LINE1, new byte[] {1});

        assertThrows(VaultException.KeyUnavailable.class, () -> vault.open("account:999", LINE1, sealed));
        assertFalse(Files.exists(vault.keyFile("account:999")));
    }

    @Test
    void sealedDataOpensAfterTheVaultIsReopened() {
        String sealed = vault.sealText(ANN, LINE1, "Ann Lee");
        byte[] commitment = vault.commitment(ANN, "account:41");
        String index = vault.blindIndex().index("ann@example.com");
        vault.close();

        vault = Vault.open(dir);

        assertEquals("Ann Lee", vault.openText(ANN, LINE1, sealed));
        assertArrayEquals(commitment, vault.commitment(ANN, "account:41"));
        assertEquals(index, vault.blindIndex().index("ann@example.com"));
    }

    @Test
    void commitmentsAreStablePerPersonAndDifferBetweenPersonsAndLabels() {
        byte[] ann = vault.commitment(ANN, "account:41");

        assertEquals(32, ann.length);
        assertArrayEquals(ann, vault.commitment(ANN, "account:41"));
        assertFalse(Arrays.equals(ann, vault.commitment(BOB, "account:41")), "another person's secret");
        assertFalse(Arrays.equals(ann, vault.commitment(ANN, "account:42")), "another label");
    }

    @Test
    void theFirstSealForAPersonCreatesOneOwnerOnlyKeyFile() throws IOException {
        vault.seal(ANN, LINE1, new byte[] {1});
        vault.seal(ANN, "order:17/name", new byte[] {2});
        vault.commitment(ANN, "account:41");

        try (Stream<Path> files = Files.list(dir.resolve(PersonKeyStore.PERSONS))) {
            assertEquals(List.of(vault.keyFile(ANN)), files.toList());
        }
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(vault.keyFile(ANN)));
    }

    @Test
    void noFileNameInTheVaultRevealsASubjectId() throws IOException {
        List<String> subjects = List.of(ANN, BOB, "alice@example.com", "13800000000");
        for (String s : subjects) {
            vault.seal(s, LINE1, new byte[] {1});
        }
        vault.erase(BOB);

        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.toList()) {
                String name = p.getFileName().toString();
                for (String s : subjects) {
                    assertFalse(name.contains(s), name);
                    assertFalse(name.contains(HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8))), name);
                }
            }
        }
    }

    @Test
    void theVaultDirectoryAndItsSecretsAreOwnerOnly() throws IOException {
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(dir.resolve(
                PersonKeyStore.PERSONS)));
        for (String secret : List.of(Vault.KEYSET_FILE, Vault.BLIND_INDEX_FILE, StoreSecret.FILE)) {
            assertEquals(PosixFilePermissions.fromString("rw-------"),
                    Files.getPosixFilePermissions(dir.resolve(secret)), secret);
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefusedUntilTheFirstIsClosed() {
        VaultException e = assertThrows(VaultException.class, () -> Vault.open(dir));

        assertTrue(e.getMessage().contains("already open"), e.getMessage());
        vault.close();
        vault = Vault.open(dir);
    }

    @Test
    void aClosedVaultRefusesToBeUsed() {
        vault.seal(ANN, LINE1, new byte[] {1});
        vault.close();

        assertThrows(IllegalStateException.class, () -> vault.seal(BOB, LINE1, new byte[] {1}));
        assertThrows(IllegalStateException.class, () -> vault.erase(ANN));
        assertFalse(Files.exists(vault.keyFile(BOB)));
    }

    @Test
    void aKmsAdapterCanStandInForTheKeysetFile(@TempDir Path kmsDir) {
        InMemoryKeks kms = new InMemoryKeks();
        try (Vault withKms = Vault.open(kmsDir, kms)) {
            String sealed = withKms.sealText(ANN, LINE1, "Ann Lee");
            withKms.rotate();
            assertEquals(1, withKms.rewrapAll());
            withKms.retire("kms-1");

            assertEquals("Ann Lee", withKms.openText(ANN, LINE1, sealed));
            assertEquals(List.of("kms-2"), withKms.keyVersions());
        }
        assertFalse(Files.exists(kmsDir.resolve(Vault.KEYSET_FILE)));

        VaultException.KeyUnavailable foreign = assertThrows(VaultException.KeyUnavailable.class,
                () -> Vault.open(kmsDir, new InMemoryKeks()));
        assertTrue(foreign.getMessage().contains("kms-2"), foreign.getMessage());
    }

    @Test
    void anErasedSubjectHasNoCommitmentAndCannotBeSealedForAgain() {
        vault.commitment(ANN, "account:41");

        vault.erase(ANN);

        assertTrue(vault.isErased(ANN));
        assertFalse(vault.isErased(BOB));
        assertThrows(VaultException.SubjectErased.class, () -> vault.commitment(ANN, "account:41"));
        assertThrows(VaultException.SubjectErased.class, () -> vault.seal(ANN, LINE1, new byte[] {1}));
        assertFalse(Files.exists(vault.keyFile(ANN)), "erasure does not bring the key back");
    }

    @Test
    void messagesNeverNameTheSubject() {
        byte[] sealed = vault.seal(ANN, LINE1, new byte[] {1});
        vault.erase(BOB);

        List<VaultException> errors = List.of(
                assertThrows(VaultException.class, () -> vault.open(BOB, LINE1, sealed)),
                assertThrows(VaultException.class, () -> vault.open(ANN, "other", sealed)),
                assertThrows(VaultException.class, () -> vault.open("account:7", LINE1, sealed)));

        for (VaultException e : errors) {
            assertFalse(e.getMessage().contains("account:"), e.getMessage());
        }
        assertNotEquals(errors.get(0).getClass(), errors.get(1).getClass());
    }
}
