package org.trustmall.ledger.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.trustmall.ledger.LedgerException;

/**
 * Ed25519 keys as files in the standard PEM forms ({@code openssl pkey} reads them): the private key as PKCS#8
 * ("PRIVATE KEY"), created with permissions 0600 in a single step so it is never readable by others, and the
 * public key as SubjectPublicKeyInfo ("PUBLIC KEY").
 */
public final class KeyFiles {
    // DER prefixes fixed by RFC 8410 for Ed25519 (OID 1.3.101.112); the 32 raw key bytes follow.
    private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");
    private static final byte[] SPKI_PREFIX = hex("302a300506032b6570032100");

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private KeyFiles() {
    }

    /** Writes a new private key file (0600); refuses to overwrite an existing one. */
    public static void writePrivate(Path file, SigningKey key) {
        byte[] seed = key.seed();
        byte[] der = concat(PKCS8_PREFIX, seed);
        Arrays.fill(seed, (byte) 0);
        byte[] pem = pem("PRIVATE KEY", der);
        Arrays.fill(der, (byte) 0);
        try {
            createPrivateDirectories(file.toAbsolutePath().getParent());
            FileAttribute<?>[] attrs = posix(file) ? new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)} : new FileAttribute<?>[0];
            Files.write(Files.createFile(file, attrs), pem, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (FileAlreadyExistsException e) {
            throw new KeyFileException(file, "a key file already exists there; refusing to overwrite it");
        } catch (IOException e) {
            throw new KeyFileException(file, "cannot write: " + e.getMessage());
        } finally {
            Arrays.fill(pem, (byte) 0);
        }
    }

    public static void writePublic(Path file, PublicKey key) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.write(file, pem("PUBLIC KEY", concat(SPKI_PREFIX, key.bytes())));
        } catch (IOException e) {
            throw new KeyFileException(file, "cannot write: " + e.getMessage());
        }
    }

    /** Reads a private key file; refuses one that others can read, as ssh does. */
    public static SigningKey readPrivate(Path file) {
        try {
            if (posix(file)) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (perms.stream().anyMatch(p -> !OWNER_ONLY_FILE.contains(p))) {
                    throw new KeyFileException(file, "permissions " + PosixFilePermissions.toString(perms)
                            + " are too open; a private key must be 0600 (chmod 600 " + file + ")");
                }
            }
            byte[] der = unpem(file, Files.readString(file, StandardCharsets.US_ASCII), "PRIVATE KEY");
            if (der.length != PKCS8_PREFIX.length + SigningKey.SEED_LENGTH
                    || !Arrays.equals(der, 0, PKCS8_PREFIX.length, PKCS8_PREFIX, 0, PKCS8_PREFIX.length)) {
                throw new KeyFileException(file, "not an Ed25519 PKCS#8 private key");
            }
            byte[] seed = Arrays.copyOfRange(der, PKCS8_PREFIX.length, der.length);
            Arrays.fill(der, (byte) 0);
            SigningKey key = SigningKey.fromSeed(seed);
            Arrays.fill(seed, (byte) 0);
            return key;
        } catch (IOException e) {
            throw new KeyFileException(file, "cannot read: " + e.getMessage());
        }
    }

    public static PublicKey readPublic(Path file) {
        try {
            return parsePublicPem(file, Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new KeyFileException(file, "cannot read: " + e.getMessage());
        }
    }

    /** Parses a "PUBLIC KEY" PEM block; {@code source} names where it came from in error messages. */
    public static PublicKey parsePublicPem(Path source, String pem) {
        byte[] der = unpem(source, pem, "PUBLIC KEY");
        if (der.length != SPKI_PREFIX.length + PublicKey.LENGTH
                || !Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new KeyFileException(source, "not an Ed25519 public key");
        }
        return PublicKey.of(der, SPKI_PREFIX.length);
    }

    public static String publicPem(PublicKey key) {
        return new String(pem("PUBLIC KEY", concat(SPKI_PREFIX, key.bytes())), StandardCharsets.US_ASCII);
    }

    /** Creates missing directories with 0700, so private key folders are never world-listable. */
    public static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent);
        }
        if (posix(parent == null ? dir : parent)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        } else {
            Files.createDirectory(dir);
        }
    }

    private static boolean posix(Path path) {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] unpem(Path file, String text, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new KeyFileException(file, "no '" + begin + "' block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e).strip());
        } catch (IllegalArgumentException ex) {
            throw new KeyFileException(file, "the PEM body is not valid base64");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }

    /** A key file that is missing, malformed or unsafe; names the file. */
    public static final class KeyFileException extends LedgerException {
        private final transient Path file;

        public KeyFileException(Path file, String problem) {
            super(file + ": " + problem);
            this.file = file;
        }

        public Path file() {
            return file;
        }
    }
}
