package org.trustmall.assistant;

import java.util.List;
import java.util.Optional;

/**
 * Rewords an answer the assistant already decided, with an external language model when one is configured and the
 * person consented to {@code external_ai}. What it returns is only text shown to the person: actions and
 * authorisation never depend on it.
 */
public interface Composer {
    /** No external model: the assistant's own wording is used. */
    Composer NONE = (accountId, lang, question, draft, context) -> Optional.empty();

    /**
     * A better-worded version of {@code draft} (the assistant's own answer, in {@code lang}) to {@code question},
     * using only {@code context} (the cited passages and tool results); empty to keep the draft.
     */
    Optional<String> compose(long accountId, String lang, String question, String draft, List<String> context);
}
