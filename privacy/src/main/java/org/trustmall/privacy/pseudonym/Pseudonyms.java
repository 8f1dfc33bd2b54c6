package org.trustmall.privacy.pseudonym;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.trustmall.privacy.PrivacyException;

/**
 * Stable pseudonyms for exports: {@code pseudonym("analytics", "account:42")} is the first 160 bits of
 * HMAC-SHA256(secret, "trustmall/pseudonym/v1" ‖ 0 ‖ purpose ‖ 0 ‖ subject), in lower-case RFC 4648 base32 (32
 * characters). The same subject gets the same pseudonym for the same purpose every time, so rows of one person can
 * be joined within an export and across exports; a different purpose gives an unrelated pseudonym, so two data sets
 * made for different purposes cannot be joined on it. Without the 32-byte secret nobody can compute a pseudonym from
 * an id or tell which id a pseudonym stands for (HMAC is a pseudo-random function) — guessing ids and checking is
 * exactly what the secret prevents. Destroying the secret unlinks every pseudonym made with it.
 *
 * <p>Pseudonymised data is still personal data (GDPR recital 26): whoever holds the secret can re-link it. Thread-safe.
 */
public final class Pseudonyms {
    public static final int KEY_LENGTH = 32;
    private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final int MAX_SUBJECT_BYTES = 1024;
    private static final int PSEUDONYM_BYTES = 20;
    private static final byte[] DOMAIN = "trustmall/pseudonym/v1".getBytes(StandardCharsets.US_ASCII);
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final SecretKeySpec key;

    /** Pseudonyms under {@code secret} (32 bytes; copied, so the caller may wipe its array). */
    public Pseudonyms(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length != KEY_LENGTH) {
            throw new IllegalArgumentException("a pseudonym secret has " + KEY_LENGTH + " bytes, got "
                    + secret.length);
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /**
     * The pseudonym of {@code subject} (non-empty, at most 1024 bytes of UTF-8; e.g. {@code account:42}) for
     * {@code purpose} (a label: a lower-case letter, then up to 31 lower-case letters, digits or hyphens).
     */
    public String pseudonym(String purpose, String subject) {
        if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("a pseudonym purpose is a label like 'analytics' ([a-z][a-z0-9-]{0,31})");
        }
        byte[] subjectBytes = utf8(subject);
        ByteArrayOutputStream message = new ByteArrayOutputStream(DOMAIN.length + purpose.length() + subjectBytes.length
                + 2);
        message.writeBytes(DOMAIN);
        message.write(0);
        message.writeBytes(purpose.getBytes(StandardCharsets.US_ASCII));
        // The purpose cannot contain a 0 byte, so the first 0 after it ends it: no two (purpose, subject) pairs share
        // a message.
        message.write(0);
        message.writeBytes(subjectBytes);
        byte[] tag = mac(message.toByteArray());
        return base32(Arrays.copyOf(tag, PSEUDONYM_BYTES));
    }

    private static byte[] utf8(String subject) {
        if (subject == null || subject.isEmpty()) {
            throw new IllegalArgumentException("a pseudonym's subject must not be empty");
        }
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(java.nio.CharBuffer.wrap(subject));
            if (b.remaining() > MAX_SUBJECT_BYTES) {
                throw new IllegalArgumentException("a pseudonym's subject has at most " + MAX_SUBJECT_BYTES
                        + " bytes of UTF-8");
            }
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a pseudonym's subject must be valid Unicode (no lone surrogates)");
        }
    }

    private byte[] mac(byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new PrivacyException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** RFC 4648 base32, lower case, for a length that is a multiple of 5 bytes (so no padding). */
    static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 8 / 5);
        for (int i = 0; i < bytes.length; i += 5) {
            long group = 0;
            for (int j = 0; j < 5; j++) {
                group = (group << 8) | (bytes[i + j] & 0xff);
            }
            for (int shift = 35; shift >= 0; shift -= 5) {
                out.append(BASE32[(int) (group >>> shift) & 31]);
            }
        }
        return out.toString();
    }
}
