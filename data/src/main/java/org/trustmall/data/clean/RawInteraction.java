package org.trustmall.data.clean;

/**
 * An interaction as read, before cleaning: any field may be null (absent). {@link Cleaner} decides, per field, whether
 * a missing value is imputed or the row dropped.
 */
public record RawInteraction(String user, String item, Long timestamp, String event, Double rating) {
    /** A complete interaction as a raw one. */
    public static RawInteraction of(org.trustmall.data.ingest.Interaction i) {
        return new RawInteraction(i.user(), i.item(), i.timestamp(), i.event(), i.rating());
    }
}
