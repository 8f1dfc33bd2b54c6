package org.trustmall.commerce.recommend;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.db.Sql;

/** {@link EventService} over the {@code recommendation_events} table. */
public final class SqlEventService implements EventService {
    private static final int MAX_HISTORY = 1000;

    private final Jdbi jdbi;
    private final InstantSource clock;

    public SqlEventService(Jdbi jdbi, InstantSource clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Event record(Actor buyer, long productId, String kind, Integer rating) {
        requireBuyer(buyer);
        if (kind == null || !KINDS.contains(kind)) {
            throw new CommerceException.InvalidInput("kind", "must be one of " + String.join(", ", KINDS));
        }
        if (RATING.equals(kind) && (rating == null || rating < 1 || rating > 5)) {
            throw new CommerceException.InvalidInput("rating", "a rating event needs a rating from 1 to 5");
        }
        if (!RATING.equals(kind) && rating != null) {
            throw new CommerceException.InvalidInput("rating", "only a rating event has a rating");
        }
        Instant clockNow = clock.instant();
        return jdbi.inTransaction(h -> {
            boolean active = h.createQuery("SELECT COUNT(*) FROM products WHERE id = :p AND status = 'active'")
                    .bind("p", productId).mapTo(Long.class).one() > 0;
            if (!active) {
                throw new CommerceException.InvalidInput("productId", "no product " + productId + " is on sale");
            }
            // Times are kept to the millisecond, and a buyer's events must keep the order they came in (the
            // recommender learns from the order): one that comes within the same millisecond as the buyer's last
            // is recorded a millisecond after it.
            Instant last = h.createQuery("SELECT MAX(occurred_at) AS last FROM recommendation_events "
                            + "WHERE account_id = :a").bind("a", buyer.accountId())
                    .map((rs, ctx) -> Sql.instant(rs, "last")).one();
            Instant now = last != null && !clockNow.isAfter(last) ? last.plusMillis(1) : clockNow;
            long id = h.createUpdate("INSERT INTO recommendation_events (account_id, product_id, kind, rating, "
                            + "occurred_at) VALUES (:a, :p, :k, :r, :at)")
                    .bind("a", buyer.accountId()).bind("p", productId).bind("k", kind).bind("r", rating)
                    .bind("at", Sql.at(now)).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return new Event(id, productId, kind, rating, Sql.at(now).toInstant());
        });
    }

    @Override
    public List<Long> history(Actor buyer, int limit) {
        requireBuyer(buyer);
        if (limit < 1 || limit > MAX_HISTORY) {
            throw new CommerceException.InvalidInput("limit", "must be between 1 and " + MAX_HISTORY);
        }
        List<Long> all = Interactions.sequence(Interactions.of(jdbi, buyer.accountId()).stream()
                .map(Interactions.Row::product).toList());
        return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
    }

    private static void requireBuyer(Actor actor) {
        Objects.requireNonNull(actor, "buyer");
        if (!actor.is(Role.BUYER)) {
            throw new CommerceException.Forbidden("only buyers have interaction events");
        }
    }
}
