package org.trustmall.privacy.dp;

import java.util.Objects;

/**
 * How much ε a party may spend ({@code total}) and has spent, exactly. Sequential composition: answering queries of
 * ε₁, ε₂, … about the same data costs ε₁ + ε₂ + … in all, so a query is granted only if it fits what remains, and a
 * refused query spends nothing. A pure value: persisting the charge, atomically against concurrent charges, is the
 * store's job (it writes the budget {@link Granted#after()} only if the spent amount is still the one it read).
 */
public record PrivacyBudget(Epsilon total, Epsilon spent) {

    public PrivacyBudget {
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(spent, "spent");
    }

    /** A budget of {@code total} with nothing spent. */
    public static PrivacyBudget of(Epsilon total) {
        return new PrivacyBudget(total, Epsilon.ZERO);
    }

    /** What is left; zero (never negative) if the total was lowered below what had been spent. */
    public Epsilon remaining() {
        return spent.compareTo(total) >= 0 ? Epsilon.ZERO : total.minus(spent);
    }

    /** The outcome of asking to spend some ε. */
    public sealed interface Charge permits Granted, Refused {
    }

    /** Spent: {@code after} is the budget with {@code epsilon} added to what was spent. */
    public record Granted(Epsilon epsilon, PrivacyBudget after) implements Charge {
    }

    /** Not spent, and why. */
    public record Refused(Epsilon epsilon, String reason) implements Charge {
    }

    /** Spends {@code epsilon} (positive) if it fits what remains; otherwise refuses and spends nothing. */
    public Charge charge(Epsilon epsilon) {
        Objects.requireNonNull(epsilon, "epsilon");
        if (epsilon.isZero()) {
            throw new IllegalArgumentException("a query spends a positive epsilon");
        }
        Epsilon left = remaining();
        if (epsilon.compareTo(left) > 0) {
            return new Refused(epsilon, "epsilon " + epsilon + " exceeds the privacy budget left: " + left + " of "
                    + total + " remains");
        }
        return new Granted(epsilon, new PrivacyBudget(total, spent.plus(epsilon)));
    }
}
