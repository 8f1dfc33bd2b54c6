package org.trustmall.commerce.reviews;

import java.util.regex.Pattern;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.TextInput;

/**
 * What a review may say, checked before anything is written, each failure naming its field. Text is kept as the
 * author wrote it except that the ends are trimmed and line breaks become \n, so that its commitment does not
 * depend on the author's operating system.
 */
final class ReviewRules {
    static final int MAX_TITLE = 120;
    static final int MAX_TEXT = 5000;
    static final int MAX_DISPLAY_NAME = 40;
    static final int MAX_REASON = 500;
    private static final Pattern PSEUDONYM = Pattern.compile("(?i)buyer\\s*[0-9a-f]{6}");

    private ReviewRules() {
    }

    static int rating(Integer rating) {
        if (rating == null || rating < 1 || rating > 5) {
            throw new CommerceException.InvalidInput("rating", "must be a whole number from 1 to 5");
        }
        return rating;
    }

    /** The title, or null for none (absent or blank). */
    static String title(String title) {
        if (title == null || title.isBlank()) {
            return null;
        }
        return TextInput.line("title", title, MAX_TITLE);
    }

    static String text(String text) {
        return TextInput.paragraph("text", text, MAX_TEXT);
    }

    /** A chosen display name, or null to use the pseudonym. */
    static String displayName(String name) {
        if (name == null) {
            return null;
        }
        String v = TextInput.line("displayName", name, MAX_DISPLAY_NAME);
        // A chosen name must not pass for another reviewer's pseudonym.
        if (PSEUDONYM.matcher(v).matches()) {
            throw new CommerceException.InvalidInput("displayName", "names of the form 'Buyer 7F3A2C' are kept for "
                    + "pseudonyms; leave displayName out to use yours");
        }
        return v;
    }

    static String reason(String reason) {
        return TextInput.line("reason", reason, MAX_REASON);
    }

}
