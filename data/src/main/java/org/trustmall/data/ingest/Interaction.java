package org.trustmall.data.ingest;

import java.util.Objects;

/**
 * One user–item event after normalisation.
 *
 * @param user      the source's user id (opaque)
 * @param item      the source's item id (opaque)
 * @param timestamp epoch milliseconds, or the position in the user's sequence where the source has order only
 * @param event     one of {@link #EVENTS}
 * @param rating    the rating, or null when the source has none
 */
public record Interaction(String user, String item, long timestamp, String event, Double rating) {
    /** The kinds of event the platform knows. */
    public static final java.util.List<String> EVENTS = java.util.List.of("view", "cart", "purchase", "rating");

    public Interaction {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(event, "event");
    }
}
