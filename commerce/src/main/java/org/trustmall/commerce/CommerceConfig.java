package org.trustmall.commerce;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.orders.RateTable;

/**
 * How commerce runs. Everything comes in from the caller (the app reads flags and environment, not this module).
 *
 * @param dataDir         holds the search index ({@code search/}), the embedded database ({@code db/}) and
 *                        commerce's secrets ({@code keys/commerce/})
 * @param sessionTtl      how long a login session lasts
 * @param escrowTimeout   how long a buyer has to confirm (or dispute) after delivery before escrow is released to
 *                        the merchant; between 1 minute and 400 days, as the escrow contract requires
 * @param rates           shipping fees and tax by destination
 * @param defaultCurrency the currency the storefront shows prices in by default
 */
public record CommerceConfig(DatabaseConfig database, Path dataDir, Duration sessionTtl, Duration escrowTimeout,
                             RateTable rates, String defaultCurrency) {
    public CommerceConfig {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(rates, "rates");
        if (sessionTtl == null || sessionTtl.isNegative() || sessionTtl.isZero()) {
            throw new IllegalArgumentException("sessionTtl must be positive");
        }
        if (escrowTimeout == null || escrowTimeout.compareTo(Duration.ofMinutes(1)) < 0
                || escrowTimeout.compareTo(Duration.ofDays(400)) > 0) {
            throw new IllegalArgumentException("escrowTimeout must be between 1 minute and 400 days");
        }
        Money.zero(defaultCurrency); // validates the code
    }

    /** Embedded database in {@code dataDir}, 7-day sessions, 14-day escrow timeout, the default rates, CNY. */
    public static CommerceConfig defaults(Path dataDir) {
        return new CommerceConfig(DatabaseConfig.embedded(dataDir), dataDir, Duration.ofDays(7), Duration.ofDays(14),
                RateTable.defaults(), "CNY");
    }

    public CommerceConfig withDatabase(DatabaseConfig d) {
        return new CommerceConfig(d, dataDir, sessionTtl, escrowTimeout, rates, defaultCurrency);
    }

    public CommerceConfig withSessionTtl(Duration ttl) {
        return new CommerceConfig(database, dataDir, ttl, escrowTimeout, rates, defaultCurrency);
    }

    public CommerceConfig withEscrowTimeout(Duration timeout) {
        return new CommerceConfig(database, dataDir, sessionTtl, timeout, rates, defaultCurrency);
    }

    public CommerceConfig withRates(RateTable r) {
        return new CommerceConfig(database, dataDir, sessionTtl, escrowTimeout, r, defaultCurrency);
    }
}
