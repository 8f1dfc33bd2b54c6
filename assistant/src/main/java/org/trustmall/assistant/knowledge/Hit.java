package org.trustmall.assistant.knowledge;

/** A passage found for a query, with its fused relevance score (higher is better; comparable within one search). */
public record Hit(Passage passage, double score) {
}
