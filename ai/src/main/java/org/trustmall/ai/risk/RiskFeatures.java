package org.trustmall.ai.risk;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The risk features of an order attempt, computed by this one code path from a {@link RiskHistory}: offline over the
 * generator's history for training, online over commerce's tables at checkout, so the two cannot drift apart.
 *
 * <p>The vector holds counts, ratios, ages, flags, log-amounts and z-scores only: no key, id, address or other personal
 * data, because a commitment of it goes on chain and a validator receives it. Names and order are fixed for a
 * {@link #VERSION}; a change of meaning, order or count is a new version, and a model records the version it was
 * trained on ({@link RiskModel#featureVersion()}).
 *
 * <p>Stateless and thread-safe.
 */
public final class RiskFeatures {
    /** The version of the names, order and meaning below. */
    public static final String VERSION = "risk-features-v1";

    /** Window for reuse of addresses, devices, IPs and cards across accounts. */
    public static final Duration REUSE_WINDOW = Duration.ofDays(30);

    /** Window for the category's amount statistics. */
    public static final Duration CATEGORY_WINDOW = Duration.ofDays(90);

    /** Cap for {@code hours_since_last_order} (also its value for a first order): one year. */
    public static final double NO_LAST_ORDER_HOURS = 24 * 365;

    /** The features, in vector order. */
    public static final List<String> NAMES = List.of(
            "amount_log1p",               // 0  ln(1 + amount)
            "amount_z_buyer",             // 1  z-score against the buyer's own paid orders
            "amount_z_category",          // 2  z-score against the category's last 90 days
            "orders_1h",                  // 3  the buyer's attempts in the last hour
            "orders_24h",                 // 4  … last 24 hours
            "orders_7d",                  // 5  … last 7 days
            "amount_24h_log1p",           // 6  ln(1 + total of the buyer's attempts in the last 24 hours)
            "amount_7d_log1p",            // 7  … last 7 days
            "account_age_days",           // 8  days since the account was opened
            "prior_orders",               // 9  the buyer's attempts before this one
            "first_order",                // 10 1 when there are none
            "hours_since_last_order",     // 11 capped at a year; a year for a first order
            "failed_payments_24h",        // 12 the buyer's declined attempts in the last 24 hours
            "failed_payments_7d",         // 13 … last 7 days
            "new_shipping_address",       // 14 1 when the buyer has ordered before, never to this address
            "new_device",                 // 15 … never from this device
            "new_ip",                     // 16 … never from this IP
            "new_card",                   // 17 … never with this card
            "new_category",               // 18 … never in this category
            "address_other_accounts_30d", // 19 other accounts that used this address in the last 30 days
            "device_other_accounts_30d",  // 20 … this device
            "ip_other_accounts_30d",      // 21 … this IP
            "card_other_accounts_30d",    // 22 … this card
            "coupon_used",                // 23 1 when this order uses a coupon
            "coupons_used_30d",           // 24 the buyer's coupon uses in the last 30 days
            "chargebacks_reported");      // 25 chargebacks on the buyer's orders reported so far

    /** The number of features. */
    public static final int COUNT = NAMES.size();

    private static final RiskHistory.Link[] LINKS = RiskHistory.Link.values();

    private RiskFeatures() {
    }

    /** The feature vector of {@code order} given what {@code history} knew before it. */
    public static double[] compute(OrderAttempt order, RiskHistory history) {
        Instant now = order.at();
        List<PastOrder> past = history.ordersBefore(order.account(), now);
        double[] x = new double[COUNT];
        x[0] = Math.log1p(order.amount());

        int paid = 0;
        for (PastOrder p : past) {
            if (!p.paymentFailed()) {
                paid++;
            }
        }
        double[] paidAmounts = new double[paid];
        int i = 0;
        for (PastOrder p : past) {
            if (!p.paymentFailed()) {
                paidAmounts[i++] = p.attempt().amount();
            }
        }
        x[1] = AmountStats.of(paidAmounts).zScore(order.amount());
        x[2] = history.categoryAmounts(order.category(), now.minus(CATEGORY_WINDOW), now).zScore(order.amount());

        Instant hour = now.minus(Duration.ofHours(1));
        Instant day = now.minus(Duration.ofDays(1));
        Instant week = now.minus(Duration.ofDays(7));
        Instant month = now.minus(REUSE_WINDOW);
        double amountDay = 0;
        double amountWeek = 0;
        int coupons30 = 0;
        int chargebacks = 0;
        Set<String> addresses = new HashSet<>();
        Set<String> devices = new HashSet<>();
        Set<String> ips = new HashSet<>();
        Set<String> cards = new HashSet<>();
        Set<String> categories = new HashSet<>();
        Instant last = null;
        for (PastOrder p : past) {
            OrderAttempt a = p.attempt();
            Instant at = a.at();
            if (!at.isBefore(hour)) {
                x[3]++;
            }
            if (!at.isBefore(day)) {
                x[4]++;
                amountDay += a.amount();
                if (p.paymentFailed()) {
                    x[12]++;
                }
            }
            if (!at.isBefore(week)) {
                x[5]++;
                amountWeek += a.amount();
                if (p.paymentFailed()) {
                    x[13]++;
                }
            }
            if (a.couponUsed() && !at.isBefore(month)) {
                coupons30++;
            }
            if (p.chargebackReportedAt() != null && p.chargebackReportedAt().isBefore(now)) {
                chargebacks++;
            }
            addresses.add(a.addressKey());
            devices.add(a.deviceKey());
            ips.add(a.ipKey());
            cards.add(a.cardKey());
            categories.add(a.category());
            if (last == null || at.isAfter(last)) {
                last = at;
            }
        }
        x[6] = Math.log1p(amountDay);
        x[7] = Math.log1p(amountWeek);
        x[8] = history.accountOpened(order.account())
                .map(opened -> Math.max(0, Duration.between(opened, now).toSeconds() / 86_400.0))
                .orElse(0.0);
        x[9] = past.size();
        boolean first = past.isEmpty();
        x[10] = first ? 1 : 0;
        x[11] = last == null ? NO_LAST_ORDER_HOURS
                : Math.min(NO_LAST_ORDER_HOURS, Duration.between(last, now).toSeconds() / 3600.0);
        x[14] = !first && !addresses.contains(order.addressKey()) ? 1 : 0;
        x[15] = !first && !devices.contains(order.deviceKey()) ? 1 : 0;
        x[16] = !first && !ips.contains(order.ipKey()) ? 1 : 0;
        x[17] = !first && !cards.contains(order.cardKey()) ? 1 : 0;
        x[18] = !first && !categories.contains(order.category()) ? 1 : 0;
        for (int k = 0; k < LINKS.length; k++) {
            x[19 + k] = history.otherAccounts(LINKS[k], order.key(LINKS[k]), order.account(), month, now);
        }
        x[23] = order.couponUsed() ? 1 : 0;
        x[24] = coupons30;
        x[25] = chargebacks;
        return x;
    }

    /** The index of a feature by name. */
    public static int index(String name) {
        int i = NAMES.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no risk feature named '" + name + "' in " + VERSION);
        }
        return i;
    }

    /**
     * The canonical bytes of a feature vector, which a commitment is taken over: the version (UTF-8, length-prefixed),
     * the count, then each value as a big-endian IEEE 754 double (-0.0 written as 0.0, so equal vectors give equal
     * bytes).
     */
    public static byte[] canonicalBytes(double[] features) {
        check(features);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 8 * features.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            byte[] version = VERSION.getBytes(StandardCharsets.UTF_8);
            out.writeInt(version.length);
            out.write(version);
            out.writeInt(features.length);
            for (double v : features) {
                out.writeDouble(v == 0 ? 0.0 : v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Fails unless {@code features} is a vector of this version: {@link #COUNT} finite values. */
    public static void check(double[] features) {
        if (features.length != COUNT) {
            throw new IllegalArgumentException(VERSION + " has " + COUNT + " features, the vector has "
                    + features.length);
        }
        for (int i = 0; i < features.length; i++) {
            if (!Double.isFinite(features[i])) {
                throw new IllegalArgumentException(VERSION + " feature " + NAMES.get(i) + " is not finite: "
                        + features[i]);
            }
        }
    }
}
