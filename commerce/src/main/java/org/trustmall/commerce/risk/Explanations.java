package org.trustmall.commerce.risk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.trustmall.ai.risk.RiskFeatures;

/** Each risk feature in plain words, and the largest contributions to a score. Pure. */
final class Explanations {
    static final int TOP = 5;

    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("amount_log1p", "the order's amount (%s yuan)"),
            Map.entry("amount_z_buyer", "how far the amount is from your usual orders (%s standard deviations)"),
            Map.entry("amount_z_category", "how far the amount is from recent orders in its category (%s standard "
                    + "deviations)"),
            Map.entry("orders_1h", "orders placed in the hour before (%s)"),
            Map.entry("orders_24h", "orders placed in the 24 hours before (%s)"),
            Map.entry("orders_7d", "orders placed in the 7 days before (%s)"),
            Map.entry("amount_24h_log1p", "what was spent in the 24 hours before (%s yuan)"),
            Map.entry("amount_7d_log1p", "what was spent in the 7 days before (%s yuan)"),
            Map.entry("account_age_days", "the account's age (%s days)"),
            Map.entry("prior_orders", "earlier orders on the account (%s)"),
            Map.entry("first_order", "whether this is the account's first order (%s)"),
            Map.entry("hours_since_last_order", "time since the previous order (%s hours)"),
            Map.entry("failed_payments_24h", "declined payments in the 24 hours before (%s)"),
            Map.entry("failed_payments_7d", "declined payments in the 7 days before (%s)"),
            Map.entry("new_shipping_address", "a shipping address not used on the account before (%s)"),
            Map.entry("new_device", "a device not used on the account before (%s)"),
            Map.entry("new_ip", "a network address not used on the account before (%s)"),
            Map.entry("new_card", "a card not used on the account before (%s)"),
            Map.entry("new_category", "a category not bought on the account before (%s)"),
            Map.entry("address_other_accounts_30d", "other accounts shipping to the same address in 30 days (%s)"),
            Map.entry("device_other_accounts_30d", "other accounts using the same device in 30 days (%s)"),
            Map.entry("ip_other_accounts_30d", "other accounts using the same network address in 30 days (%s)"),
            Map.entry("card_other_accounts_30d", "other accounts paying with the same card in 30 days (%s)"),
            Map.entry("coupon_used", "whether the order uses a coupon (%s)"),
            Map.entry("coupons_used_30d", "coupons used in the 30 days before (%s)"),
            Map.entry("chargebacks_reported", "chargebacks reported on the account's earlier orders (%s)"));

    private Explanations() {
    }

    /** The {@value #TOP} contributions largest in size, largest first. */
    static List<RiskService.Contribution> top(double[] features, double[] contributions) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < contributions.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -Math.abs(contributions[i])).thenComparing(i -> i));
        List<RiskService.Contribution> out = new ArrayList<>();
        for (int i : order.subList(0, Math.min(TOP, order.size()))) {
            if (contributions[i] == 0) {
                break;
            }
            String name = RiskFeatures.NAMES.get(i);
            out.add(new RiskService.Contribution(name, features[i], contributions[i], sentence(name, features[i],
                    contributions[i])));
        }
        return out;
    }

    static String sentence(String feature, double value, double contribution) {
        String what = WORDS.getOrDefault(feature, feature + " (%s)").formatted(shown(feature, value));
        String effect = contribution > 0 ? "raised" : "lowered";
        return Character.toUpperCase(what.charAt(0)) + what.substring(1) + " " + effect + " the risk score.";
    }

    private static String shown(String feature, double value) {
        double v = feature.endsWith("_log1p") ? Math.expm1(value) : value;
        if (feature.startsWith("new_") || feature.equals("first_order") || feature.equals("coupon_used")) {
            return v != 0 ? "yes" : "no";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.1f", v);
    }

    static String summary(double score, double threshold, String outcome, boolean holds) {
        String s = String.format(Locale.ROOT, "Our automated fraud check gave this order a risk score of %.0f out of "
                + "100; orders scoring %.0f or more are held until a person checks them. ", score * 100,
                threshold * 100);
        if (outcome.equals("hold")) {
            return s + (holds ? "This order was held: the payment stays in escrow until a reviewer decides."
                    : "This order was held and has since been reviewed by a person.");
        }
        return s + "This order passed. You may ask for a person to review the decision.";
    }

    /** The summary of a decision the validators' re-execution votes flagged, not yet reviewed. */
    static String flaggedSummary(double score, double threshold, RiskService.Validation v) {
        return String.format(Locale.ROOT, "Our automated fraud check gave this order a risk score of %.0f out of "
                + "100. Validators from %d other organisations re-checked that decision; %d of them agreed with it, "
                + "fewer than the %d/%d required, so this order is held: the payment stays in escrow until a "
                + "reviewer decides.", score * 100, v.validators(), v.agree(), v.agreementNum(), v.agreementDen());
    }
}
