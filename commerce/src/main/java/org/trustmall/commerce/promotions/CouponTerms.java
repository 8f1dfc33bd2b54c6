package org.trustmall.commerce.promotions;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.trustmall.commerce.money.Money;

/**
 * What a coupon offers and when: {@code percentOff} % or {@code amountOff} off the issuing merchant's goods priced in
 * {@code currency}, once they come to {@code minimumSpend}, from {@code validFrom} (inclusive) until
 * {@code validUntil} (exclusive; null for no end). Pure: no limits or redemptions here, only the arithmetic and the
 * window.
 *
 * <p>A coupon has one currency even when it takes a percentage, because its minimum spend must be counted in one
 * currency; a merchant selling in two currencies issues a coupon per currency.
 *
 * @param percentOff 1-100 for {@link Kind#PERCENT}, else null
 * @param amountOff  positive, in {@code currency}, for {@link Kind#AMOUNT}, else null
 */
public record CouponTerms(Kind kind, Integer percentOff, Money amountOff, String currency, Money minimumSpend,
                          Instant validFrom, Instant validUntil) {

    /** How the discount is counted. */
    public enum Kind {
        PERCENT, AMOUNT;

        public String wire() {
            return this == PERCENT ? "percent" : "amount";
        }
    }

    /** Whether the coupon applies, and what it takes off if it does. */
    public sealed interface Outcome permits Discounted, Refused {
    }

    /** The coupon applies: {@code discount} comes off the eligible goods ({@code 0 <= discount <= eligible}). */
    public record Discounted(Money discount) implements Outcome {
    }

    /** The coupon does not apply, for a reason a buyer can read. */
    public record Refused(String reason) implements Outcome {
    }

    public CouponTerms {
        Objects.requireNonNull(kind, "kind");
        Money.zero(currency);
        Objects.requireNonNull(minimumSpend, "minimumSpend");
        Objects.requireNonNull(validFrom, "validFrom");
        if (kind == Kind.PERCENT && (percentOff == null || percentOff < 1 || percentOff > 100 || amountOff != null)) {
            throw new IllegalArgumentException("a percent coupon takes 1-100 percent off and no amount");
        }
        if (kind == Kind.AMOUNT && (amountOff == null || amountOff.minor() < 1 || percentOff != null
                || !amountOff.currency().equals(currency))) {
            throw new IllegalArgumentException("an amount coupon takes a positive amount in " + currency + " off");
        }
        if (minimumSpend.isNegative() || !minimumSpend.currency().equals(currency)) {
            throw new IllegalArgumentException("the minimum spend must be 0 or more " + currency);
        }
        if (validUntil != null && !validUntil.isAfter(validFrom)) {
            throw new IllegalArgumentException("a coupon must end after it starts");
        }
    }

    /**
     * What comes off {@code eligible} goods (in this coupon's currency): a percentage rounded half-up to the minor
     * unit, as tax is, or the fixed amount — never more than the goods cost and never negative.
     */
    public Money discountOn(Money eligible) {
        if (!eligible.currency().equals(currency) || eligible.isNegative()) {
            throw new IllegalArgumentException("eligible goods must be 0 or more " + currency + ", not " + eligible);
        }
        Money off = kind == Kind.PERCENT ? eligible.timesBasisPoints(percentOff * 100L) : amountOff;
        return off.compareTo(eligible) > 0 ? eligible : off;
    }

    /** Why the coupon cannot be used at {@code now}, if {@code now} is outside its window. */
    public Optional<String> closedAt(String code, Instant now) {
        if (now.isBefore(validFrom)) {
            return Optional.of("coupon " + code + " is valid from " + validFrom);
        }
        if (validUntil != null && !now.isBefore(validUntil)) {
            return Optional.of("coupon " + code + " expired at " + validUntil);
        }
        return Optional.empty();
    }

    /** Whether the coupon applies at {@code now} to {@code eligible} goods (already of its merchant and currency). */
    public Outcome apply(String code, Instant now, Money eligible) {
        Optional<String> closed = closedAt(code, now);
        if (closed.isPresent()) {
            return new Refused(closed.get());
        }
        if (eligible.compareTo(minimumSpend) < 0) {
            return new Refused("coupon " + code + " needs a spend of at least " + minimumSpend
                    + " (minor units) on the merchant's goods; the cart has " + eligible);
        }
        return new Discounted(discountOn(eligible));
    }
}
