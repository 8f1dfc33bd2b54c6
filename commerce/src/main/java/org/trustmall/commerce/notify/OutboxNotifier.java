package org.trustmall.commerce.notify;

import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.db.Sql;

/**
 * The embedded notifier: messages go to the {@code outbox} table, where the demo shows them and a relay could pick
 * them up. Sending inside a commerce transaction joins it (the message is kept only if the transaction commits).
 * Thread-safe.
 */
public final class OutboxNotifier implements Notifier {
    private static final int MAX_BODY = 4000;
    private final Jdbi jdbi;
    private final InstantSource clock;

    public OutboxNotifier(Jdbi jdbi, InstantSource clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public void send(String recipient, String subject, String body) {
        if (body.length() > MAX_BODY) {
            throw new IllegalArgumentException("a message body has at most " + MAX_BODY + " characters");
        }
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO outbox (recipient, subject, body, created_at) "
                        + "VALUES (:recipient, :subject, :body, :at)")
                .bind("recipient", recipient).bind("subject", subject).bind("body", body)
                .bind("at", Sql.at(clock.instant().truncatedTo(ChronoUnit.MILLIS)))
                .execute());
    }

    @Override
    public List<Message> recent(int limit) {
        if (limit < 1) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT id, recipient, subject, body, created_at FROM outbox "
                        + "ORDER BY id DESC LIMIT :limit")
                .bind("limit", Math.min(limit, 1000))
                .map((rs, ctx) -> new Message(rs.getLong("id"), rs.getString("recipient"), rs.getString("subject"),
                        rs.getString("body"), Sql.instant(rs, "created_at")))
                .list());
    }
}
