package org.trustmall.assistant.llm;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach the optional external language model: an OpenAI-compatible chat-completions endpoint at
 * {@code baseUrl} (the part before {@code /chat/completions}, such as {@code https://api.openai.com/v1} or a local
 * {@code http://127.0.0.1:8000/v1}), the model's name, the API key, how long one call may take and how many tokens the
 * answer may have. Off unless {@code enabled}; a disabled configuration is never checked further.
 *
 * <p>The API key is a secret: {@link #toString()} says only whether one is set, so a configuration may be logged.
 */
public record LlmConfig(boolean enabled, URI baseUrl, String model, String apiKey, Duration timeout,
                        int maxOutputTokens) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
    public static final int DEFAULT_MAX_OUTPUT_TOKENS = 512;

    public LlmConfig {
        apiKey = apiKey == null ? "" : apiKey;
        if (enabled) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("llm baseUrl: an http or https URL with a host is needed, not '"
                        + baseUrl + "'");
            }
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("llm model: a model name is needed when the model is enabled");
            }
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("llm timeout: must be positive, not " + timeout);
            }
            if (maxOutputTokens < 1) {
                throw new IllegalArgumentException("llm maxOutputTokens: must be at least 1, not " + maxOutputTokens);
            }
        }
    }

    /** No external model: the assistant answers from its own intents, tools and documents only. The default. */
    public static LlmConfig disabled() {
        return new LlmConfig(false, null, null, "", DEFAULT_TIMEOUT, DEFAULT_MAX_OUTPUT_TOKENS);
    }

    /** An enabled configuration with the default timeout and answer length. */
    public static LlmConfig of(URI baseUrl, String model, String apiKey) {
        return new LlmConfig(true, baseUrl, model, apiKey, DEFAULT_TIMEOUT, DEFAULT_MAX_OUTPUT_TOKENS);
    }

    public LlmConfig withTimeout(Duration t) {
        return new LlmConfig(enabled, baseUrl, model, apiKey, t, maxOutputTokens);
    }

    public LlmConfig withMaxOutputTokens(int n) {
        return new LlmConfig(enabled, baseUrl, model, apiKey, timeout, n);
    }

    /** Everything but the API key, of which only whether it is set. */
    @Override
    public String toString() {
        return "LlmConfig[enabled=" + enabled + ", baseUrl=" + baseUrl + ", model=" + model + ", apiKey="
                + (apiKey.isEmpty() ? "(none)" : "(set)") + ", timeout=" + timeout + ", maxOutputTokens="
                + maxOutputTokens + "]";
    }
}
