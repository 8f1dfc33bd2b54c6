package org.trustmall.commerce.notify;

import java.time.Instant;
import java.util.List;

/**
 * Sends messages to people (password-reset links and the like). The embedded default keeps them in an outbox table
 * the demo can show; a production deployment plugs in email or SMS. Implementations must be thread-safe.
 */
public interface Notifier {

    /** A message for a recipient address (an email); {@code body} may contain a one-time token. */
    void send(String recipient, String subject, String body);

    /** A message as the outbox holds it. */
    record Message(long id, String recipient, String subject, String body, Instant createdAt) {
    }

    /** The most recent messages, newest first, for a notifier that keeps them (the embedded outbox). */
    default List<Message> recent(int limit) {
        return List.of();
    }
}
