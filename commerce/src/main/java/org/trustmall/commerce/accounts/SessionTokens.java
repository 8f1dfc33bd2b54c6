package org.trustmall.commerce.accounts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Session tokens {@code <sessionId>.<base64url HMAC-SHA256(key, sessionId|accountId|expiry ms)>}: the id names a
 * server-side row (so a session can be revoked), the MAC binds it to its account and expiry with a key only this
 * server holds (so an id guessed or read from a log is not enough). The same key also turns client addresses into
 * opaque throttling keys, so no address is stored. Thread-safe.
 */
final class SessionTokens {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    SessionTokens(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** A new random session id: 16 bytes, base64url (22 characters). */
    String newSessionId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return B64URL.encodeToString(id);
    }

    /** A new random one-time secret (32 bytes, base64url), e.g. a password-reset token. */
    String newSecret() {
        byte[] s = new byte[32];
        random.nextBytes(s);
        return B64URL.encodeToString(s);
    }

    String token(String sessionId, long accountId, Instant expiresAt) {
        return sessionId + "." + mac(sessionId, accountId, expiresAt);
    }

    /** The session id a well-formed token names, or null. */
    static String sessionIdOf(String token) {
        if (token == null || token.length() > 200) {
            return null;
        }
        int dot = token.indexOf('.');
        if (dot != 22 || token.indexOf('.', dot + 1) >= 0) {
            return null;
        }
        String id = token.substring(0, dot);
        return id.matches("[A-Za-z0-9_-]{22}") ? id : null;
    }

    /** Whether the token's MAC is the one for this row's account and expiry; constant-time. */
    boolean valid(String token, long accountId, Instant expiresAt) {
        String id = sessionIdOf(token);
        if (id == null) {
            return false;
        }
        byte[] expected = token(id, accountId, expiresAt).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.US_ASCII));
    }

    /** An opaque, stable key for a client address (or an email), for throttling without keeping the address. */
    String opaqueKey(String kind, String value) {
        return HexFormat.of().formatHex(hmac(kind + ":" + value));
    }

    private String mac(String sessionId, long accountId, Instant expiresAt) {
        return B64URL.encodeToString(hmac(sessionId + "|" + accountId + "|" + expiresAt.toEpochMilli()));
    }

    private byte[] hmac(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
