package org.trustmall.assistant.llm;

import java.util.List;
import java.util.Objects;

/**
 * What the assistant asks the external model: its own {@code instruction} (the system message), the person's
 * {@code message}, and the {@code context} it found — policy passages, product descriptions, results of tools it ran
 * for the person — each one item, numbered in the request so that the model can refer to it. All of it is text about
 * the person and passes consent and redaction before it leaves.
 */
public record Prompt(String instruction, String message, List<String> context) {
    public Prompt {
        Objects.requireNonNull(instruction, "instruction");
        Objects.requireNonNull(message, "message");
        context = List.copyOf(context);
    }
}
