package org.trustmall.ai.risk;

import java.time.Instant;
import java.util.Objects;

/**
 * A generated order attempt with what happened to it and what it really was.
 *
 * @param attempt              the attempt as placed at checkout
 * @param paymentFailed        whether the payment was declined
 * @param chargebackReportedAt when the payment provider reported a chargeback, or null if never
 * @param pattern              the ground truth: legitimate or which fraud pattern
 */
public record LabelledOrder(OrderAttempt attempt, boolean paymentFailed, Instant chargebackReportedAt,
                            FraudPattern pattern) {
    public LabelledOrder {
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(pattern, "pattern");
    }

    public boolean fraud() {
        return pattern.fraud();
    }
}
