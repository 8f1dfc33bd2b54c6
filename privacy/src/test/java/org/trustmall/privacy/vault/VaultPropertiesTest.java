package org.trustmall.privacy.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Sealing round-trips any text and any bytes, for any subject and context, and binds both. */
class VaultPropertiesTest {
    private static Path dir;
    private static Vault vault;

    @BeforeContainer
    static void openVault() throws IOException {
        dir = Files.createTempDirectory("vault-properties");
        vault = Vault.open(dir.resolve("vault"));
    }

    @AfterContainer
    static void closeVault() throws IOException {
        vault.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property(tries = 200)
    void anyTextRoundTripsInItsTextForm(@ForAll("subjects") String subject, @ForAll("text") String context,
                                        @ForAll("text") String plaintext) {
        String sealed = vault.sealText(subject, context, plaintext);

        assertEquals(plaintext, vault.openText(subject, context, sealed));
        assertTrue(sealed.matches("v1:[A-Za-z0-9_-]*"), sealed);
        int n = plaintext.getBytes(StandardCharsets.UTF_8).length;
        assertEquals(3 + (4 * (n + 33) + 2) / 3, sealed.length(), "the documented length");
    }

    @Property(tries = 200)
    void anyBytesRoundTripAndOpenOnlyInTheirOwnContext(@ForAll("subjects") String subject,
                                                       @ForAll("text") String context,
                                                       @ForAll @Size(max = 2000) byte[] plaintext) {
        byte[] sealed = vault.seal(subject, context, plaintext);

        assertArrayEquals(plaintext, vault.open(subject, context, sealed));
        assertEquals(plaintext.length + 33, sealed.length);
        assertThrows(VaultException.CiphertextRejected.class, () -> vault.open(subject, context + "x", sealed));
    }

    @Provide
    Arbitrary<String> subjects() {
        return Arbitraries.oneOf(
                Arbitraries.longs().greaterOrEqual(0).map(id -> "account:" + id),
                text().filter(s -> !s.isEmpty()));
    }

    /** Well-formed Unicode of every kind: ASCII, Chinese, astral-plane characters, controls, the empty string. */
    @Provide
    Arbitrary<String> text() {
        Arbitrary<String> chinese = Arbitraries.strings().withCharRange('\u4e00', '\u9fff').ofMaxLength(40);
        Arbitrary<String> anyCodePoints = Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                .list().ofMaxSize(40)
                .map(cps -> cps.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint,
                        StringBuilder::append).toString());
        return Arbitraries.oneOf(chinese, anyCodePoints, Arbitraries.strings().ascii().ofMaxLength(60));
    }
}
