package org.trustmall.contracts.shipment;

import org.trustmall.ledger.contract.ContractFailure;

/**
 * Where a parcel is, as its events tell. A parcel is picked up once and first, may be in transit any number of times
 * after that, and is delivered once and last: CREATED → PICKED_UP → IN_TRANSIT* → DELIVERED, where IN_TRANSIT may be
 * skipped.
 */
public enum ShipmentState {
    CREATED,
    PICKED_UP,
    IN_TRANSIT,
    DELIVERED;

    /**
     * The state after an event of {@code kind}.
     *
     * @throws ContractFailure naming this state when the event may not come now
     */
    ShipmentState after(EventKind kind, String order) {
        return switch (kind) {
            case PICKED_UP -> {
                if (this != CREATED) {
                    throw refuse(order, kind, "picked_up comes once, before any other event");
                }
                yield PICKED_UP;
            }
            case IN_TRANSIT, DELIVERED -> {
                if (this == CREATED) {
                    throw refuse(order, kind, "picked_up must come first");
                }
                if (this == DELIVERED) {
                    throw refuse(order, kind, "no events may follow delivered");
                }
                yield kind == EventKind.IN_TRANSIT ? IN_TRANSIT : DELIVERED;
            }
        };
    }

    private ContractFailure refuse(String order, EventKind kind, String why) {
        return new ContractFailure("shipment for order '" + order + "' is " + this + "; cannot record "
                + kind.wireName() + ": " + why);
    }
}
