package org.trustmall.privacy.dp;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A privacy-loss parameter ε (or an amount of it: spent, remaining), held as an exact non-negative rational
 * {@code numerator/denominator} in lowest terms. Budgets add and compare these exactly, so spending 0.1 ten times
 * spends exactly 1 — with doubles it would spend 0.9999999999999999 and leave a sliver that one more query fits in.
 * Immutable and thread-safe.
 */
public final class Epsilon implements Comparable<Epsilon> {
    public static final Epsilon ZERO = new Epsilon(BigInteger.ZERO, BigInteger.ONE);

    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,18})?");
    private static final Pattern FRACTION = Pattern.compile("[0-9]{1,60}/[0-9]{1,60}");
    private static final BigInteger FIVE = BigInteger.valueOf(5);

    private final BigInteger numerator;
    private final BigInteger denominator;

    private Epsilon(BigInteger numerator, BigInteger denominator) {
        this.numerator = numerator;
        this.denominator = denominator;
    }

    /** {@code numerator/denominator}, reduced; {@link IllegalArgumentException} if negative or the denominator is 0. */
    public static Epsilon of(BigInteger numerator, BigInteger denominator) {
        Objects.requireNonNull(numerator, "numerator");
        Objects.requireNonNull(denominator, "denominator");
        if (denominator.signum() <= 0) {
            throw new IllegalArgumentException("an epsilon's denominator must be positive, got " + denominator);
        }
        if (numerator.signum() < 0) {
            throw new IllegalArgumentException("an epsilon cannot be negative, got " + numerator + "/" + denominator);
        }
        BigInteger g = numerator.gcd(denominator);
        return g.equals(BigInteger.ONE) ? new Epsilon(numerator, denominator)
                : new Epsilon(numerator.divide(g), denominator.divide(g));
    }

    public static Epsilon of(long numerator, long denominator) {
        return of(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
    }

    /** The exact value of a non-negative decimal: {@code 0.1} is 1/10, not the double nearest to it. */
    public static Epsilon of(BigDecimal value) {
        Objects.requireNonNull(value, "value");
        if (value.signum() < 0) {
            throw new IllegalArgumentException("an epsilon cannot be negative, got " + value.toPlainString());
        }
        BigDecimal v = value.stripTrailingZeros();
        return v.scale() <= 0 ? of(v.toBigIntegerExact(), BigInteger.ONE)
                : of(v.unscaledValue(), BigInteger.TEN.pow(v.scale()));
    }

    /**
     * Parses a plain decimal ({@code 0.25}, at most 12 integer and 18 fraction digits) or a fraction ({@code 1/3}, at most 60 digits
     * each).
     * No signs, exponents or spaces: an ε arrives from a person or a configuration file and is either exactly what
     * they meant or refused.
     */
    public static Epsilon parse(String text) {
        if (text != null && DECIMAL.matcher(text).matches()) {
            return of(new BigDecimal(text));
        }
        if (text != null && FRACTION.matcher(text).matches()) {
            int slash = text.indexOf('/');
            return of(new BigInteger(text.substring(0, slash)), new BigInteger(text.substring(slash + 1)));
        }
        throw new IllegalArgumentException("an epsilon is a plain decimal such as 0.5 or a fraction such as 1/3");
    }

    public BigInteger numerator() {
        return numerator;
    }

    public BigInteger denominator() {
        return denominator;
    }

    public boolean isZero() {
        return numerator.signum() == 0;
    }

    public Epsilon plus(Epsilon other) {
        return of(numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
                denominator.multiply(other.denominator));
    }

    /** {@code this − other}; {@link IllegalArgumentException} if that would be negative. */
    public Epsilon minus(Epsilon other) {
        return of(numerator.multiply(other.denominator).subtract(other.numerator.multiply(denominator)),
                denominator.multiply(other.denominator));
    }

    /** {@code this / n}: an ε split evenly between {@code n} queries (a mean spends half on its sum, half on its count). */
    public Epsilon dividedBy(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("an epsilon is split into at least one part, got " + n);
        }
        return of(numerator, denominator.multiply(BigInteger.valueOf(n)));
    }

    /** Whether the value has a finite decimal expansion (its reduced denominator is 2^a·5^b). */
    public boolean isDecimal() {
        BigInteger d = denominator;
        while (!d.testBit(0)) {
            d = d.shiftRight(1);
        }
        while (d.mod(FIVE).signum() == 0) {
            d = d.divide(FIVE);
        }
        return d.equals(BigInteger.ONE);
    }

    /** The exact decimal; {@link ArithmeticException} if it has none (1/3): check {@link #isDecimal()} first. */
    public BigDecimal toBigDecimal() {
        BigDecimal v = new BigDecimal(numerator).divide(new BigDecimal(denominator)).stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }

    /** An approximation, only for showing or for statistics; never for budget arithmetic. */
    public double approximate() {
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), java.math.MathContext.DECIMAL64)
                .doubleValue();
    }

    @Override
    public int compareTo(Epsilon other) {
        return numerator.multiply(other.denominator).compareTo(other.numerator.multiply(denominator));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Epsilon e && numerator.equals(e.numerator) && denominator.equals(e.denominator);
    }

    @Override
    public int hashCode() {
        return 31 * numerator.hashCode() + denominator.hashCode();
    }

    /** The exact decimal when there is one ({@code 0.3}), else the fraction ({@code 1/3}); {@link #parse} reads both. */
    @Override
    public String toString() {
        return isDecimal() ? toBigDecimal().toPlainString() : numerator + "/" + denominator;
    }

    /** The fraction form, {@code numerator/denominator}, which every value has (for storage). */
    public String toFraction() {
        return numerator + "/" + denominator;
    }
}
