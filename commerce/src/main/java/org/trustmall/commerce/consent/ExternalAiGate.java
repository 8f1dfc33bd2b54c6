package org.trustmall.commerce.consent;

import java.util.Objects;
import org.trustmall.privacy.redaction.Redactor;

/**
 * The one way text about a person leaves the platform for an external AI service (a hosted language model, say):
 * only while the person's {@code external_ai} consent stands, read at that moment, and always redacted first —
 * emails, phone numbers, ID and card numbers, IP addresses, names and addresses replaced by placeholders. The
 * assistant sends nothing outside otherwise. Thread-safe.
 */
public final class ExternalAiGate {
    private final ConsentService consents;
    private final Redactor redactor;

    public ExternalAiGate(ConsentService consents, Redactor redactor) {
        this.consents = Objects.requireNonNull(consents, "consents");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
    }

    /**
     * The text as it may leave the platform on behalf of account {@code accountId}: redacted; {@code Forbidden}
     * naming the purpose when the person has not consented to {@code external_ai}.
     */
    public String outbound(long accountId, String text) {
        consents.require(accountId, ConsentService.EXTERNAL_AI);
        return redactor.redact(Objects.requireNonNull(text, "text"));
    }
}
