package org.trustmall.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys on disk are standard (PKCS#8 and SubjectPublicKeyInfo PEM that the JDK reads), private ones are created
 * 0600 and refused when others could read them; and both Ed25519 verifiers accept exactly the signatures
 * {@link SigningKey} makes.
 */
class KeyFilesTest {
    private static final SigningKey SIGNER = SigningKey.generate();
    private static final SigningKey FOREIGN = SigningKey.generate();
    private static final List<SignatureVerifier> VERIFIERS = List.of(Signatures.bouncyCastle(), Signatures.jdk());

    @TempDir
    Path dir;

    @Test
    void aPrivateKeyFileIsCreatedReadableByItsOwnerOnlyInAnOwnerOnlyDirectory() throws IOException {
        Path file = dir.resolve("keys").resolve("acme.key");

        KeyFiles.writePrivate(file, SigningKey.generate());

        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(file.getParent()));
    }

    @Test
    void aPrivateKeyFileThatOthersCouldReadIsRefused() throws IOException {
        Path file = dir.resolve("acme.key");
        KeyFiles.writePrivate(file, SigningKey.generate());

        for (String perms : List.of("rw-r-----", "rw----r--", "rw-rw-rw-", "r--r--r--")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));

            KeyFiles.KeyFileException e = assertThrows(KeyFiles.KeyFileException.class,
                    () -> KeyFiles.readPrivate(file), perms);

            assertEquals(file, e.file());
            assertTrue(e.getMessage().contains("permissions " + perms + " are too open"), e.getMessage());
            assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
        }
    }

    @Test
    void aPrivateKeyRoundTripsThroughItsFile() {
        Path file = dir.resolve("acme.key");
        KeyFiles.writePrivate(file, SIGNER);

        SigningKey read = KeyFiles.readPrivate(file);

        byte[] message = "round trip".getBytes(StandardCharsets.UTF_8);
        assertEquals(SIGNER.publicKey(), read.publicKey());
        assertArrayEquals(SIGNER.sign(message), read.sign(message));
    }

    @Test
    void anExistingKeyFileIsNeverOverwritten() throws IOException {
        Path file = dir.resolve("acme.key");
        KeyFiles.writePrivate(file, SIGNER);
        byte[] before = Files.readAllBytes(file);

        KeyFiles.KeyFileException e = assertThrows(KeyFiles.KeyFileException.class,
                () -> KeyFiles.writePrivate(file, FOREIGN));

        assertTrue(e.getMessage().contains("refusing to overwrite"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void thePrivateKeyFileIsStandardPkcs8ThatTheJdkSignsWithAlike() throws Exception {
        Path file = dir.resolve("acme.key");
        KeyFiles.writePrivate(file, SIGNER);
        byte[] message = "the same bytes from both".getBytes(StandardCharsets.UTF_8);

        PrivateKey jdkKey = KeyFactory.getInstance("Ed25519")
                .generatePrivate(new PKCS8EncodedKeySpec(der(file, "PRIVATE KEY")));
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initSign(jdkKey);
        jdk.update(message);

        assertArrayEquals(SIGNER.sign(message), jdk.sign(), "Ed25519 signing is deterministic (RFC 8032)");
    }

    @Test
    void thePublicKeyFileIsStandardSubjectPublicKeyInfoThatTheJdkVerifiesWith() throws Exception {
        Path file = dir.resolve("acme.pub");
        KeyFiles.writePublic(file, SIGNER.publicKey());
        byte[] message = "checked by the JDK".getBytes(StandardCharsets.UTF_8);

        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(
                new X509EncodedKeySpec(der(file, "PUBLIC KEY"))));
        jdk.update(message);

        assertTrue(jdk.verify(SIGNER.sign(message)));
        assertEquals(SIGNER.publicKey(), KeyFiles.readPublic(file));
        assertEquals(SIGNER.publicKey(), KeyFiles.parsePublicPem(file, KeyFiles.publicPem(SIGNER.publicKey())));
    }

    @Test
    void aFileThatIsNotAnEd25519PrivateKeyIsRefusedNamingTheFile() throws IOException {
        Path notPem = dir.resolve("garbage.key");
        Files.writeString(notPem, "hello");
        Files.setPosixFilePermissions(notPem, PosixFilePermissions.fromString("rw-------"));
        Path publicAsPrivate = dir.resolve("public.key");
        Files.writeString(publicAsPrivate, KeyFiles.publicPem(SIGNER.publicKey()).replace("PUBLIC", "PRIVATE"));
        Files.setPosixFilePermissions(publicAsPrivate, PosixFilePermissions.fromString("rw-------"));

        KeyFiles.KeyFileException noBlock = assertThrows(KeyFiles.KeyFileException.class,
                () -> KeyFiles.readPrivate(notPem));
        KeyFiles.KeyFileException wrongKind = assertThrows(KeyFiles.KeyFileException.class,
                () -> KeyFiles.readPrivate(publicAsPrivate));

        assertEquals(notPem + ": no '-----BEGIN PRIVATE KEY-----' block", noBlock.getMessage());
        assertEquals(publicAsPrivate + ": not an Ed25519 PKCS#8 private key", wrongKind.getMessage());
    }

    @Property(tries = 40)
    void bothVerifiersAcceptTheSignatureAndRejectAnyAlteration(@ForAll @Size(max = 300) byte[] message,
                                                                @ForAll @IntRange(min = 0, max = 511) int bit) {
        byte[] signature = SIGNER.sign(message);
        byte[] otherMessage = message.length == 0 ? new byte[] {0} : flipBit(message, bit % (message.length * 8));
        byte[] otherSignature = flipBit(signature, bit);

        for (SignatureVerifier v : VERIFIERS) {
            assertTrue(v.verify(SIGNER.publicKey(), message, signature), v.name());
            assertFalse(v.verify(SIGNER.publicKey(), otherMessage, signature), v.name() + ": modified message");
            assertFalse(v.verify(SIGNER.publicKey(), message, otherSignature), v.name() + ": modified signature");
            assertFalse(v.verify(FOREIGN.publicKey(), message, signature), v.name() + ": foreign key");
            assertFalse(v.verify(SIGNER.publicKey(), message, Arrays.copyOf(signature, 63)), v.name() + ": short");
        }
    }

    private static byte[] flipBit(byte[] b, int bit) {
        byte[] out = b.clone();
        out[bit / 8] ^= (byte) (1 << (bit % 8));
        return out;
    }

    /** The DER inside a PEM file, read with nothing but the JDK. */
    private static byte[] der(Path file, String type) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        if (!pem.startsWith(begin) || !pem.strip().endsWith(end)) {
            throw new GeneralSecurityException(file + " is not a " + type + " PEM file");
        }
        return Base64.getMimeDecoder().decode(pem.substring(begin.length(), pem.indexOf(end)));
    }
}
