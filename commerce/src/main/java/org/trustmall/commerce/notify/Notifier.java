package org.trustmall.commerce.notify;

import java.time.Instant;
import java.util.List;

/**
 * Sends messages to people (password-reset links and the like). The embedded default keeps them in an outbox table
 * the demo can show; a production deployment plugs in email or SMS. Implementations must be thread-safe.
 */
public interface Notifier {

    /**
     * A message for account {@code accountId} at {@code recipient} (their email); {@code body} may contain a one-time
     * token. The recipient and body are the person's data: an implementation that keeps them must keep them as
     * securely as the rest (the embedded outbox seals them with the person's key).
     */
    void send(long accountId, String recipient, String subject, String body);

    /** A message as the outbox holds it; recipient and body read {@code [erased]} once the person is erased. */
    record Message(long id, long accountId, String recipient, String subject, String body, Instant createdAt) {
    }

    /** The most recent messages, newest first, for a notifier that keeps them (the embedded outbox). */
    default List<Message> recent(int limit) {
        return List.of();
    }
}
