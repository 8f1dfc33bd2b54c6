package org.trustmall.commerce.promotions;

import java.util.Locale;
import java.util.regex.Pattern;
import org.trustmall.commerce.CommerceException;

/** Coupon codes are case-insensitive: kept and compared upper-case, 3-32 of {@code A-Z 0-9 - _}. */
public final class CouponCode {
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{3,32}");

    private CouponCode() {
    }

    /** The code as stored; an {@link CommerceException.InvalidInput} naming {@code field} if it cannot be one. */
    public static String normalise(String field, String raw) {
        // Checked before upper-casing, so that no other script's letter can turn into an ASCII one.
        String code = raw == null ? "" : raw.strip();
        if (!CODE.matcher(code).matches()) {
            throw new CommerceException.InvalidInput(field, "must be 3-32 characters of A-Z, 0-9, - and _");
        }
        return code.toUpperCase(Locale.ROOT);
    }
}
