package org.trustmall.contracts.shipment;

import java.util.Optional;

/** What a carrier reports about a parcel, by its name on the wire ({@code picked_up} …). */
public enum EventKind {
    PICKED_UP("picked_up"),
    IN_TRANSIT("in_transit"),
    DELIVERED("delivered");

    private final String wireName;

    EventKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventKind> fromWireName(String name) {
        for (EventKind k : values()) {
            if (k.wireName.equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
