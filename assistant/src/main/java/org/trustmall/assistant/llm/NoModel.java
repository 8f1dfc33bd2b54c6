package org.trustmall.assistant.llm;

import java.util.Optional;

/** The model of a disabled configuration: answers nothing and sends nothing. */
enum NoModel implements LanguageModel {
    INSTANCE;

    @Override
    public Optional<String> answer(long accountId, Prompt prompt) {
        return Optional.empty();
    }

    @Override
    public boolean enabled() {
        return false;
    }
}
