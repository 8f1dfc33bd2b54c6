package org.trustmall.commerce.disputes;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The grounds of a dispute as the ledger holds them: SHA-256 of a random 32-byte salt and the claim, so that the
 * claim can later be shown to be the one the dispute was opened with, while the ledger reveals nothing of it (the
 * salt stops guessing short reasons). Canonical encoding: salt ‖ u32(1 + items) ‖ for the reason and each evidence
 * item in order: u32(UTF-8 length) ‖ UTF-8 bytes; u32 big-endian. Pure.
 */
public final class Grounds {
    public static final int SALT_BYTES = 32;

    private Grounds() {
    }

    public static byte[] of(byte[] salt, String reason, List<String> evidence) {
        if (salt.length != SALT_BYTES) {
            throw new IllegalArgumentException("the salt has " + SALT_BYTES + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(salt);
        out.writeBytes(u32(1 + evidence.size()));
        item(out, reason);
        evidence.forEach(e -> item(out, e));
        try {
            return MessageDigest.getInstance("SHA-256").digest(out.toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void item(ByteArrayOutputStream out, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(u32(b.length));
        out.writeBytes(b);
    }

    private static byte[] u32(int n) {
        return ByteBuffer.allocate(4).putInt(n).array();
    }
}
