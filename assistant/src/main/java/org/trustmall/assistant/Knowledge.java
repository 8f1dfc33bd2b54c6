package org.trustmall.assistant;

import java.util.List;
import java.util.Optional;
import org.trustmall.assistant.knowledge.Hit;

/** What the assistant can look up: the policy and FAQ documents, and the catalogue. */
public interface Knowledge {

    /** The passage of the policy and FAQ documents that answers {@code question}, if one is relevant enough. */
    Optional<Hit> answer(String question, String lang);

    /** Active products matching {@code question}, best first. */
    List<Hit> products(String question, String lang, int limit);
}
