package org.trustmall.ai.risk;

import java.time.Instant;
import java.util.Objects;

/**
 * An order being placed, as the risk features see it: who, when, how much, what, and opaque keys for where it ships,
 * from which device and IP, and with which card. The keys are whatever the caller chooses (at checkout: keyed hashes
 * of the normalised address, device fingerprint, IP and card token); the features only ever compare them for
 * equality, and none of them reaches the feature vector.
 *
 * @param orderId    the order's id (not a feature; for joining results back)
 * @param account    the buyer's account id
 * @param at         when the order is placed
 * @param amount     the order total in CNY, positive
 * @param category   the order's main category
 * @param addressKey the shipping address's key
 * @param deviceKey  the device's key
 * @param ipKey      the IP's key
 * @param cardKey    the payment card's key
 * @param couponUsed whether a coupon is applied
 */
public record OrderAttempt(String orderId, String account, Instant at, double amount, String category,
                           String addressKey, String deviceKey, String ipKey, String cardKey, boolean couponUsed) {
    public OrderAttempt {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(addressKey, "addressKey");
        Objects.requireNonNull(deviceKey, "deviceKey");
        Objects.requireNonNull(ipKey, "ipKey");
        Objects.requireNonNull(cardKey, "cardKey");
        if (!(amount > 0) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException("order " + orderId + ": amount must be positive, was " + amount);
        }
    }

    /** The key of the given kind of link. */
    public String key(RiskHistory.Link link) {
        return switch (link) {
            case ADDRESS -> addressKey;
            case DEVICE -> deviceKey;
            case IP -> ipKey;
            case CARD -> cardKey;
        };
    }
}
