package org.trustmall.assistant.llm;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.consent.ExternalAiGate;

/**
 * A {@link LanguageModel} on an OpenAI-compatible chat-completions endpoint, through langchain4j over the JDK's HTTP
 * client. Every piece of the prompt passes {@link ExternalAiGate#outbound} before anything is sent, so the person's
 * {@code external_ai} consent is read at that moment and personal data is replaced by placeholders; without consent
 * no request is made at all. One request per answer, no retries (a retry would only repeat a slow call while the
 * person waits). langchain4j's request and response logging stays off: it would write the prompt to the log.
 *
 * <p>Thread-safe: the underlying chat model is.
 */
final class OpenAiCompatibleModel implements LanguageModel {
    private static final System.Logger LOG = System.getLogger(OpenAiCompatibleModel.class.getName());

    private final ExternalAiGate gate;
    private final ChatModel chat;

    OpenAiCompatibleModel(LlmConfig config, ExternalAiGate gate) {
        Objects.requireNonNull(config, "config");
        if (!config.enabled()) {
            throw new IllegalArgumentException("the external language model is disabled in this configuration");
        }
        this.gate = Objects.requireNonNull(gate, "gate");
        this.chat = OpenAiChatModel.builder()
                .httpClientBuilder(JdkHttpClient.builder())
                .baseUrl(config.baseUrl().toString())
                .apiKey(config.apiKey())
                .modelName(config.model())
                .timeout(config.timeout())
                // max_tokens rather than max_completion_tokens: the one OpenAI-compatible servers all understand.
                .maxTokens(config.maxOutputTokens())
                .maxRetries(0)
                .logRequests(false)
                .logResponses(false)
                .build();
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public Optional<String> answer(long accountId, Prompt prompt) {
        Objects.requireNonNull(prompt, "prompt");
        List<ChatMessage> messages;
        try {
            messages = outbound(accountId, prompt);
        } catch (CommerceException.Forbidden noConsent) {
            return Optional.empty();
        }
        ChatResponse response;
        try {
            response = chat.chat(messages);
        } catch (RuntimeException e) {
            // Only the kind of failure: a message may quote the server's reply, and a server may echo the prompt.
            LOG.log(System.Logger.Level.WARNING, "external language model call failed: " + describe(e)
                    + "; the assistant answers without it");
            return Optional.empty();
        }
        String text = response == null || response.aiMessage() == null ? null : response.aiMessage().text();
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(text.strip());
    }

    /** The prompt as it may leave: every piece through the gate, in full, before any of it is sent. */
    private List<ChatMessage> outbound(long accountId, Prompt prompt) {
        String instruction = gate.outbound(accountId, prompt.instruction());
        StringBuilder user = new StringBuilder();
        if (!prompt.context().isEmpty()) {
            user.append("Context:\n");
            for (int i = 0; i < prompt.context().size(); i++) {
                user.append('[').append(i + 1).append("] ")
                        .append(gate.outbound(accountId, prompt.context().get(i))).append('\n');
            }
            user.append("\nCustomer message:\n");
        }
        user.append(gate.outbound(accountId, prompt.message()));
        List<ChatMessage> messages = new ArrayList<>(2);
        if (!instruction.isBlank()) {
            messages.add(SystemMessage.from(instruction));
        }
        messages.add(UserMessage.from(user.toString()));
        return messages;
    }

    /** The failure's kind and, for an HTTP failure, its status; never its message. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpException h) {
                return e.getClass().getSimpleName() + " (HTTP " + h.statusCode() + ")";
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + " caused by " + root.getClass().getSimpleName();
    }
}
