package org.trustmall.privacy.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong, missing or unsafe key-encryption keyset or secret stops start-up with an error that names the file and
 * says what to do, and leaves every file of the vault exactly as it was.
 */
class StartupKeyChecksTest {
    private static final String ANN = "account:41";
    private static final String NAME = "account:41/name";

    @TempDir
    Path dir;
    private String sealed;

    @BeforeEach
    void vaultWithOnePerson() {
        try (Vault vault = Vault.open(dir)) {
            sealed = vault.sealText(ANN, NAME, "Ann Lee");
        }
    }

    @Test
    void aDifferentKeysetIsRefusedAndNothingIsTouched() throws Exception {
        writeKeyset(TinkAead.newKeyset());
        DirectorySnapshot before = DirectorySnapshot.of(dir);

        VaultException.KeyUnavailable e = assertThrows(VaultException.KeyUnavailable.class, () -> Vault.open(dir));

        assertTrue(e.getMessage().contains(dir.resolve(Vault.KEYSET_FILE).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not hold"), e.getMessage());
        assertEquals(before, DirectorySnapshot.of(dir));
    }

    @Test
    void aKeysetWithTheRightVersionButAnotherKeyIsRefusedAndNothingIsTouched() throws Exception {
        int version = Integer.parseUnsignedInt(KeysetFileKeks.open(dir.resolve(Vault.KEYSET_FILE)).primaryVersion());
        writeKeyset(KeysetHandle.newBuilder().addEntry(KeysetHandle.generateEntryFromParameters(
                PredefinedAeadParameters.AES256_GCM).withFixedId(version).makePrimary()).build());
        DirectorySnapshot before = DirectorySnapshot.of(dir);

        VaultException.KeyUnavailable e = assertThrows(VaultException.KeyUnavailable.class, () -> Vault.open(dir));

        assertTrue(e.getMessage().contains("cannot unwrap the key store's check value"), e.getMessage());
        assertTrue(e.getMessage().contains("not the keys this store was made with"), e.getMessage());
        assertEquals(before, DirectorySnapshot.of(dir));
    }

    @Test
    void aMissingKeysetNextToExistingKeysIsRefusedAndNoNewOneIsMade() throws IOException {
        Files.delete(dir.resolve(Vault.KEYSET_FILE));
        DirectorySnapshot before = DirectorySnapshot.of(dir);

        VaultException.KeyUnavailable e = assertThrows(VaultException.KeyUnavailable.class, () -> Vault.open(dir));

        assertTrue(e.getMessage().contains(dir.resolve(Vault.KEYSET_FILE) + " is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("restore the keyset file"), e.getMessage());
        assertFalse(Files.exists(dir.resolve(Vault.KEYSET_FILE)));
        assertEquals(before, DirectorySnapshot.of(dir));
    }

    @Test
    void aCorruptKeysetIsRefusedNamingTheFile() throws IOException {
        Files.writeString(dir.resolve(Vault.KEYSET_FILE), "{\"primaryKeyId\": 1, \"key\": [");
        DirectorySnapshot before = DirectorySnapshot.of(dir);

        VaultException.KeyUnavailable e = assertThrows(VaultException.KeyUnavailable.class, () -> Vault.open(dir));

        assertEquals(dir.resolve(Vault.KEYSET_FILE) + " is not a Tink keyset (corrupt or not a keyset file)",
                e.getMessage());
        assertEquals(before, DirectorySnapshot.of(dir));
    }

    @Test
    void aKeysetOrSecretThatGroupOrOthersMayReadIsRefusedWithTheChmodToRun() throws IOException {
        for (String file : List.of(Vault.KEYSET_FILE, Vault.BLIND_INDEX_FILE)) {
            Path path = dir.resolve(file);
            for (String perms : List.of("rw-r-----", "rw----r--", "rw-rw-rw-")) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(perms));
                DirectorySnapshot before = DirectorySnapshot.of(dir);

                VaultException.KeyUnavailable e = assertThrows(VaultException.KeyUnavailable.class,
                        () -> Vault.open(dir), file + " " + perms);

                assertTrue(e.getMessage().contains("permissions " + perms + " are too open"), e.getMessage());
                assertTrue(e.getMessage().contains("chmod 600 " + path), e.getMessage());
                assertEquals(before, DirectorySnapshot.of(dir));
            }
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        }
        try (Vault vault = Vault.open(dir)) {
            assertEquals("Ann Lee", vault.openText(ANN, NAME, sealed));
        }
    }

    @Test
    void aMissingBlindIndexSecretOrCheckValueNextToExistingKeysIsRefused() throws IOException {
        Path blindIndex = dir.resolve(Vault.BLIND_INDEX_FILE);
        Path check = dir.resolve(StoreSecret.FILE);
        byte[] blindIndexBytes = Files.readAllBytes(blindIndex);
        Files.delete(blindIndex);

        VaultException.KeyUnavailable noIndex = assertThrows(VaultException.KeyUnavailable.class,
                () -> Vault.open(dir));
        assertTrue(noIndex.getMessage().contains(blindIndex + " is missing"), noIndex.getMessage());
        assertFalse(Files.exists(blindIndex));

        Files.write(blindIndex, blindIndexBytes);
        Files.setPosixFilePermissions(blindIndex, PosixFilePermissions.fromString("rw-------"));
        Files.delete(check);
        VaultException.KeyUnavailable noCheck = assertThrows(VaultException.KeyUnavailable.class,
                () -> Vault.open(dir));
        assertTrue(noCheck.getMessage().contains(check + " is missing"), noCheck.getMessage());
        assertFalse(Files.exists(check));
    }

    @Test
    void aCorruptKeyFileIsReportedByNameWhenUsed() throws IOException {
        Path keyFile;
        try (Vault vault = Vault.open(dir)) {
            keyFile = vault.keyFile(ANN);
        }
        byte[] bytes = Files.readAllBytes(keyFile);
        bytes[bytes.length - 1] ^= 1;
        Files.write(keyFile, bytes);

        try (Vault vault = Vault.open(dir)) {
            VaultException.KeyUnavailable e = assertThrows(VaultException.KeyUnavailable.class,
                    () -> vault.openText(ANN, NAME, sealed));
            assertTrue(e.getMessage().startsWith(keyFile.toString()), e.getMessage());
        }
    }

    private void writeKeyset(KeysetHandle keyset) throws IOException {
        try {
            Files.writeString(dir.resolve(Vault.KEYSET_FILE),
                    TinkJsonProtoKeysetFormat.serializeKeyset(keyset, TinkAead.CONFIGURATION,
                            InsecureSecretKeyAccess.get()),
                    StandardCharsets.UTF_8);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
