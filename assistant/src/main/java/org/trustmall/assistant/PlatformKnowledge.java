package org.trustmall.assistant;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.trustmall.assistant.knowledge.CatalogueSearch;
import org.trustmall.assistant.knowledge.Hit;
import org.trustmall.assistant.knowledge.KnowledgeBase;

/**
 * The platform's documents and its live catalogue as the assistant sees them. The catalogue's vector index is
 * refreshed before a product search when it is older than {@code refreshEvery} (counted from construction, when
 * the index is first built), so products added or changed since
 * are found by meaning too (hidden ones are never shown: each search re-reads its candidates). Thread-safe.
 */
final class PlatformKnowledge implements Knowledge {
    private final KnowledgeBase documents;
    private final CatalogueSearch catalogue;
    private final Duration refreshEvery;
    private final InstantSource clock;
    private long refreshedAt;

    PlatformKnowledge(KnowledgeBase documents, CatalogueSearch catalogue, Duration refreshEvery, InstantSource clock) {
        this.documents = Objects.requireNonNull(documents, "documents");
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.refreshEvery = Objects.requireNonNull(refreshEvery, "refreshEvery");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refreshedAt = clock.millis();
    }

    @Override
    public Optional<Hit> answer(String question, String lang) {
        return documents.answer(question, lang);
    }

    @Override
    public List<Hit> products(String question, String lang, int limit) {
        synchronized (this) {
            long now = clock.millis();
            if (now - refreshedAt >= refreshEvery.toMillis()) {
                catalogue.refresh();
                refreshedAt = now;
            }
        }
        return catalogue.search(question, lang, limit);
    }
}
