package org.trustmall.commerce.insights;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.privacy.dp.Epsilon;

/**
 * What merchants may learn about their own sales, answered with ε-differential privacy so that the answers reveal
 * next to nothing about any one order or buyer; and the pseudonymised export of purchases for analytics and model
 * training. Thread-safe.
 *
 * <p>Each answer is the true value plus discrete Laplace noise of scale sensitivity/ε and costs its ε from the
 * merchant's budget ({@link InsightsPolicy}). A question that does not fit what is left is refused as a
 * {@link CommerceException.Conflict} naming {@code epsilon}, and spends nothing. What one answer protects: for
 * {@code orders}, {@code units} and {@code revenue} one order (an order's units and revenue count only up to the
 * policy's caps, which are those metrics' sensitivities); for {@code buyers} one buyer. Orders count from payment on
 * (paid, shipped, delivered, completed, disputed; not unpaid, cancelled or refunded ones), by the UTC day they were
 * placed.
 */
public interface InsightsService {

    /** What can be asked. */
    enum Metric {
        /** The number of orders. */
        ORDERS,
        /** Units sold: the sum over orders of each order's units, at most the policy's cap per order. */
        UNITS,
        /** Revenue in one currency: the sum over orders of the total less refunds, at most the cap per order. */
        REVENUE,
        /** The number of distinct buyers. */
        BUYERS;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code orders|units|revenue|buyers}; {@link CommerceException.InvalidInput} naming the field otherwise. */
        public static Metric parse(String field, String value) {
            for (Metric m : values()) {
                if (m.wire().equals(value)) {
                    return m;
                }
            }
            throw new CommerceException.InvalidInput(field, "must be one of orders, units, revenue, buyers");
        }
    }

    /**
     * A question.
     *
     * @param metric   {@code orders}, {@code units}, {@code revenue} or {@code buyers}
     * @param from     first UTC day of orders counted; null: 29 days before {@code to}
     * @param to       last UTC day (inclusive); null: today
     * @param epsilon  the ε to spend, a decimal between the policy's minimum and maximum (0.01 to 1 by default)
     *                 with at most 6 decimal places; more ε, less noise
     * @param currency revenue only: the currency (default: the platform's)
     */
    record Question(String metric, LocalDate from, LocalDate to, String epsilon, String currency) {
    }

    /**
     * A merchant's budget in the current period: {@code periodEnd} is when it renews (null for a lifetime budget).
     */
    record Budget(Epsilon total, Epsilon spent, Epsilon remaining, Instant periodStart, Instant periodEnd) {
    }

    /**
     * An answer: {@code value} is the noisy integer (it may be negative when the true value is small);
     * {@code sensitivity} is how far one order (or buyer) can move the true value, so the noise's scale is
     * sensitivity/ε; {@code epsilon} is what it cost and {@code budget} what is left after it.
     */
    record Answer(Metric metric, LocalDate from, LocalDate to, String currency, long value, long sensitivity,
                  Epsilon epsilon, Budget budget) {
    }

    /** Answers the merchant's question about its own orders, spending the ε asked for; nothing if refused. */
    Answer ask(Actor merchant, Question question);

    /** The merchant's budget now (asking costs nothing). */
    Budget budget(Actor merchant);

    /**
     * Writes every order line of paid orders as JSON Lines to {@code file} (replaced atomically, mode 0600) for
     * analytics and model training: buyer pseudonym, product id, quantity, unit price, currency, UTC day. Buyers
     * appear only as stable keyed pseudonyms, and only buyers whose consent allows {@code analytics}.
     */
    AnalyticsExport.Summary exportAnalytics(Path file);
}
