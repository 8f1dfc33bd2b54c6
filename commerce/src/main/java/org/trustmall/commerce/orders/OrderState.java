package org.trustmall.commerce.orders;

import java.util.Locale;
import java.util.Set;

/**
 * An order's life: created → paid (funds in escrow) → shipped → delivered → completed, or cancelled (before
 * payment), or refunded (cancelled after payment, returned in full, or refunded in full by a dispute's verdict).
 * A paid, shipped or delivered order — or a completed one whose return was refused — may be disputed; it then waits
 * in DISPUTED, where nothing but the dispute's end moves it: back to where it was (withdrawn, undecided), or on to
 * completed or refunded (the verdict carried out).
 */
public enum OrderState {
    CREATED, PAID, SHIPPED, DELIVERED, COMPLETED, CANCELLED, REFUNDED, DISPUTED;

    /** The states this one may move to. */
    public Set<OrderState> next() {
        return switch (this) {
            case CREATED -> Set.of(PAID, CANCELLED);
            case PAID -> Set.of(SHIPPED, REFUNDED, DISPUTED);
            case SHIPPED -> Set.of(DELIVERED, DISPUTED);
            case DELIVERED -> Set.of(COMPLETED, REFUNDED, DISPUTED);
            case COMPLETED -> Set.of(REFUNDED, DISPUTED);
            case DISPUTED -> Set.of(PAID, SHIPPED, DELIVERED, COMPLETED, REFUNDED);
            case CANCELLED, REFUNDED -> Set.of();
        };
    }

    public boolean canMoveTo(OrderState target) {
        return next().contains(target);
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name ({@code paid} …) as stored in the database. */
    public static OrderState fromWire(String wire) {
        return valueOf(wire.strip().toUpperCase(Locale.ROOT));
    }
}
