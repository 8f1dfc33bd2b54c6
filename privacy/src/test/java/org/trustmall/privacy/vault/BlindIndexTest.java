package org.trustmall.privacy.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The email blind index: keyed, stable across restarts, and blind to case, width and surrounding space. */
class BlindIndexTest {
    @TempDir
    Path dir;

    @Test
    void theIndexIsStableAcrossRestartsAndDependsOnTheSecret() throws IOException {
        Path secret = dir.resolve("blind-index.key");
        String first = BlindIndex.open(secret).index("ann@example.com");

        String again = BlindIndex.open(secret).index("ann@example.com");
        String otherSecret = BlindIndex.open(dir.resolve("other.key")).index("ann@example.com");

        assertEquals(first, again);
        assertNotEquals(first, otherSecret);
        assertTrue(first.matches("[0-9a-f]{64}"), first);
        assertNotEquals(first, BlindIndex.open(secret).index("bob@example.com"));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(secret));
        assertEquals(32, Files.size(secret));
    }

    @Test
    void caseFullWidthFormsAndSurroundingSpaceDoNotChangeTheIndex() {
        BlindIndex index = BlindIndex.open(dir.resolve("blind-index.key"));

        String plain = index.index("ann.lee@example.com");

        assertEquals(plain, index.index("  Ann.Lee@EXAMPLE.com\t"));
        assertEquals(plain, index.index("ａｎｎ.ｌｅｅ＠ｅｘａｍｐｌｅ.ｃｏｍ"));
        assertEquals(plain, index.index("\u3000ann.lee@example.com\n"));
        assertNotEquals(plain, index.index("ann.lee@example.co"));
    }

    @Test
    void aSecretFileOthersMayReadOrOfTheWrongLengthIsRefused() throws IOException {
        Path secret = dir.resolve("blind-index.key");
        BlindIndex.open(secret);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));

        VaultException.KeyUnavailable open = assertThrows(VaultException.KeyUnavailable.class,
                () -> BlindIndex.open(secret));
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.write(secret, new byte[31]);
        VaultException.KeyUnavailable shortSecret = assertThrows(VaultException.KeyUnavailable.class,
                () -> BlindIndex.open(secret));

        assertTrue(open.getMessage().contains("chmod 600 " + secret), open.getMessage());
        assertEquals(secret + " is not a blind index secret (it has 31 bytes, not 32)", shortSecret.getMessage());
    }

    @Property(tries = 100)
    void anAddressIndexesAlikeInAnyCaseAndWithSpaceAround(@ForAll @AlphaChars @StringLength(min = 1, max = 20)
                                                          String local, @ForAll boolean upper) {
        BlindIndex index = BlindIndex.openExisting(sharedSecret());
        String email = local + "@example.com";
        String variant = " " + (upper ? email.toUpperCase(Locale.ROOT) : email.toLowerCase(Locale.ROOT)) + "  ";

        assertEquals(index.index(email), index.index(variant));
    }

    private static Path shared;

    private static synchronized Path sharedSecret() {
        if (shared == null) {
            try {
                shared = Files.createTempDirectory("blind-index").resolve("blind-index.key");
                BlindIndex.create(shared);
                shared.toFile().deleteOnExit();
                shared.getParent().toFile().deleteOnExit();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return shared;
    }
}
