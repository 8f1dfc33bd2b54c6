package org.trustmall.commerce.notify;

import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.accounts.PersonalDataStore;
import org.trustmall.commerce.db.Sql;
import org.trustmall.commerce.personal.PersonalSealer;

/**
 * The embedded notifier: messages go to the {@code outbox} table, where the demo shows them and a relay could pick
 * them up. The recipient's address and the body are sealed with the recipient person's key, and reading them is
 * logged like any read of personal data. Sending inside a commerce transaction joins it (the message is kept only if
 * the transaction commits). Thread-safe.
 */
public final class OutboxNotifier implements Notifier {
    private static final int MAX_BODY = 4000;
    private static final String ERASED = "[erased]";
    private final Jdbi jdbi;
    private final PersonalSealer sealer;
    private final InstantSource clock;

    public OutboxNotifier(Jdbi jdbi, PersonalSealer sealer, InstantSource clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void send(long accountId, String recipient, String subject, String body) {
        if (body.length() > MAX_BODY) {
            throw new IllegalArgumentException("a message body has at most " + MAX_BODY + " characters");
        }
        String to = sealer.seal(accountId, "outbox/recipient", recipient);
        String text = sealer.seal(accountId, "outbox/body", body);
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO outbox (account_id, recipient, subject, body, created_at) "
                        + "VALUES (:a, :recipient, :subject, :body, :at)")
                .bind("a", accountId).bind("recipient", to).bind("subject", subject).bind("body", text)
                .bind("at", Sql.at(clock.instant().truncatedTo(ChronoUnit.MILLIS)))
                .execute());
    }

    @Override
    public List<Message> recent(int limit) {
        if (limit < 1) {
            return List.of();
        }
        PersonalDataStore.Access access = PersonalDataStore.Access.service("outbox", "message-delivery");
        return jdbi.withHandle(h -> h.createQuery("SELECT id, account_id, recipient, subject, body, created_at "
                        + "FROM outbox WHERE account_id IS NOT NULL ORDER BY id DESC LIMIT :limit")
                .bind("limit", Math.min(limit, 1000))
                .map((rs, ctx) -> new Object[] {rs.getLong("id"), rs.getLong("account_id"), rs.getString("recipient"),
                        rs.getString("subject"), rs.getString("body"), Sql.instant(rs, "created_at")})
                .list()).stream().map(r -> {
                    long account = (Long) r[1];
                    String to = sealer.open(account, "outbox/recipient", (String) r[2], access).orElse(ERASED);
                    String body = sealer.open(account, "outbox/body", (String) r[4], access).orElse(ERASED);
                    return new Message((Long) r[0], account, to, (String) r[3], body, (java.time.Instant) r[5]);
                }).toList();
    }
}
