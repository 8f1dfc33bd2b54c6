package org.trustmall.commerce.money;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount of money in integer minor units (cents, fen) of an ISO 4217 currency; never floating point. Arithmetic
 * is exact and refuses to mix currencies or overflow.
 */
public record Money(long minor, String currency) implements Comparable<Money> {
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (!CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code like CNY or USD: " + currency);
        }
    }

    public static Money of(long minor, String currency) {
        return new Money(minor, currency);
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    public Money plus(Money other) {
        same(other);
        return new Money(Math.addExact(minor, other.minor), currency);
    }

    public Money minus(Money other) {
        same(other);
        return new Money(Math.subtractExact(minor, other.minor), currency);
    }

    public Money times(long quantity) {
        return new Money(Math.multiplyExact(minor, quantity), currency);
    }

    /**
     * This amount times {@code basisPoints}/10000, rounded half-up (half away from zero): e.g. a tax rate of 13% is
     * 1300 basis points.
     */
    public Money timesBasisPoints(long basisPoints) {
        long product = Math.multiplyExact(minor, basisPoints);
        long q = product / 10_000;
        long r = product % 10_000;
        if (Math.abs(r) * 2 >= 10_000) {
            q += Long.signum(product);
        }
        return new Money(q, currency);
    }

    public boolean isNegative() {
        return minor < 0;
    }

    private void same(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot mix " + currency + " and " + other.currency);
        }
    }

    @Override
    public int compareTo(Money o) {
        same(o);
        return Long.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return minor + " " + currency;
    }
}
