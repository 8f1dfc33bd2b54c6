package org.trustmall.privacy.redaction;

/** The Luhn (mod 10) check that every payment card number carries in its last digit. */
final class Luhn {
    private Luhn() {
    }

    /** Whether these digits (at least two) end in their Luhn check digit. */
    static boolean valid(CharSequence digits) {
        if (digits.length() < 2) {
            return false;
        }
        return sum(digits, digits.length() - 1, false) % 10 == 0;
    }

    /** The digit that, appended to {@code payload}, makes it pass {@link #valid}. */
    static char checkDigit(CharSequence payload) {
        int s = sum(payload, payload.length() - 1, true);
        return (char) ('0' + (10 - s % 10) % 10);
    }

    /** Sums from the right, doubling every second digit; {@code doubleFirst} says whether the rightmost is doubled. */
    private static int sum(CharSequence digits, int last, boolean doubleFirst) {
        int sum = 0;
        boolean dbl = doubleFirst;
        for (int i = last; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                throw new IllegalArgumentException("Luhn needs digits only");
            }
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum;
    }
}
