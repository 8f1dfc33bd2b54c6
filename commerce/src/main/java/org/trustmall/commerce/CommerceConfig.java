package org.trustmall.commerce;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.trustmall.commerce.insights.InsightsPolicy;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.orders.RateTable;
import org.trustmall.commerce.risk.RiskPolicy;

/**
 * How commerce runs. Everything comes in from the caller (the app reads flags and environment, not this module).
 *
 * @param dataDir          holds the search index ({@code search/}), the embedded database ({@code db/}),
 *                         commerce's secrets ({@code keys/commerce/}) and the recommender's training snapshots and
 *                         model artifacts ({@code recsys/snapshots/}, {@code recsys/models/})
 * @param sessionTtl       how long a login session lasts
 * @param escrowTimeout    how long a buyer has to confirm (or dispute) after delivery before escrow is released to
 *                         the merchant; between 1 minute and 400 days, as the escrow contract requires
 * @param rates            shipping fees and tax by destination
 * @param defaultCurrency  the currency the storefront shows prices in by default
 * @param disputePanelSize how many arbiters are appointed to each dispute (1-15)
 * @param disputeThreshold the share of the panel whose votes for one outcome decide a dispute (C = V/N ≥ it)
 * @param returnWindow     how long after delivery (in ledger time) a buyer may ask to return goods
 * @param insights         merchant dashboards under differential privacy: the ε budget, its period, per-order caps
 * @param risk             fraud screening at payment: the hold threshold (default 0.8) and the generated scenario
 *                         the model is trained on at first start ({@link RiskPolicy#defaults()})
 */
public record CommerceConfig(DatabaseConfig database, Path dataDir, Duration sessionTtl, Duration escrowTimeout,
                             RateTable rates, String defaultCurrency, int disputePanelSize,
                             Threshold disputeThreshold, Duration returnWindow, InsightsPolicy insights,
                             RiskPolicy risk) {

    /** A fraction {@code numerator/denominator}, 1 ≤ numerator ≤ denominator ≤ 100. */
    public record Threshold(int numerator, int denominator) {
        public Threshold {
            if (denominator < 1 || denominator > 100 || numerator < 1 || numerator > denominator) {
                throw new IllegalArgumentException("a dispute threshold is num/den with 1 <= num <= den <= 100, got "
                        + numerator + "/" + denominator);
            }
        }

        @Override
        public String toString() {
            return numerator + "/" + denominator;
        }
    }

    public CommerceConfig {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(rates, "rates");
        Objects.requireNonNull(disputeThreshold, "disputeThreshold");
        Objects.requireNonNull(insights, "insights");
        Objects.requireNonNull(risk, "risk");
        if (sessionTtl == null || sessionTtl.isNegative() || sessionTtl.isZero()) {
            throw new IllegalArgumentException("sessionTtl must be positive");
        }
        if (escrowTimeout == null || escrowTimeout.compareTo(Duration.ofMinutes(1)) < 0
                || escrowTimeout.compareTo(Duration.ofDays(400)) > 0) {
            throw new IllegalArgumentException("escrowTimeout must be between 1 minute and 400 days");
        }
        if (disputePanelSize < 1 || disputePanelSize > 15) {
            throw new IllegalArgumentException("disputePanelSize must be 1-15, got " + disputePanelSize);
        }
        if (returnWindow == null || returnWindow.isNegative() || returnWindow.compareTo(Duration.ofDays(400)) > 0) {
            throw new IllegalArgumentException("returnWindow must be between 0 and 400 days");
        }
        Money.zero(defaultCurrency); // validates the code
    }

    /** As the canonical constructor, with the default insights policy. */
    public CommerceConfig(DatabaseConfig database, Path dataDir, Duration sessionTtl, Duration escrowTimeout,
                          RateTable rates, String defaultCurrency, int disputePanelSize, Threshold disputeThreshold,
                          Duration returnWindow) {
        this(database, dataDir, sessionTtl, escrowTimeout, rates, defaultCurrency, disputePanelSize, disputeThreshold,
                returnWindow, InsightsPolicy.defaults(), RiskPolicy.defaults());
    }

    /**
     * Embedded database in {@code dataDir}, 7-day sessions, 14-day escrow timeout, the default rates, CNY, dispute
     * panels of 3 arbiters deciding at 2/3, returns within 30 days of delivery, {@link InsightsPolicy#defaults()},
     * {@link RiskPolicy#defaults()}.
     */
    public static CommerceConfig defaults(Path dataDir) {
        return new CommerceConfig(DatabaseConfig.embedded(dataDir), dataDir, Duration.ofDays(7), Duration.ofDays(14),
                RateTable.defaults(), "CNY", 3, new Threshold(2, 3), Duration.ofDays(30));
    }

    public CommerceConfig withDatabase(DatabaseConfig d) {
        return new CommerceConfig(d, dataDir, sessionTtl, escrowTimeout, rates, defaultCurrency, disputePanelSize,
                disputeThreshold, returnWindow, insights, risk);
    }

    public CommerceConfig withSessionTtl(Duration ttl) {
        return new CommerceConfig(database, dataDir, ttl, escrowTimeout, rates, defaultCurrency, disputePanelSize,
                disputeThreshold, returnWindow, insights, risk);
    }

    public CommerceConfig withEscrowTimeout(Duration timeout) {
        return new CommerceConfig(database, dataDir, sessionTtl, timeout, rates, defaultCurrency, disputePanelSize,
                disputeThreshold, returnWindow, insights, risk);
    }

    public CommerceConfig withRates(RateTable r) {
        return new CommerceConfig(database, dataDir, sessionTtl, escrowTimeout, r, defaultCurrency, disputePanelSize,
                disputeThreshold, returnWindow, insights, risk);
    }

    /** Panels of {@code size} arbiters, deciding when C = V/N reaches {@code threshold}. */
    public CommerceConfig withDisputePanel(int size, Threshold threshold) {
        return new CommerceConfig(database, dataDir, sessionTtl, escrowTimeout, rates, defaultCurrency, size,
                threshold, returnWindow, insights, risk);
    }

    public CommerceConfig withReturnWindow(Duration window) {
        return new CommerceConfig(database, dataDir, sessionTtl, escrowTimeout, rates, defaultCurrency,
                disputePanelSize, disputeThreshold, window, insights, risk);
    }

    public CommerceConfig withInsights(InsightsPolicy policy) {
        return new CommerceConfig(database, dataDir, sessionTtl, escrowTimeout, rates, defaultCurrency,
                disputePanelSize, disputeThreshold, returnWindow, policy, risk);
    }

    /** Fraud screening with {@code policy} (the hold threshold, the training scenario). */
    public CommerceConfig withRisk(RiskPolicy policy) {
        return new CommerceConfig(database, dataDir, sessionTtl, escrowTimeout, rates, defaultCurrency,
                disputePanelSize, disputeThreshold, returnWindow, insights, policy);
    }
}
