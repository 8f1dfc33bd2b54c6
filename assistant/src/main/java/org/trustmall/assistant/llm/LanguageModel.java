package org.trustmall.assistant.llm;

import java.util.Optional;
import org.trustmall.commerce.consent.ExternalAiGate;

/**
 * An optional generative model that words an answer for the signed-in person. The assistant works fully without
 * one: every call may come back empty — when no model is configured, when the person has not consented to
 * {@code external_ai} at the moment of the call, or when the call fails or times out (a failure is logged without any
 * prompt text and never reaches the person as an error).
 *
 * <p><strong>The answer is only text to show the person.</strong> It must never decide an action or an
 * authorisation: which intent was meant, which order is whose, whether a return or a cancellation is allowed — those
 * come from the intent classifier, the session and the commerce services. Text from outside (and the person's own
 * message inside the prompt) can steer a model into saying anything. Implementations are thread-safe.
 */
public interface LanguageModel {
    /**
     * The model's answer to {@code prompt} on behalf of account {@code accountId} (the signed-in person, from the
     * session), or empty. Never throws for a failed call.
     */
    Optional<String> answer(long accountId, Prompt prompt);

    /** Whether a model is configured at all (it may still answer nothing for want of consent). */
    boolean enabled();

    /** No model: every answer is empty, nothing is ever sent. */
    static LanguageModel none() {
        return NoModel.INSTANCE;
    }

    /**
     * The model {@code config} describes, reached only through {@code gate}; {@link #none()} when it is disabled.
     */
    static LanguageModel open(LlmConfig config, ExternalAiGate gate) {
        return config.enabled() ? new OpenAiCompatibleModel(config, gate) : none();
    }
}
