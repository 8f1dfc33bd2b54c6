package org.trustmall.privacy.redaction;

import java.util.List;
import java.util.Objects;

/** A sentence of the evaluation set with the personal data it truly holds ({@code language}: {@code en} or {@code zh}). */
public record LabelledText(String language, String text, List<Span> gold) {
    public LabelledText {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(text, "text");
        gold = List.copyOf(gold);
        for (Span s : gold) {
            if (s.end() > text.length()) {
                throw new IllegalArgumentException("gold span " + s + " lies outside the text");
            }
        }
    }
}
