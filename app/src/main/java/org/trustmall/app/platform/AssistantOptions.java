package org.trustmall.app.platform;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.trustmall.app.cli.Errors;
import org.trustmall.assistant.llm.LlmConfig;
import picocli.CommandLine.Option;

/**
 * The customer-service assistant's optional external language model ({@code serve}, {@code demo}): off unless a
 * base URL is given. Even then it is used only for people who consented to {@code external_ai}, and every prompt is
 * redacted first. The API key is read from an environment variable, never from the command line. A picocli mixin.
 */
public final class AssistantOptions {
    @Option(names = "--llm-base-url", defaultValue = "${env:TRUSTMALL_LLM_BASE_URL}", paramLabel = "URL",
            description = "OpenAI-compatible endpoint, e.g. https://host/v1 (default: $TRUSTMALL_LLM_BASE_URL; "
                    + "none: the assistant uses its own wording only).")
    String baseUrl;
    @Option(names = "--llm-model", defaultValue = "${env:TRUSTMALL_LLM_MODEL}", paramLabel = "NAME",
            description = "Model name sent to that endpoint (default: $TRUSTMALL_LLM_MODEL); required with a URL.")
    String model;
    @Option(names = "--llm-api-key-env", defaultValue = "TRUSTMALL_LLM_API_KEY", paramLabel = "VAR",
            description = "Environment variable holding the endpoint's API key (default: ${DEFAULT-VALUE}).")
    String apiKeyEnv;
    @Option(names = "--llm-timeout-seconds", defaultValue = "20", paramLabel = "S",
            description = "How long one call may take before the assistant answers in its own words "
                    + "(default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** The configuration the options describe; a usage error names the option that is wrong. */
    public LlmConfig llm() {
        if (baseUrl == null || baseUrl.isBlank()) {
            return LlmConfig.disabled();
        }
        URI uri;
        try {
            uri = new URI(baseUrl.strip());
        } catch (URISyntaxException e) {
            throw new Errors.UsageException("option '--llm-base-url' is not a URL: " + e.getReason());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new Errors.UsageException("option '--llm-base-url' must be an http or https URL with a host");
        }
        if (model == null || model.isBlank()) {
            throw new Errors.UsageException("option '--llm-model' is required with '--llm-base-url'");
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 600) {
            throw new Errors.UsageException("option '--llm-timeout-seconds' must be 1-600, got " + timeoutSeconds);
        }
        String key = System.getenv(apiKeyEnv);
        return LlmConfig.of(uri, model.strip(), key == null || key.isBlank() ? null : key)
                .withTimeout(Duration.ofSeconds(timeoutSeconds));
    }
}
