package org.trustmall.assistant.knowledge;

import java.util.Objects;

/**
 * A retrievable piece of text: a section of a policy or FAQ document, or a product of the catalogue. {@code source}
 * says where it comes from ({@code "doc:<document id>#<section>"} or {@code "product:<id>"}), {@code title} what a
 * citation shows, {@code lang} is {@code en} or {@code zh}.
 */
public record Passage(String id, String source, String title, String lang, String text) {
    public Passage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(lang, "lang");
        Objects.requireNonNull(text, "text");
    }
}
