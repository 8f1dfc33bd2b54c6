package org.trustmall.ai.risk;

import java.time.Instant;
import java.util.Objects;

/**
 * An earlier order attempt of the same account, as {@link RiskHistory} returns it.
 *
 * @param attempt              the attempt as it was placed
 * @param paymentFailed        whether its payment was declined
 * @param chargebackReportedAt when the payment provider reported a chargeback on it, or null if it has not (as of
 *                             the time asked about: a history never reveals a report from after that time)
 */
public record PastOrder(OrderAttempt attempt, boolean paymentFailed, Instant chargebackReportedAt) {
    public PastOrder {
        Objects.requireNonNull(attempt, "attempt");
    }

    public Instant at() {
        return attempt.at();
    }
}
