package org.trustmall.assistant;

import java.util.Set;
import org.trustmall.commerce.CommerceException;

/** The assistant's two languages, and how it tells which one a message is written in. */
public final class Language {
    public static final String EN = "en";
    public static final String ZH = "zh";
    public static final Set<String> ALL = Set.of(EN, ZH);

    private Language() {
    }

    /**
     * {@code zh} when at least a fifth of the message's letters are CJK ideographs (so a Chinese sentence with an
     * English product name or an order number stays Chinese), {@code en} otherwise.
     */
    public static String detect(String text) {
        int letters = 0;
        int cjk = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isIdeographic(cp)) {
                cjk++;
                letters++;
            } else if (Character.isLetter(cp)) {
                letters++;
            }
        }
        return letters > 0 && cjk * 5 >= letters ? ZH : EN;
    }

    /** The language asked for, or the detected one when none was given; {@code InvalidInput} on field {@code lang}. */
    public static String choose(String requested, String text) {
        if (requested == null || requested.isBlank()) {
            return detect(text);
        }
        if (!ALL.contains(requested)) {
            throw new CommerceException.InvalidInput("lang", "must be en or zh");
        }
        return requested;
    }
}
