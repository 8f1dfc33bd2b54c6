package org.trustmall.assistant;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the order number a customer mentions ("order 1234", "order #1234", "订单1234", "1234号订单", or a lone
 * number). The number is only a hint of which of the signed-in person's orders they mean: the order is always read
 * through the commerce services with the person's session, so naming somebody else's order finds nothing.
 */
public final class OrderNumbers {
    private static final Pattern NAMED = Pattern.compile(
            "(?iu)(?:order|ord\\.?|订单|單|单)\\s*(?:no\\.?|number|num|id|号|號|编号)?\\s*[:：#＃]?\\s*(\\d{1,18})");
    private static final Pattern SUFFIXED = Pattern.compile("(\\d{1,18})\\s*号?\\s*(?:订单|單|单)");
    private static final Pattern HASHED = Pattern.compile("[#＃]\\s*(\\d{1,18})");
    /**
     * A number on its own, of up to 10 digits: not part of a word or a house number ("221B"), a phone number (longer,
     * or with + and -), an amount (with a decimal point or a currency), a quantity or a duration.
     */
    private static final Pattern LONE = Pattern.compile("(?<![\\p{L}\\d.,+\\-@/])(\\d{1,10})(?![\\p{L}\\d.,\\-@/]"
            + "|\\s*(?:%|元|件|个|天|days?|items?|pcs|eur|usd|cny))", Pattern.CASE_INSENSITIVE);

    private OrderNumbers() {
    }

    /** The order number in {@code text}, if it names one. */
    public static OptionalLong find(String text) {
        for (Pattern p : new Pattern[] {NAMED, SUFFIXED, HASHED}) {
            Matcher m = p.matcher(text);
            if (m.find()) {
                return parse(m.group(1));
            }
        }
        Matcher m = LONE.matcher(text);
        OptionalLong only = OptionalLong.empty();
        while (m.find()) {
            if (only.isPresent()) {
                return OptionalLong.empty();
            }
            only = parse(m.group(1));
        }
        return only;
    }

    private static OptionalLong parse(String digits) {
        try {
            long n = Long.parseLong(digits);
            return n > 0 ? OptionalLong.of(n) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
