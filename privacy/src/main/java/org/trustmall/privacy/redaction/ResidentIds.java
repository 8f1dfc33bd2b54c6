package org.trustmall.privacy.redaction;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Set;

/**
 * The PRC resident identity number (GB 11643-1999): a six-digit region code, an eight-digit birth date, a
 * three-digit sequence and a check digit computed with ISO 7064 MOD 11-2 ({@code X} standing for 10). The
 * fifteen-digit numbers issued before 1999 carry no check digit and are not recognised: without one, every
 * fifteen-digit order number with a date in it would look like an ID.
 */
final class ResidentIds {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";
    /** Province-level codes (the first two digits), including 83 for residence permits of Taiwan residents. */
    private static final Set<Integer> PROVINCES = Set.of(11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37,
            41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83);

    private ResidentIds() {
    }

    /** The check digit ({@code 0}–{@code 9} or {@code X}) for the first seventeen digits. */
    static char checkDigit(CharSequence first17) {
        if (first17.length() < 17) {
            throw new IllegalArgumentException("an ID number's check digit needs 17 digits");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int d = first17.charAt(i) - '0';
            if (d < 0 || d > 9) {
                throw new IllegalArgumentException("an ID number's first 17 characters are digits");
            }
            sum += d * WEIGHTS[i];
        }
        return CHECK.charAt(sum % 11);
    }

    /** Eighteen characters with a known province, a real birth date and the right check digit. */
    static boolean isValid(CharSequence id) {
        return hasIdShape(id) && Character.toUpperCase(id.charAt(17)) == checkDigit(id);
    }

    /**
     * Seventeen digits and a last digit or {@code X}, with a known province code and a real calendar date from
     * 1900 to 2099 where the birth date goes, whatever the check digit says: a mistyped ID rather than anything
     * else.
     */
    static boolean hasIdShape(CharSequence id) {
        if (id.length() != 18) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            if (!isDigit(id.charAt(i))) {
                return false;
            }
        }
        char last = id.charAt(17);
        if (!isDigit(last) && last != 'X' && last != 'x') {
            return false;
        }
        if (!PROVINCES.contains(number(id, 0, 2))) {
            return false;
        }
        int year = number(id, 6, 10);
        int month = number(id, 10, 12);
        int day = number(id, 12, 14);
        if (year < 1900 || year > 2099) {
            return false;
        }
        try {
            LocalDate.of(year, month, day);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /**
     * Eighteen digits that start with a province code and carry a year from 1900 to 2099 where the birth date goes:
     * an ID number, perhaps mistyped (a wrong check digit, a thirteenth month), rather than a card or anything else.
     */
    static boolean hasRegionAndYear(CharSequence digits) {
        if (digits.length() != 18) {
            return false;
        }
        for (int i = 0; i < 18; i++) {
            if (!isDigit(digits.charAt(i))) {
                return false;
            }
        }
        int year = number(digits, 6, 10);
        return PROVINCES.contains(number(digits, 0, 2)) && year >= 1900 && year <= 2099;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int number(CharSequence s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (s.charAt(i) - '0');
        }
        return n;
    }
}
