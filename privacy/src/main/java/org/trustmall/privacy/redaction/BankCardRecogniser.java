package org.trustmall.privacy.redaction;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment card numbers: 12 to 19 digits, together or in groups of four (4-6-5 for American Express) separated by
 * spaces or dashes, that pass the Luhn check and start with a prefix some card network issues (see
 * {@link #plausibleIssuer}).
 *
 * <p>The tradeoff: any 12–19 digit number that starts like a card and passes Luhn is redacted, so one order
 * number in ten of that shape is redacted too. We accept that: an order number hidden from an external model costs
 * little, a card number sent to one costs a lot. Two things keep look-alikes out: the issuer prefix (order numbers
 * that begin with a year, {@code 2026…}, are no card) and eighteen-digit numbers shaped like a resident ID (a real
 * region code and a birth year where an ID has them), which are an ID, perhaps mistyped, not a card.
 */
final class BankCardRecogniser implements Recogniser {
    private static final Pattern CARD = Pattern.compile(DIGIT_BEFORE + "(?:\\d{12,19}"
            + "|\\d{4}([ \\-])\\d{4}(?:\\1\\d{4}){1,2}(?:\\1\\d{1,4})?"
            + "|\\d{4}([ \\-])\\d{6}\\2\\d{5})" + AFTER);

    @Override
    public void find(String text, List<Span> out) {
        Matcher m = CARD.matcher(text);
        int from = 0;
        while (from < text.length() && m.find(from)) {
            Span card = card(text, m.start(), m.end());
            if (card != null) {
                out.add(card);
                from = m.end();
            } else {
                // The groups of a rejected number belong to it: "4111 6011 1234 5678" holds no 12-digit card.
                from = m.end();
            }
        }
    }

    /**
     * The card in a match, or null. A grouped match may carry a group of someone else's at either end: a year after
     * it ({@code 4111 1111 1111 1111 2026}) or a number before it ({@code 2026 4111 1111 1111 1111}). Only a whole
     * group of four is let go, and only when four full groups are left: twenty digits are no card, while a shorter
     * last group belongs to the card's own shape (17-19 digits), and a twelve-digit stub passes Luhn one time in ten.
     */
    private static Span card(String text, int start, int end) {
        if (isCard(digitsOf(text, start, end))) {
            return new Span(EntityType.BANK_CARD, start, end);
        }
        String match = text.substring(start, end);
        if (match.length() != 24 || match.charAt(4) != ' ') {
            return null;
        }
        // Five groups of four, separated by single spaces: try the first four, then the last four.
        for (int[] part : new int[][] {{0, 19}, {5, 24}}) {
            if (isCard(digitsOf(match, part[0], part[1]))) {
                return new Span(EntityType.BANK_CARD, start + part[0], start + part[1]);
            }
        }
        return null;
    }

    static boolean isCard(String digits) {
        int n = digits.length();
        return n >= 12 && n <= 19 && plausibleIssuer(digits)
                && !ResidentIds.hasRegionAndYear(digits)
                && Luhn.valid(digits);
    }

    /**
     * Whether a network issues cards of this length with this prefix: Visa 4 (13, 16, 19 digits), Mastercard
     * 51–55 and 2221–2720, Maestro 50 and 56–69, UnionPay 62 (16–19), Discover 6011/64/65, American Express 34/37
     * (15), Diners Club 30/36/38/39, JCB 35. Cards starting 1, 7, 8, 9 (airline, petroleum, national schemes) are
     * rare in shop text and left out: numbers of those shapes here are order and tracking numbers.
     */
    static boolean plausibleIssuer(String d) {
        int n = d.length();
        int two = (d.charAt(0) - '0') * 10 + (d.charAt(1) - '0');
        return switch (d.charAt(0)) {
            case '4' -> n == 13 || n == 16 || n == 19;
            case '5', '6' -> true;
            case '3' -> switch (two) {
                case 34, 37 -> n == 15;
                case 30, 36, 38, 39 -> n >= 14;
                case 35 -> n >= 16;
                default -> false;
            };
            case '2' -> {
                int four = Integer.parseInt(d.substring(0, 4));
                yield four >= 2221 && four <= 2720 && n == 16;
            }
            default -> false;
        };
    }

    private static String digitsOf(String text, int start, int end) {
        StringBuilder b = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                b.append(c);
            }
        }
        return b.toString();
    }
}
