package org.trustmall.commerce.recommend;

import java.time.Instant;
import java.util.List;
import org.trustmall.commerce.Actor;

/**
 * What buyers do with products — view, cart, purchase, rating — reported by their own client, for the recommender.
 * The account is always the signed-in buyer's; an event about an account never comes from a request body. Events
 * are behavioural personal data: erasure deletes them, and training takes them only under consent
 * ({@link TrainingSnapshots}). Thread-safe.
 */
public interface EventService {
    String VIEW = "view";
    String CART = "cart";
    String PURCHASE = "purchase";
    String RATING = "rating";
    List<String> KINDS = List.of(VIEW, CART, PURCHASE, RATING);

    /** A stored event; {@code rating} (1-5) only for a rating, else null. */
    record Event(long id, long productId, String kind, Integer rating, Instant occurredAt) {
    }

    /**
     * Records that {@code buyer} did {@code kind} with product {@code productId}, now.
     *
     * @throws org.trustmall.commerce.CommerceException.InvalidInput naming {@code kind}, {@code rating} (required
     *     1-5 for a rating, absent otherwise) or {@code productId} (no such active product)
     * @throws org.trustmall.commerce.CommerceException.Forbidden when the actor is not a buyer
     */
    Event record(Actor buyer, long productId, String kind, Integer rating);

    /**
     * The products the buyer interacted with most recently, oldest first, at most {@code limit} (1-1000): their
     * views, cart additions and ratings, and the products of their paid orders, with consecutive repeats of one
     * product collapsed — the history a sequential recommender scores. The caller checks personalisation consent.
     */
    List<Long> history(Actor buyer, int limit);
}
