package org.trustmall.commerce;

/**
 * Free text from outside, checked the same way everywhere: trimmed, counted in code points (so a Chinese character
 * counts once), no control characters, valid Unicode (a lone UTF-16 surrogate has no UTF-8 form, so it could not be
 * stored faithfully or hashed into a commitment). A failure is an {@link CommerceException.InvalidInput} naming the
 * field. Stateless.
 */
public final class TextInput {
    private TextInput() {
    }

    /** One line of {@code 1..max} characters. */
    public static String line(String field, String value, int max) {
        return line(field, value, 1, max);
    }

    /** One line of {@code min..max} characters ({@code min} 0 allows empty). */
    public static String line(String field, String value, int min, int max) {
        String v = value == null ? "" : value.strip();
        length(field, v, min, max);
        if (v.codePoints().anyMatch(Character::isISOControl)) {
            throw new CommerceException.InvalidInput(field, "must not contain control characters");
        }
        unicode(field, v);
        return v;
    }

    /** Text of {@code 1..max} characters that may span lines: line breaks become {@code \n}; tabs are kept. */
    public static String paragraph(String field, String value, int max) {
        String v = value == null ? "" : value.replace("\r\n", "\n").replace('\r', '\n').strip();
        length(field, v, 1, max);
        if (v.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw new CommerceException.InvalidInput(field, "must not contain control characters other than line "
                    + "breaks and tabs");
        }
        unicode(field, v);
        return v;
    }

    private static void length(String field, String v, int min, int max) {
        int n = v.codePointCount(0, v.length());
        if (n < min || n > max) {
            throw new CommerceException.InvalidInput(field, min > 0 ? "must be " + min + "-" + max + " characters"
                    : "must be at most " + max + " characters");
        }
    }

    private static void unicode(String field, String v) {
        if (v.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
            throw new CommerceException.InvalidInput(field, "must be valid Unicode (a lone surrogate was found)");
        }
    }
}
