package org.trustmall.commerce.orders;

import java.util.List;
import org.trustmall.commerce.CommerceException.Conflict;

/**
 * Which order transitions and shipment events are allowed now, with reasons that name the current state. Pure; the
 * contracts on the ledger enforce the same rules, and checking first keeps refused calls off the ledger.
 */
final class OrderRules {
    static final List<String> EVENT_KINDS = List.of("picked_up", "in_transit", "delivered");

    private OrderRules() {
    }

    /**
     * Throws a {@link Conflict} on field {@code state} unless {@code current} may move to {@code target} by an order
     * step; a disputed order takes none (only the dispute's end moves it).
     */
    static void require(long orderId, OrderState current, OrderState target, String action, String needs) {
        if (current == OrderState.DISPUTED) {
            // The escrow refuses to move money while a dispute is open anyway; refuse before asking it.
            throw new Conflict("state", "order " + orderId + " is disputed; " + action + " waits until the dispute "
                    + "ends");
        }
        if (!current.canMoveTo(target)) {
            throw new Conflict("state", "order " + orderId + " is " + current.wire() + "; " + action + " needs "
                    + needs);
        }
    }

    /** Throws a {@link Conflict} unless an event of {@code kind} may follow {@code previous} (oldest first). */
    static void requireEventAllowed(long orderId, OrderState state, List<String> previous, String kind) {
        if (state == OrderState.DELIVERED || previous.contains("delivered")) {
            throw new Conflict("state", "order " + orderId + " is delivered; no shipment events may follow delivery");
        }
        if (state != OrderState.SHIPPED) {
            throw new Conflict("state", "order " + orderId + " is " + state.wire()
                    + "; shipment events need a shipped order");
        }
        boolean pickedUp = previous.contains("picked_up");
        if (kind.equals("picked_up") && pickedUp) {
            throw new Conflict("kind", "order " + orderId + " was already picked up; picked_up comes once");
        }
        if (!kind.equals("picked_up") && !pickedUp) {
            throw new Conflict("kind", "order " + orderId + " has not been picked up; picked_up comes first");
        }
    }
}
