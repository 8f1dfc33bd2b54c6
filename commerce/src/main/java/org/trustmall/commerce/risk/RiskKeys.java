package org.trustmall.commerce.risk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The opaque keys the risk features compare addresses, devices, IPs and cards by: HMAC-SHA256 under the platform's
 * {@code risk-keys} secret of the kind and the normalised value, in hex. Equal values give equal keys, so reuse across
 * accounts shows; without the secret a key cannot be tested against guesses (a card number has few enough digits to
 * enumerate, which is why a plain hash would not do). The values themselves are never stored. A value the platform
 * does not have (an IP or device the request did not carry) becomes a key of its own per account, so that it never
 * looks shared. Thread-safe.
 */
public final class RiskKeys {
    private final SecretKeySpec key;

    public RiskKeys(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** The shipping address's key: street lines, city, region, postcode and country; not the name or phone. */
    public String address(Map<String, String> fields) {
        StringBuilder s = new StringBuilder();
        for (String f : new String[] {"line1", "line2", "city", "region", "postcode", "country"}) {
            s.append(normalise(fields.getOrDefault(f, ""))).append('\n');
        }
        return mac("address", s.toString());
    }

    /** The card's key, from its digits. */
    public String card(String cardNumber) {
        return mac("card", cardNumber.replaceAll("[^0-9]", ""));
    }

    /** The client IP's key, or an account's own placeholder when unknown. */
    public String ip(String ip, long accountId) {
        return ip == null || ip.isBlank() ? unknown("ip", accountId) : mac("ip", ip.strip().toLowerCase(Locale.ROOT));
    }

    /** The device's key (from the client's device hint), or an account's own placeholder when unknown. */
    public String device(String hint, long accountId) {
        return hint == null || hint.isBlank() ? unknown("device", accountId) : mac("device", normalise(hint));
    }

    private String unknown(String kind, long accountId) {
        return mac(kind + "-unknown", Long.toString(accountId));
    }

    /** NFKC, lower case, runs of white space and punctuation as one space, trimmed. */
    static String normalise(String value) {
        String n = Normalizer.normalize(value, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return n.replaceAll("[\\p{Punct}\\s]+", " ").strip();
    }

    private String mac(String kind, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(kind.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
