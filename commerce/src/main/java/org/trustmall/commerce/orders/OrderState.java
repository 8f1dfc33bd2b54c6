package org.trustmall.commerce.orders;

import java.util.Locale;
import java.util.Set;

/**
 * An order's life: created → paid (funds in escrow) → shipped → delivered → completed, or cancelled (before
 * payment), or refunded (cancelled after payment, escrow returned to the buyer).
 */
public enum OrderState {
    CREATED, PAID, SHIPPED, DELIVERED, COMPLETED, CANCELLED, REFUNDED;

    /** The states this one may move to. */
    public Set<OrderState> next() {
        return switch (this) {
            case CREATED -> Set.of(PAID, CANCELLED);
            case PAID -> Set.of(SHIPPED, REFUNDED);
            case SHIPPED -> Set.of(DELIVERED);
            case DELIVERED -> Set.of(COMPLETED);
            case COMPLETED, CANCELLED, REFUNDED -> Set.of();
        };
    }

    public boolean canMoveTo(OrderState target) {
        return next().contains(target);
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
