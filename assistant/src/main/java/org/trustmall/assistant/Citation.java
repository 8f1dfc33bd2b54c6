package org.trustmall.assistant;

/**
 * The passage an answer used: {@code source} is {@code doc:<id>#<section>} or {@code product:<id>}, {@code title}
 * what to show, {@code excerpt} the passage text (shortened).
 */
public record Citation(String source, String title, String excerpt) {
}
