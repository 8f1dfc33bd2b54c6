package org.trustmall.ai.intent;

import java.util.Objects;

/** One labelled utterance for training or evaluating an intent classifier. */
public record IntentExample(String text, String label) {
    public IntentExample {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(label, "label");
    }
}
