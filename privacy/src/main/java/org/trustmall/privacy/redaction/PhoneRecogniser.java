package org.trustmall.privacy.redaction;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Telephone numbers in the shapes people write them:
 * <ul>
 *   <li>PRC mobiles: {@code 1[3-9]} and nine more digits, optionally after {@code +86}, {@code 0086} or
 *       {@code (+86)}, optionally grouped 3-4-4 by spaces or dashes;</li>
 *   <li>PRC landlines: a trunk {@code 0} and area code ({@code 010}, {@code 02x}, {@code 0xxx}, or the same after
 *       {@code +86}), then a seven- or eight-digit local number not starting with 0 or 1;</li>
 *   <li>North American numbers: {@code (415) 555-0132}, {@code 415-555-0132}, {@code +1 415 555 0132} (area code
 *       and exchange starting 2–9; separators required, so a bare ten-digit timestamp is no phone);</li>
 *   <li>any international number in E.164 style: {@code +} country code and 8–15 digits in all, with single spaces
 *       or dashes between groups.</li>
 * </ul>
 * A bare eleven-digit number that does not start {@code 13}–{@code 19}, such as {@code 12345678901}, is not a
 * mobile number; neither are service numbers like {@code 10086} and {@code 95588}, which are too short.
 */
final class PhoneRecogniser implements Recogniser {
    /**
     * Where a landline or North American number may start: {@link #BEFORE}, and not right after a digit and a space,
     * where it would be the tail of a longer grouped number ({@code 5163 0496 8644 0104} holds no landline).
     */
    private static final String START = "(?=[\\d+(])" + BEFORE + "(?<!\\d )";
    /** {@link #BEFORE}, checking first that a phone number could start here at all. */
    private static final String PHONE_BEFORE = "(?=[\\d+(])" + BEFORE;
    private static final String AREA_CN = "(?:10|2\\d|[3-9]\\d{2})";
    private static final Pattern MOBILE_CN = Pattern.compile(PHONE_BEFORE
            + "(?:(?:\\+86|0086|\\(\\+86\\))[ \\-]?)?1[3-9]\\d(?:[ \\-]?\\d{4}){2}" + AFTER);
    private static final Pattern LANDLINE_CN = Pattern.compile(START
            + "(?:(?:\\+86|0086)[ \\-]?" + AREA_CN + "[ \\-]?|\\(0" + AREA_CN + "\\)[ ]?|0" + AREA_CN + "[ \\-]?)"
            + "[2-9]\\d{2,3}[ \\-]?\\d{4}" + AFTER);
    private static final Pattern NANP = Pattern.compile(START
            + "(?:\\+1[ \\-.]?|1[ \\-.])?(?:\\([2-9]\\d{2}\\)[ ]?|[2-9]\\d{2}[ \\-.])[2-9]\\d{2}[ \\-.]\\d{4}" + AFTER);
    private static final Pattern E164 = Pattern.compile(PHONE_BEFORE
            + "\\+[1-9]\\d{0,3}(?:[ \\-]?\\d{1,5}){1,6}" + AFTER);

    @Override
    public void find(String text, List<Span> out) {
        for (Pattern p : List.of(MOBILE_CN, LANDLINE_CN, NANP)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                out.add(new Span(EntityType.PHONE, m.start(), m.end()));
            }
        }
        Matcher m = E164.matcher(text);
        int from = 0;
        while (from < text.length() && m.find(from)) {
            int end = e164End(text, m.start(), m.end());
            if (end > 0) {
                out.add(new Span(EntityType.PHONE, m.start(), end));
                from = end;
            } else {
                from = m.start() + 1;
            }
        }
    }

    /**
     * E.164 allows at most fifteen digits: a longer match is a number followed by something else (a year, a
     * quantity), so trailing space-separated groups are let go until it fits. Fewer than eight digits is no phone.
     */
    private static int e164End(String text, int start, int end) {
        int e = end;
        while (true) {
            int digits = 0;
            for (int i = start; i < e; i++) {
                if (Character.isDigit(text.charAt(i)) && text.charAt(i) < 128) {
                    digits++;
                }
            }
            if (digits >= 8 && digits <= 15) {
                return e;
            }
            int space = text.lastIndexOf(' ', e - 1);
            if (digits < 8 || space <= start) {
                return -1;
            }
            e = space;
        }
    }
}
